import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

describe('the API logger', () => {
  it('redacts access codes and credentials wherever a log object carries them', () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    logger.info(
      { code: '86420975', body: { code: '86420975', label: 'ok' }, req: { body: { code: '86420975' } } },
      'x',
    );
    logger.info({ input: { password: 'hunter2', token: 'lss_secret' } }, 'y');
    const text = lines.join('');
    expect(text).toContain('"label":"ok"');
    expect(text).toContain('[redacted]');
    for (const secret of ['86420975', 'hunter2', 'lss_secret']) expect(text).not.toContain(secret);
  });
});
