import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured logs. Payloads are never logged: a `set_code` carries a sealed PIN and a reject is
 * described by its coded reason, topic and device only. The redact list is a second line of defence.
 */
export function createLogger(level: string, name = 'gateway'): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: [
        'payload',
        '*.payload',
        'pin',
        '*.pin',
        '*.*.pin',
        'password',
        '*.password',
        'secret',
        '*.secret',
      ],
      censor: '[redacted]',
    },
  });
}
