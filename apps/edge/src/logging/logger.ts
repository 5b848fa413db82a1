import { pino, type Logger } from 'pino';

export type TLogger = Logger;

/**
 * Structured logs to stderr (stdout carries the CLI's own output: summaries, registration JSON). Codes,
 * PINs, passwords and keys are redacted wherever they might appear; the firmware never passes them in
 * the first place.
 */
export function createLogger(level: string, name = 'lockstep-edge'): TLogger {
  return pino(
    {
      name,
      level,
      redact: {
        paths: [
          'pin',
          '*.pin',
          'code',
          '*.code',
          'password',
          '*.password',
          'privateKey',
          '*.privateKey',
          'fingerprintKey',
          '*.fingerprintKey',
        ],
        censor: '[redacted]',
      },
    },
    pino.destination(2),
  );
}

export function silentLogger(): TLogger {
  return pino({ level: 'silent' });
}
