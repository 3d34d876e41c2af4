import { and, desc, eq, gte, lt, lte, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { auditLog } from '../schema/index.js';
import { nowIso } from '../time.js';

export interface AuditInput {
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
  // Appended on every audited request: prepared once, with placeholders.
  const insert = db
    .insert(auditLog)
    .values({
      at: sql.placeholder('at'),
      actor: sql.placeholder('actor'),
      actorRole: sql.placeholder('actorRole'),
      action: sql.placeholder('action'),
      entity: sql.placeholder('entity'),
      entityId: sql.placeholder('entityId'),
      fields: sql.placeholder('fields'),
      requestId: sql.placeholder('requestId'),
      sourceIp: sql.placeholder('sourceIp'),
      details: sql.placeholder('details'),
    })
    .prepare();

  return {
    append(entry: AuditInput) {
      insert.run({
        at: nowIso(),
        actor: entry.actor,
        actorRole: entry.actorRole,
        action: entry.action,
        entity: entry.entity,
        entityId: entry.entityId == null ? null : String(entry.entityId),
        fields: entry.fields ? JSON.stringify(entry.fields) : null,
        requestId: entry.requestId ?? null,
        sourceIp: entry.sourceIp ?? null,
        details: entry.details ? JSON.stringify(entry.details) : null,
      });
    },

    list(filter: AuditFilter = {}) {
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
    },
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;
