import { z } from 'zod';

/** Thrown when the environment holds a missing or malformed setting; the message names each one. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly variables: readonly string[];

  constructor(issues: readonly { variable: string; problem: string }[]) {
    super(
      `Invalid configuration: ` +
        `${issues.map((issue) => `${issue.variable} ${issue.problem}`).join('; ')}`,
    );
    this.variables = issues.map((issue) => issue.variable);
  }
}

/** The variables of the process environment, as read by every config parser. */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Parses `env` with `schema`, turning every zod issue into one line that names the variable.
 * Empty strings count as unset, as they do in most `.env` files.
 */
export function parseEnv<T extends z.ZodType>(schema: T, env: Env): z.infer<T> {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = schema.safeParse(cleaned);
  if (result.success) {
    return result.data;
  }
  throw new ConfigError(
    result.error.issues.map((issue) => ({
      variable: issue.path.join('.') || '(environment)',
      problem: issue.message,
    })),
  );
}

/** A positive integer read from a string, with a default. */
export function intVar(defaultValue: number, min = 1) {
  return z.coerce.number().int().min(min).default(defaultValue);
}

/** Loads `.env` once, if present, without overriding variables already set. */
export async function loadDotEnv(): Promise<void> {
  const { config } = await import('dotenv');
  config({ quiet: true });
}
