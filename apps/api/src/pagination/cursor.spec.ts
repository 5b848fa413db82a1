import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, toPage } from './cursor.js';

describe('cursors', () => {
  it('round-trips and rejects what it did not issue', () => {
    expect(decodeCursor(encodeCursor({ id: 'a', at: '2026-01-01T00:00:00.000Z' }))).toEqual({
      id: 'a',
      at: '2026-01-01T00:00:00.000Z',
    });
    expect(decodeCursor(undefined)).toBeUndefined();
    for (const bad of [
      '%%%',
      Buffer.from('{"id":1}').toString('base64url'),
      Buffer.from('[]').toString('base64url'),
    ]) {
      expect(() => decodeCursor(bad)).toThrow();
    }
  });

  it('uses the extra row only to say whether there is a next page', () => {
    const rows = [{ id: '1' }, { id: '2' }, { id: '3' }];
    const page = toPage(rows, 2, (r) => r.id);
    expect(page.items).toEqual(['1', '2']);
    expect(decodeCursor(page.nextCursor ?? undefined)).toEqual({ id: '2' });
    expect(toPage(rows.slice(0, 2), 2, (r) => r.id).nextCursor).toBeNull();
  });
});
