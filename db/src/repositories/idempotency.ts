import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { Db } from '../client.js';
import { idempotencyKeys } from '../schema/index.js';

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
  const find = (scopeKey: string) =>
    db.select().from(idempotencyKeys).where(eq(idempotencyKeys.scopeKey, scopeKey)).get();

  return {
    claim(scopeKey: string, requestHash: string, now = new Date()): IdempotencyClaim {
      const retentionCutoff = new Date(now.getTime() - timings.retentionMs).toISOString();
      const abandonedCutoff = new Date(now.getTime() - timings.abandonedAfterMs).toISOString();
      return db.transaction(
        (tx) => {
          // Expired responses and abandoned claims no longer protect the key.
          tx.delete(idempotencyKeys)
            .where(
              and(
                eq(idempotencyKeys.scopeKey, scopeKey),
                or(
                  lt(idempotencyKeys.createdAt, retentionCutoff),
                  and(isNull(idempotencyKeys.statusCode), lt(idempotencyKeys.createdAt, abandonedCutoff)),
                ),
              ),
            )
            .run();
          const inserted = tx
            .insert(idempotencyKeys)
            .values({ scopeKey, requestHash, createdAt: now.toISOString() })
            .onConflictDoNothing()
            .run();
          if (inserted.changes === 1) return { outcome: 'claimed' } as const;
          const record = tx
            .select()
            .from(idempotencyKeys)
            .where(eq(idempotencyKeys.scopeKey, scopeKey))
            .get();
          if (!record) return { outcome: 'claimed' } as const;
          return record.statusCode === null
            ? ({ outcome: 'in_flight', record } as const)
            : ({ outcome: 'stored', record } as const);
        },
        { behavior: 'immediate' },
      );
    },

    complete(scopeKey: string, statusCode: number, responseBody: string) {
      db.update(idempotencyKeys)
        .set({ statusCode, responseBody })
        .where(eq(idempotencyKeys.scopeKey, scopeKey))
        .run();
    },

    /** The request failed in a way the client should be able to retry with the same key. */
    release(scopeKey: string) {
      db.delete(idempotencyKeys)
        .where(and(eq(idempotencyKeys.scopeKey, scopeKey), isNull(idempotencyKeys.statusCode)))
        .run();
    },

    find,
  };
}

export type IdempotencyRepository = ReturnType<typeof createIdempotencyRepository>;
