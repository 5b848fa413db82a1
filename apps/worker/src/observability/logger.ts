import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured logs. The worker handles codes in clear only inside a reconciliation (to fingerprint and
 * seal them to a lock) and never logs them: log lines carry ids, slots and coded reasons. The redact
 * list is a second line of defence.
 */
export function createLogger(level: string, name = 'worker'): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: [
        'code',
        '*.code',
        'pin',
        '*.pin',
        '*.*.pin',
        'payload',
        '*.payload',
        'codeSealed',
        '*.codeSealed',
        'deviceKey',
        '*.deviceKey',
        'password',
        '*.password',
      ],
      censor: '[redacted]',
    },
  });
}
