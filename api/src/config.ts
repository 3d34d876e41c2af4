/**
 * All configuration comes from environment variables, validated once at start-up. A bad value
 * stops the process with a message naming the variable, so a typo never becomes a silent default.
 * Every variable is listed in the README's configuration table.
 */

import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { normalisePhone } from '@cmss/shared';
import { dataProtectionConfig } from './data-protection/config.js';
import { providersConfig } from './providers/config.js';

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

/** TLS_CERT_PATH + TLS_KEY_PATH: PEM files; when both are set the API serves HTTPS (see tls.ts). */
export function tlsFiles(env: Env): { certPath: string; keyPath: string } | null {
  const certPath = read(env, 'TLS_CERT_PATH');
  const keyPath = read(env, 'TLS_KEY_PATH');
  if (!certPath && !keyPath) return null;
  if (!certPath || !keyPath) {
    throw new ConfigError(
      certPath ? 'TLS_KEY_PATH' : 'TLS_CERT_PATH',
      'TLS_CERT_PATH and TLS_KEY_PATH must be set together',
    );
  }
  for (const [name, path] of [
    ['TLS_CERT_PATH', certPath],
    ['TLS_KEY_PATH', keyPath],
  ] as const) {
    if (!existsSync(path)) throw new ConfigError(name, `no such file: ${path}`);
  }
  return { certPath, keyPath };
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
    /** HTTPS for sideloading the add-in (Office requires it): PEM certificate and key; both or neither. */
    tls: tlsFiles(env),
    /** Largest spreadsheet accepted by POST /api/v1/imports, in bytes (streamed, never held whole). */
    importMaxBytes: int(env, 'IMPORT_MAX_BYTES', 52_428_800, 1024, 1_073_741_824),
    /** Worker threads classifying the rows of large import files (0: on the main thread). */
    importWorkers: int(env, 'IMPORT_WORKERS', availableParallelism(), 0, 64),
    /**
     * A download (directory or audit export) whose client takes nothing for this long is ended: it reads
     * one snapshot of the database, which it would otherwise hold for as long as the connection lasts.
     */
    exportStallSeconds: int(env, 'EXPORT_STALL_SECONDS', 60, 1, 3600),
    /** Directory search result pages kept per process, valid until the directory changes (0: no cache). */
    searchCacheEntries: int(env, 'SEARCH_CACHE_ENTRIES', 1000, 0, 100_000),
    /** Sign-in and hardening (#7): Entra ID, CORS, rate limits, local sign-in. See identityConfig. */
    identity: identityConfig(env),
    /** Replays of a POST with the same Idempotency-Key answer the stored response for this long. */
    idempotencyRetentionHours: int(env, 'IDEMPOTENCY_RETENTION_HOURS', 24, 1, 24 * 30),
    /** Booking engine (#4): providers, host buffer, saga worker, invitations, working hours. */
    booking: bookingConfig(env),
    /** Real providers (#5): Webex and Microsoft Graph credentials, timeouts. See providers/config.ts. */
    providers: providersConfig(env),
    /** Data protection (#8): retention, pseudonymisation key, controller contacts. */
    dataProtection: dataProtectionConfig(env),
  };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A comma- or space-separated list; empty when unset. */
export function list(env: Env, name: string): string[] {
  return (read(env, name) ?? '').split(/[\s,]+/).filter(Boolean);
}

function guid(env: Env, name: string): string | undefined {
  const raw = read(env, name);
  if (raw !== undefined && !GUID.test(raw)) throw new ConfigError(name, `must be a GUID, got "${raw}"`);
  return raw?.toLowerCase();
}

function trustProxy(env: Env): boolean | string[] | ((address: string, hop: number) => boolean) {
  const raw = read(env, 'TRUST_PROXY');
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) {
    const hops = int(env, 'TRUST_PROXY', 0, 0, 10);
    return (_address, hop) => hop < hops;
  }
  const entries = list(env, 'TRUST_PROXY');
  for (const entry of entries) {
    if (
      !/^[0-9a-f.:]+(\/\d{1,3})?$/i.test(entry) &&
      !['loopback', 'linklocal', 'uniquelocal'].includes(entry)
    ) {
      throw new ConfigError(
        'TRUST_PROXY',
        `must be true, a hop count or proxy addresses/CIDRs, got "${entry}"`,
      );
    }
  }
  return entries;
}

/**
 * Identity and hardening. Entra ID is configured by ENTRA_TENANT_ID + ENTRA_CLIENT_ID together; without
 * it the API offers the local demo sign-in, and only on a loopback HOST (see identity/binding.ts).
 */
function identityConfig(env: Env) {
  const tenantId = guid(env, 'ENTRA_TENANT_ID');
  const clientId = guid(env, 'ENTRA_CLIENT_ID');
  if (Boolean(tenantId) !== Boolean(clientId)) {
    throw new ConfigError(
      tenantId ? 'ENTRA_CLIENT_ID' : 'ENTRA_TENANT_ID',
      'ENTRA_TENANT_ID and ENTRA_CLIENT_ID must be set together',
    );
  }
  const adminKey = read(env, 'ADMIN_API_KEY');
  if (adminKey !== undefined && (adminKey.length < 24 || /\s/.test(adminKey))) {
    throw new ConfigError(
      'ADMIN_API_KEY',
      'must be at least 24 characters without spaces, e.g. the output of `openssl rand -base64 32`',
    );
  }
  const authority = url(env, 'ENTRA_AUTHORITY', 'https://login.microsoftonline.com');
  const allowedTenants = list(env, 'ENTRA_ALLOWED_TENANTS').map((t) => {
    if (!GUID.test(t)) throw new ConfigError('ENTRA_ALLOWED_TENANTS', `must list tenant GUIDs, got "${t}"`);
    return t.toLowerCase();
  });
  const corsOrigins = list(env, 'CORS_ORIGINS').map((o) => {
    try {
      const origin = new URL(o).origin;
      if (origin === 'null') throw new Error();
      return origin;
    } catch {
      throw new ConfigError('CORS_ORIGINS', `must list origins like https://addin.example.org, got "${o}"`);
    }
  });
  return {
    entra:
      tenantId && clientId
        ? {
            tenantId,
            clientId,
            /** Accepted `aud` values: the Application ID URI and the client id (Entra uses either). */
            audiences: list(env, 'ENTRA_AUDIENCE').length
              ? list(env, 'ENTRA_AUDIENCE')
              : [`api://${clientId}`, clientId],
            /** Tenants whose users may call the API (`tid` claim); the home tenant by default. */
            allowedTenants: allowedTenants.length ? allowedTenants : [tenantId],
            authority,
            jwksUri: url(env, 'ENTRA_JWKS_URI', `${authority}/${tenantId}/discovery/v2.0/keys`),
          }
        : null,
    corsOrigins,
    /** Requests per window per signed-in principal (or per IP when anonymous). */
    rateLimitMax: int(env, 'RATE_LIMIT_MAX', 300, 1, 1_000_000),
    /** Stricter limit for sign-in, API-key management and failed authentication, per window. */
    rateLimitAuthMax: int(env, 'RATE_LIMIT_AUTH_MAX', 20, 1, 1_000_000),
    rateLimitWindowSeconds: int(env, 'RATE_LIMIT_WINDOW_SECONDS', 60, 1, 86_400),
    /** Lifetime of tokens issued by the local (loopback, demo) sign-in. */
    localTokenTtlMinutes: int(env, 'LOCAL_TOKEN_TTL_MINUTES', 60, 1, 1440),
    /**
     * Behind a reverse proxy: which X-Forwarded-For hops to believe, so that per-IP limits and audit rows
     * see the client's address. Unset: none (direct exposure). A hop count, proxy addresses/CIDRs, or true.
     */
    trustProxy: trustProxy(env),
  };
}

export type Config = ReturnType<typeof loadConfig>;

/** "08:00-18:00" → minutes after local midnight. */
function workingHours(env: Env, name: string, fallback: string): { startMinute: number; endMinute: number } {
  const raw = read(env, name) ?? fallback;
  const m = /^([01]\d|2[0-3]):([0-5]\d)\s*-\s*([01]\d|2[0-4]):([0-5]\d)$/.exec(raw);
  const startMinute = m ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN;
  const endMinute = m ? Number(m[3]) * 60 + Number(m[4]) : Number.NaN;
  if (!m || endMinute > 1440 || startMinute >= endMinute) {
    throw new ConfigError(name, `must look like 08:00-18:00 (start before end), got "${raw}"`);
  }
  return { startMinute, endMinute };
}

/** "1-5" or "1,2,3,4,5": ISO weekdays, Monday = 1 … Sunday = 7. */
function weekdays(env: Env, name: string, fallback: string): number[] {
  const raw = read(env, name) ?? fallback;
  const days = new Set<number>();
  for (const part of raw.split(',').map((p) => p.trim())) {
    const m = /^([1-7])(?:-([1-7]))?$/.exec(part);
    if (!m || (m[2] && Number(m[2]) < Number(m[1]))) {
      throw new ConfigError(name, `must list ISO weekdays (1 = Monday … 7 = Sunday) like 1-5, got "${raw}"`);
    }
    for (let d = Number(m[1]); d <= Number(m[2] ?? m[1]); d++) days.add(d);
  }
  return [...days].sort();
}

function smtpUrl(env: Env, name: string): string | undefined {
  const raw = read(env, name);
  if (raw === undefined) return undefined;
  let protocol = '';
  try {
    protocol = new URL(raw).protocol;
  } catch {}
  if (protocol !== 'smtp:' && protocol !== 'smtps:') {
    throw new ConfigError(
      name,
      'must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example.org:587',
    );
  }
  return raw;
}

/**
 * Telephone numbers of a bridge that serves the local meetings (`label=number; label=number`), e.g. a
 * PBX conference room where callers enter the meeting number. Numbers are normalised to E.164 and
 * must be international (+ or 00): invitations go abroad.
 */
function dialInNumbers(env: Env, name: string): { label: string; number: string }[] {
  const raw = read(env, name);
  if (raw === undefined) return [];
  return raw
    .split(';')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [label, number, ...rest] = entry.split('=').map((part) => part.trim());
      const phone = number && !rest.length && /^(\+|00)/.test(number) ? normalisePhone(number) : null;
      if (!label || !phone?.ok) {
        // Say why the number was refused (an extension, an impossible number), not only the format.
        const why = phone && !phone.ok ? ` (${phone.reason})` : '';
        throw new ConfigError(name, `must look like "Belgium toll=+32 2 894 88 88; …", got "${entry}"${why}`);
      }
      return { label, number: phone.e164 };
    });
}

/** The booking engine (#4). Every variable is listed in the README. */
function bookingConfig(env: Env) {
  return {
    /** Which provider creates meetings: the embedded `local` one or Webex. */
    meetingProvider: oneOf(env, 'MEETING_PROVIDER', ['local', 'webex'], 'local'),
    /** Which provider sends invitations: `ics` e-mails or Microsoft Graph events in the helpdesk mailbox. */
    calendarProvider: oneOf(env, 'CALENDAR_PROVIDER', ['ics', 'graph'], 'ics'),
    /** A host account is held this long before and after every meeting (set-up, overruns). */
    bufferMinutes: int(env, 'BOOKING_BUFFER_MINUTES', 15, 0, 240),
    /** Runs the saga worker (resumes unfinished bookings at start-up and retries failed steps). */
    workerEnabled: bool(env, 'BOOKING_WORKER', true),
    workerIntervalMs: int(env, 'BOOKING_WORKER_INTERVAL_SECONDS', 5, 1, 3600) * 1000,
    /** How long one process owns a booking it is working on; after a crash another may take over then. */
    leaseMs: int(env, 'BOOKING_LEASE_SECONDS', 120, 1, 3600) * 1000,
    /** Retryable provider failures are retried this often (with back-off) before the booking is undone. */
    maxAttempts: int(env, 'BOOKING_MAX_ATTEMPTS', 8, 1, 100),
    /** ICS invitations are written here as .eml files (and sent over SMTP when SMTP_URL is set). */
    outboxDir: str(env, 'OUTBOX_DIR', './data/outbox'),
    smtpUrl: smtpUrl(env, 'SMTP_URL'),
    /** Display name of the helpdesk mailbox in invitations. */
    helpdeskName: str(env, 'HELPDESK_NAME', 'CMSS Helpdesk'),
    /** Keys the local provider's join links so they cannot be guessed from the booking number. */
    localMeetingSecret: str(env, 'LOCAL_MEETING_SECRET', 'cmss-local-meetings'),
    /** Dial-in numbers printed in local meetings' invitations (none: the invitation says so). */
    localDialIn: dialInNumbers(env, 'LOCAL_DIAL_IN'),
    /** Local working hours of every invitee, in their country's time zone (slot suggestions). */
    workingHours: workingHours(env, 'WORKING_HOURS', '08:00-18:00'),
    workingDays: weekdays(env, 'WORKING_DAYS', '1-5'),
  };
}
