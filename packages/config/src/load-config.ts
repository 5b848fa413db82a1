import { type z } from 'zod';

/** Thrown when the environment does not satisfy an app's configuration schema. */
export class ConfigError extends Error {
  constructor(
    readonly app: string,
    readonly issues: readonly { variable: string; message: string }[],
  ) {
    super(`${app}: invalid configuration — ${issues.map((i) => `${i.variable}: ${i.message}`).join('; ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/**
 * Parses `env` with an app's schema into a frozen, typed object. A missing or bad variable stops
 * start-up with the variable's name in the message (STYLE.md §8).
 */
export function loadConfig<S extends z.ZodType>(
  app: string,
  schema: S,
  env: Env = process.env,
): Readonly<z.output<S>> {
  // Empty strings count as unset, so `FOO=` in a compose file does not defeat a default.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(
      app,
      result.error.issues.map((issue) => ({
        variable: issue.path.map(String).join('.') || '(root)',
        message: issue.message,
      })),
    );
  }
  return Object.freeze(result.data);
}

/**
 * The variables an app's schema cannot do without (no default, not optional). The compose-file test
 * checks that docker-compose.yml provides each of them.
 */
export function requiredVariables(schema: z.ZodObject): string[] {
  return Object.entries(schema.shape)
    .filter(([, field]) => !(field as z.ZodType).safeParse(undefined).success)
    .map(([name]) => name);
}
