import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { idempotencyKeys } from '../schema/index.js';
import { rawSqlite } from './raw-sqlite.js';

export type IdempotencyRecord = typeof idempotencyKeys.$inferSelect;

export type IdempotencyClaim =
  /** The key is new (or its previous use expired / was abandoned): the caller runs the request. */
  | { outcome: 'claimed' }
  /** A finished request used this key: replay its stored response (or refuse if the body differs). */
  | { outcome: 'stored'; record: IdempotencyRecord }
  /** Another request with this key is still running. */
  | { outcome: 'in_flight'; record: IdempotencyRecord };

export interface IdempotencyTimings {
  /** Stored responses are replayed for this long; afterwards the key may be reused. */
  retentionMs: number;
  /** A claim without a response older than this belongs to a crashed request and may be taken over. */
  abandonedAfterMs: number;
}

/**
 * Idempotency keys for creating POSTs. A key is claimed before the handler runs (a row without a
 * response), so two concurrent requests with the same key can never both run; the response is
 * attached afterwards. Portable SQL only: the claim is an INSERT that may hit the primary key.
 */
export function createIdempotencyRepository(db: Db, timings: IdempotencyTimings) {
  // Every POST with an Idempotency-Key runs claim and complete: prepared once, with placeholders.
  const byScope = db
    .select()
    .from(idempotencyKeys)
    .where(eq(idempotencyKeys.scopeKey, sql.placeholder('scopeKey')))
    .prepare();
  const find = (scopeKey: string) => byScope.get({ scopeKey });
  const dropStale = db
    .delete(idempotencyKeys)
    .where(
      and(
        eq(idempotencyKeys.scopeKey, sql.placeholder('scopeKey')),
        or(
          lt(idempotencyKeys.createdAt, sql.placeholder('retentionCutoff')),
          and(
            isNull(idempotencyKeys.statusCode),
            lt(idempotencyKeys.createdAt, sql.placeholder('abandonedCutoff')),
          ),
        ),
      ),
    )
    .prepare();
  const insertClaim = db
    .insert(idempotencyKeys)
    .values({
      scopeKey: sql.placeholder('scopeKey'),
      requestHash: sql.placeholder('requestHash'),
      createdAt: sql.placeholder('createdAt'),
    })
    .onConflictDoNothing()
    .prepare();
  const storeResponse = db
    .update(idempotencyKeys)
    .set({
      statusCode: sql`${sql.placeholder('statusCode')}`,
      responseBody: sql`${sql.placeholder('responseBody')}`,
      responseHeaders: sql`${sql.placeholder('responseHeaders')}`,
    })
    .where(eq(idempotencyKeys.scopeKey, sql.placeholder('scopeKey')))
    .prepare();
  const dropClaim = db
    .delete(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scopeKey, sql.placeholder('scopeKey')), isNull(idempotencyKeys.statusCode)))
    .prepare();

  // One IMMEDIATE transaction, its function built once (better-sqlite3 builds wrappers per
  // transaction() call); the prepared statements run on the same connection.
  const claimTx = rawSqlite(db).transaction(
    (scopeKey: string, requestHash: string, now: Date): IdempotencyClaim => {
      const retentionCutoff = new Date(now.getTime() - timings.retentionMs).toISOString();
      const abandonedCutoff = new Date(now.getTime() - timings.abandonedAfterMs).toISOString();
      // Expired responses and abandoned claims no longer protect the key.
      dropStale.run({ scopeKey, retentionCutoff, abandonedCutoff });
      const inserted = insertClaim.run({ scopeKey, requestHash, createdAt: now.toISOString() });
      if (inserted.changes === 1) return { outcome: 'claimed' };
      const record = find(scopeKey);
      if (!record) return { outcome: 'claimed' };
      return record.statusCode === null ? { outcome: 'in_flight', record } : { outcome: 'stored', record };
    },
  );

  return {
    claim(scopeKey: string, requestHash: string, now = new Date()): IdempotencyClaim {
      return claimTx.immediate(scopeKey, requestHash, now);
    },

    /** `responseHeaders`: the headers a replay repeats (Location, ETag), stored as a JSON object. */
    complete(
      scopeKey: string,
      statusCode: number,
      responseBody: string,
      responseHeaders: Record<string, string>,
    ) {
      storeResponse.run({
        scopeKey,
        statusCode,
        responseBody,
        responseHeaders: JSON.stringify(responseHeaders),
      });
    },

    /** The request failed in a way the client should be able to retry with the same key. */
    release(scopeKey: string) {
      dropClaim.run({ scopeKey });
    },

    find,
  };
}

export type IdempotencyRepository = ReturnType<typeof createIdempotencyRepository>;
