import { describe, expect, it } from 'vitest';
import {
  buttonOfDigit,
  buttonSequence,
  checkAgainst,
  codeSpaceSize,
  findConflict,
  generateCode,
  KEYPAD_BUTTONS,
  pairMate,
  validateCode,
  weakPattern,
} from './keypad.js';
import { ProtocolError } from './protocol-error.js';
import { type TRandomSource } from './random-source.js';

/** Deterministic stand-in for a CSPRNG: xorshift32, for reproducible tests only. */
function seededRandom(seed: number): TRandomSource {
  let state = seed >>> 0 || 1;
  return (target) => {
    for (let i = 0; i < target.length; i++) {
      state ^= state << 13;
      state >>>= 0;
      state ^= state >>> 17;
      state ^= state << 5;
      state >>>= 0;
      target[i] = state & 0xff;
    }
    return target;
  };
}

/** All 4-button sequences as codes (first digit of each button), weak ones excluded. */
function allStrongFourButtonCodes(except?: string): string[] {
  const codes: string[] = [];
  for (let index = 0; index < 625; index++) {
    const buttons = [...index.toString(5).padStart(4, '0')].map((d) => String(Number(d) + 1)).join('');
    if (buttons === except || weakPattern(buttons) !== null) continue;
    codes.push([...buttons].map((b) => KEYPAD_BUTTONS[Number(b) - 1]?.[0] ?? '').join(''));
  }
  return codes;
}

describe('buttonSequence', () => {
  it('maps digits to their button', () => {
    expect(buttonSequence('1357')).toBe('1234');
    expect(buttonSequence('2468')).toBe('1234');
    expect(buttonSequence('90')).toBe('55');
    expect(buttonSequence('0123456789')).toBe('5112233445');
    expect(buttonSequence('')).toBe('');
  });

  it('throws a coded error on non-digits', () => {
    for (const bad of ['12a4', '١٢٣٤', ' 1234', '12.3', '-123']) {
      expect(() => buttonSequence(bad)).toThrow(ProtocolError);
    }
  });

  it('pairs digits on the same button', () => {
    expect(['1', '3', '5', '7', '9'].map(pairMate)).toEqual(['2', '4', '6', '8', '0']);
    expect(['2', '4', '6', '8', '0'].map(pairMate)).toEqual(['1', '3', '5', '7', '9']);
    expect(buttonOfDigit('0')).toBe(5);
    expect(() => buttonOfDigit('12')).toThrow(ProtocolError);
  });
});

describe('findConflict', () => {
  it('finds equal button sequences', () => {
    expect(findConflict('1357', '2468')).toBe('equal');
    expect(findConflict('1357', '1357')).toBe('equal');
  });
  it('finds prefixes in both directions', () => {
    expect(findConflict('1357', '135799')).toBe('prefix');
    expect(findConflict('246800', '1357')).toBe('prefix');
  });
  it('finds nothing when sequences diverge', () => {
    expect(findConflict('1357', '1359')).toBeNull();
    expect(findConflict('13579', '13577')).toBeNull();
  });
});

describe('weak codes', () => {
  it.each([
    ['1111', 'weak_single_button'],
    ['1212', 'weak_single_button'],
    ['90900909', 'weak_single_button'],
    ['1357', 'weak_straight_run'],
    ['2468', 'weak_straight_run'],
    ['3579', 'weak_straight_run'],
    ['13579', 'weak_straight_run'],
    ['0864', 'weak_straight_run'],
    ['97531', 'weak_straight_run'],
    ['1234', null],
    ['9135', null], // 5123: wraps from 5 to 1, not a straight run
    ['135797', null],
    ['2580', null],
  ])('%s → %s', (code, expected) => {
    expect(weakPattern(buttonSequence(code))).toBe(expected);
  });
});

describe('validateCode', () => {
  it.each([
    ['12a4', 'not_digits'],
    ['', 'not_digits'],
    ['123', 'too_short'],
    ['123456789', 'too_long'],
    ['7777', 'weak_single_button'],
    ['1357', 'weak_straight_run'],
  ])('rejects %j with %s', (code, reason) => {
    const result = validateCode(code);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toBe(reason);
  });
  it('accepts a good code and returns its buttons', () => {
    expect(validateCode('1234')).toEqual({ ok: true, buttons: '1122' });
    expect(validateCode('12345678')).toEqual({ ok: true, buttons: '11223344' });
  });
  it('honours other length rules', () => {
    expect(validateCode('123456', { minLength: 6, maxLength: 10 }).ok).toBe(true);
    expect(validateCode('12345', { minLength: 6, maxLength: 10 }).ok).toBe(false);
  });
});

describe('checkAgainst', () => {
  it('accepts a candidate that conflicts with nothing', () => {
    expect(checkAgainst('1234', ['5678', '9012'])).toEqual({ ok: true, buttons: '1122' });
  });
  it('names the conflicting codes, as given', () => {
    const codes = [
      { id: 'a', code: '2143' },
      { id: 'b', code: '123456' },
      { id: 'c', code: '9999999' },
    ];
    const result = checkAgainst('1234', codes);
    expect(result).toMatchObject({ ok: false, reason: 'conflict_equal' });
    if (!result.ok) {
      expect(result.conflicts).toEqual([
        { existing: codes[0], conflict: 'equal' },
        { existing: codes[1], conflict: 'prefix' },
      ]);
    }
    const prefixOnly = checkAgainst('123456', ['1234']);
    expect(prefixOnly).toMatchObject({ ok: false, reason: 'conflict_prefix' });
  });
  it('reports a code rule before conflicts', () => {
    expect(checkAgainst('1111', ['1111'])).toMatchObject({
      ok: false,
      reason: 'weak_single_button',
      conflicts: [],
    });
  });
});

describe('codeSpaceSize', () => {
  it('is 5^n', () => {
    expect(codeSpaceSize(4)).toBe(625);
    expect(codeSpaceSize(8)).toBe(390_625);
    expect(() => codeSpaceSize(-1)).toThrow(RangeError);
  });
});

describe('generateCode', () => {
  it('generates valid, conflict-free codes of the requested length', () => {
    const random = seededRandom(42);
    const existing = ['1234', '567890'];
    for (let i = 0; i < 200; i++) {
      const code = generateCode(6, existing, random);
      expect(code).toMatch(/^[0-9]{6}$/);
      expect(checkAgainst(code, existing).ok).toBe(true);
    }
  });

  it('uses globalThis.crypto by default', () => {
    expect(validateCode(generateCode(4)).ok).toBe(true);
  });

  it('finds the last free code in a crowded space', () => {
    const free = '5321';
    const existing = allStrongFourButtonCodes(free);
    expect(existing).toHaveLength(615);
    const code = generateCode(4, existing, seededRandom(7));
    expect(buttonSequence(code)).toBe(free);
  });

  it('fails clearly when the space is exhausted', () => {
    // All 616 strong 4-button sequences taken.
    const existing = allStrongFourButtonCodes();
    expect(() => generateCode(4, existing, seededRandom(1))).toThrow(
      expect.objectContaining({ code: 'code_space_exhausted' }),
    );
    // Existing codes are not re-validated (local programming may have set weak ones): with all 625
    // 4-button sequences present, every longer code starts with one of them.
    const everyFourButtonCode = [
      ...existing,
      '1111',
      '3333',
      '5555',
      '7777',
      '9999',
      '1357',
      '3579',
      '7531',
      '9753',
    ];
    expect(() => generateCode(8, everyFourButtonCode, seededRandom(1))).toThrow(
      expect.objectContaining({ code: 'code_space_exhausted' }),
    );
  });

  it('refuses lengths outside the rules', () => {
    expect(() => generateCode(3, [])).toThrow(expect.objectContaining({ code: 'invalid_code' }));
    expect(() => generateCode(9, [])).toThrow(expect.objectContaining({ code: 'invalid_code' }));
  });
});
