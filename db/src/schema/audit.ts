import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Append-only: the repository offers no update or delete, and no route does either. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    actor: text('actor').notNull(),
    actorRole: text('actor_role').notNull(),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id'),
    /** JSON array of field names read or written. */
    fields: text('fields'),
    requestId: text('request_id'),
    sourceIp: text('source_ip'),
    /** JSON object with anything else worth keeping (override reasons, counts). */
    details: text('details'),
  },
  (t) => [index('audit_log_at_idx').on(t.at), index('audit_log_entity_idx').on(t.entity, t.entityId)],
);

export const apiKeys = sqliteTable('api_keys', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  /** First characters of the key, shown in listings so admins can tell keys apart. */
  prefix: text('prefix').notNull(),
  /** SHA-256 of the whole key; the key itself is shown once and never stored. */
  keyHash: text('key_hash').notNull().unique(),
  role: text('role', { enum: ['admin', 'helpdesk', 'clinician'] }).notNull(),
  clinicianId: integer('clinician_id'),
  createdBy: text('created_by').notNull(),
  createdAt: text('created_at').notNull(),
  expiresAt: text('expires_at'),
  revokedAt: text('revoked_at'),
  lastUsedAt: text('last_used_at'),
});
