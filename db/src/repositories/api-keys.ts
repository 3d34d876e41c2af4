import { createHash, randomBytes } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import type { Db } from '../client.js';
import { apiKeys } from '../schema/index.js';
import { nowIso } from '../time.js';
import { rawSqlite } from './raw-sqlite.js';

export type KeyRole = 'admin' | 'helpdesk' | 'clinician';

/** Keys are 256 random bits, so a fast unsalted hash is enough: there is nothing to brute-force. */
export const hashApiKey = (key: string): string => createHash('sha256').update(key).digest('hex');

export const generateApiKey = (): string => `cmss_${randomBytes(32).toString('base64url')}`;

export interface NewApiKey {
  name: string;
  role: KeyRole;
  clinicianId?: number | null;
  createdBy: string;
  expiresAt?: string | null;
}

/** What a request needs to know about the key it was signed with. */
export interface UsableKey {
  id: number;
  name: string;
  role: KeyRole;
  clinicianId: number | null;
}

/**
 * How long a key found usable is trusted without reading it again. Authentication runs on every
 * request, and reading the key (hash, clock, query) was a quarter of a cached search's server time.
 * A revocation through this process clears the cache at once; one made by another process on the same
 * database takes effect within this time.
 */
const USABLE_KEY_TTL_MS = 5_000;
/** Beyond this many cached keys the cache starts again (only valid keys enter it). */
const USABLE_KEY_CACHE_SIZE = 10_000;

interface CachedKey {
  key: UsableKey;
  /** Until when (epoch ms) the entry may be used: the TTL or the key's own expiry, whichever is first. */
  until: number;
}

/** One cache per connection, shared by every repository on it: a revocation through any is seen by all. */
const usableKeyCaches = new WeakMap<object, Map<string, CachedKey>>();

function usableKeyCache(db: Db): Map<string, CachedKey> {
  const connection = rawSqlite(db);
  let cache = usableKeyCaches.get(connection);
  if (!cache) {
    cache = new Map();
    usableKeyCaches.set(connection, cache);
  }
  return cache;
}

/** Forget every key found usable (call after deleting or revoking keys by other means than `revoke`). */
export const forgetUsableApiKeys = (db: Db): void => usableKeyCache(db).clear();

export function createApiKeysRepository(db: Db) {
  const cache = usableKeyCache(db);
  const insert = (key: string, input: NewApiKey) =>
    db
      .insert(apiKeys)
      .values({
        name: input.name,
        prefix: key.slice(0, 10),
        keyHash: hashApiKey(key),
        role: input.role,
        clinicianId: input.clinicianId ?? null,
        createdBy: input.createdBy,
        createdAt: nowIso(),
        expiresAt: input.expiresAt ?? null,
      })
      .returning()
      .get();

  // Authentication looks a key up on every request: prepared once, raw, only what it needs.
  const usableByHash = rawSqlite(db).prepare<[string, string], UsableKey & { expiresAt: string | null }>(
    `SELECT id, name, role, clinician_id AS clinicianId, expires_at AS expiresAt FROM api_keys
      WHERE key_hash = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)`,
  );

  return {
    /** Returns the key itself once; only its hash is stored. */
    create(input: NewApiKey) {
      const key = generateApiKey();
      return { key, record: insert(key, input) };
    },

    /** Idempotent: used for ADMIN_API_KEY at start-up. A revoked bootstrap key stays revoked. */
    ensure(key: string, input: NewApiKey) {
      return (
        db
          .select()
          .from(apiKeys)
          .where(eq(apiKeys.keyHash, hashApiKey(key)))
          .get() ?? insert(key, input)
      );
    },

    /** The key's record when it exists, is not revoked and has not expired. Runs on every request. */
    findUsable(key: string): UsableKey | undefined {
      const now = Date.now();
      const cached = cache.get(key);
      if (cached && cached.until > now) return cached.key;
      const found = usableByHash.get(hashApiKey(key), new Date(now).toISOString());
      if (!found) {
        cache.delete(key);
        return undefined;
      }
      const { expiresAt, ...usable } = found;
      if (cache.size >= USABLE_KEY_CACHE_SIZE) cache.clear();
      cache.set(key, {
        key: usable,
        until: Math.min(
          now + USABLE_KEY_TTL_MS,
          expiresAt ? Date.parse(expiresAt) : Number.POSITIVE_INFINITY,
        ),
      });
      return usable;
    },

    /** Every key, newest first, without hashes: what the admin listing shows. */
    list() {
      return db
        .select({
          id: apiKeys.id,
          name: apiKeys.name,
          prefix: apiKeys.prefix,
          role: apiKeys.role,
          clinicianId: apiKeys.clinicianId,
          createdBy: apiKeys.createdBy,
          createdAt: apiKeys.createdAt,
          expiresAt: apiKeys.expiresAt,
          revokedAt: apiKeys.revokedAt,
          lastUsedAt: apiKeys.lastUsedAt,
        })
        .from(apiKeys)
        .orderBy(desc(apiKeys.id))
        .all();
    },

    findById(id: number) {
      return db.select().from(apiKeys).where(eq(apiKeys.id, id)).get();
    },

    /** Records use for the listing; callers throttle it (one write per key every few minutes). */
    touch(id: number, at = nowIso()) {
      db.update(apiKeys).set({ lastUsedAt: at }).where(eq(apiKeys.id, id)).run();
    },

    revoke(id: number) {
      const revoked = db
        .update(apiKeys)
        .set({ revokedAt: nowIso() })
        .where(eq(apiKeys.id, id))
        .returning()
        .get();
      cache.clear();
      return revoked;
    },
  };
}

export type ApiKeysRepository = ReturnType<typeof createApiKeysRepository>;
