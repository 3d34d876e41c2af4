/**
 * All configuration comes from environment variables, validated once at start-up. A bad value
 * stops the process with a message naming the variable, so a typo never becomes a silent default.
 * Every variable is listed in the README's configuration table.
 */

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

type Env = Record<string, string | undefined>;

const read = (env: Env, name: string): string | undefined => {
  const value = env[name]?.trim();
  return value === '' ? undefined : value;
};

export function str(env: Env, name: string, fallback: string): string;
export function str(env: Env, name: string): string | undefined;
export function str(env: Env, name: string, fallback?: string): string | undefined {
  return read(env, name) ?? fallback;
}

export function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  if (!/^-?\d+$/.test(raw)) throw new ConfigError(name, `must be an integer, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max)
    throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

export function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = read(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

export function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

export function url(env: Env, name: string, fallback: string): string;
export function url(env: Env, name: string): string | undefined;
export function url(env: Env, name: string, fallback?: string): string | undefined {
  const raw = read(env, name) ?? fallback;
  if (raw === undefined) return undefined;
  try {
    return new URL(raw).toString().replace(/\/$/, '');
  } catch {
    throw new ConfigError(name, `must be an absolute URL, got "${raw}"`);
  }
}

export function email(env: Env, name: string, fallback: string): string {
  const raw = read(env, name) ?? fallback;
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(raw))
    throw new ConfigError(name, `must be an e-mail address, got "${raw}"`);
  return raw;
}

export function loadConfig(env: Env = process.env) {
  const port = int(env, 'PORT', 3000, 0, 65535);
  return {
    host: str(env, 'HOST', '127.0.0.1'),
    port,
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    databasePath: str(env, 'DATABASE_PATH', './data/cmss.db'),
    /** Seed the fictional demo directory when the database has no hospitals yet. */
    seedDemo: bool(env, 'SEED_DEMO', true),
    /** Where users reach this API: join links, the add-in manifest and e-mails point here. */
    publicUrl: url(env, 'PUBLIC_URL', `http://localhost:${port}`),
    /** The functional mailbox that organises every meeting and sends the invitations. */
    helpdeskMailbox: email(env, 'HELPDESK_MAILBOX', 'helpdesk@cmss.example'),
    /** Creates (or keeps) an admin API key with this value at start-up: bootstrapping and scripts. */
    adminApiKey: str(env, 'ADMIN_API_KEY'),
    /** Largest accepted request body in bytes (spreadsheet imports use their own limit). */
    bodyLimit: int(env, 'BODY_LIMIT', 1_048_576, 1024, 104_857_600),
  };
}

export type Config = ReturnType<typeof loadConfig>;
