import { and, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm';
import type { Db } from '../client.js';
import { auditLog } from '../schema/index.js';
import { rawSqlite } from './raw-sqlite.js';

export interface AuditInput {
  /** When it happened (entries are written in batches, a little later). */
  at: string;
  actor: string;
  actorRole: string;
  action: string;
  entity: string;
  entityId?: string | number | null;
  fields?: string[];
  requestId?: string | null;
  sourceIp?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditFilter {
  actor?: string;
  entity?: string;
  entityId?: string;
  action?: string;
  from?: string;
  to?: string;
  /** Rows with an id below this (newest first). */
  beforeId?: number;
  limit?: number;
}

/** Append-only by construction: there is no update or delete here, and nothing else writes audit_log. */
export function createAuditRepository(db: Db) {
  const sqlite = rawSqlite(db);
  // Appended on every audited request: prepared once, raw (no ORM mapping on the hot path).
  const insert = sqlite.prepare(
    `INSERT INTO audit_log (at, actor, actor_role, action, entity, entity_id, fields, request_id, source_ip, details)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertAll = sqlite.transaction((entries: readonly AuditInput[]) => {
    for (const e of entries) {
      insert.run(
        e.at,
        e.actor,
        e.actorRole,
        e.action,
        e.entity,
        e.entityId == null ? null : String(e.entityId),
        e.fields ? JSON.stringify(e.fields) : null,
        e.requestId ?? null,
        e.sourceIp ?? null,
        e.details ? JSON.stringify(e.details) : null,
      );
    }
  });

  const list = (filter: AuditFilter = {}) => {
    const where: SQL[] = [];
    if (filter.actor) where.push(eq(auditLog.actor, filter.actor));
    if (filter.entity) where.push(eq(auditLog.entity, filter.entity));
    if (filter.entityId) where.push(eq(auditLog.entityId, filter.entityId));
    if (filter.action) where.push(eq(auditLog.action, filter.action));
    if (filter.from) where.push(gte(auditLog.at, filter.from));
    if (filter.to) where.push(lte(auditLog.at, filter.to));
    if (filter.beforeId) where.push(lt(auditLog.id, filter.beforeId));
    return db
      .select()
      .from(auditLog)
      .where(and(...where))
      .orderBy(desc(auditLog.id))
      .limit(filter.limit ?? 100)
      .all()
      .map((row) => ({
        ...row,
        fields: row.fields ? (JSON.parse(row.fields) as string[]) : null,
        details: row.details ? (JSON.parse(row.details) as Record<string, unknown>) : null,
      }));
  };

  return {
    /**
     * Entries in one transaction (all or none): the API writes the entries of a whole batch of
     * concurrent requests with one commit instead of one commit each.
     */
    appendAll(entries: readonly AuditInput[]) {
      if (entries.length > 0) insertAll.immediate(entries);
    },

    list,

    /** Every entry matching the filter, newest first, read in pages of `batch` (the CSV export). */
    *iterate(filter: Omit<AuditFilter, 'beforeId' | 'limit'>, batch = 1000) {
      let beforeId: number | undefined;
      for (;;) {
        const page = list({ ...filter, beforeId, limit: batch });
        yield* page;
        if (page.length < batch) return;
        beforeId = page[page.length - 1]!.id;
      }
    },
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;
