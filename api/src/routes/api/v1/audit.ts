import { type AuditFilter, createAuditRepository, readSnapshot } from '@cmss/db';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ADMIN_ONLY } from '../../../access.js';
import { AUDIT_CSV_COLUMNS, auditCells } from '../../../data-protection/audit-csv.js';
import { csvStream, endedWhenStalled } from '../../../download-streams.js';
import { badRequest } from '../../../errors.js';
import { errorResponses } from '../../../http.js';

const Filters = {
  actor: Type.Optional(Type.String({ maxLength: 200, description: 'Principal subject, e.g. apikey:3' })),
  entity: Type.Optional(Type.String({ maxLength: 100, examples: ['clinician'] })),
  entityId: Type.Optional(Type.String({ maxLength: 100 })),
  action: Type.Optional(Type.String({ maxLength: 100, examples: ['read'] })),
  from: Type.Optional(Type.String({ format: 'date-time', description: 'Inclusive lower bound of `at`' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'Inclusive upper bound of `at`' })),
};

const AuditEntry = Type.Object(
  {
    id: Type.Integer(),
    at: Type.String(),
    actor: Type.String(),
    actorRole: Type.String(),
    action: Type.String(),
    entity: Type.String(),
    entityId: Type.Union([Type.String(), Type.Null()]),
    fields: Type.Union([Type.Array(Type.String()), Type.Null()]),
    requestId: Type.Union([Type.String(), Type.Null()]),
    sourceIp: Type.Union([Type.String(), Type.Null()]),
    details: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  },
  { title: 'AuditEntry' },
);

/** Cursor = the last id seen, opaque to clients (newest first, so the next page is "below" it). */
const encodeCursor = (id: number) => Buffer.from(`a:${id}`).toString('base64url');
function decodeCursor(cursor: string): number {
  const m = /^a:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m) throw badRequest('invalid_cursor', 'The cursor is not one this API returned');
  return Number(m[1]);
}

/** ISO instants are compared as text in the DB: normalise "…+02:00" to UTC "…Z" first. */
const utc = (s: string | undefined) => (s ? new Date(s).toISOString() : undefined);

/**
 * The audit trail, admin only. Read-only by construction: there is no PUT, PATCH or DELETE here (and
 * the database refuses UPDATE/DELETE of audit rows). Reading it is itself audited.
 */
const audit: FastifyPluginAsyncTypebox = async (app) => {
  const repo = createAuditRepository(app.database.db);
  const filterOf = (q: {
    actor?: string;
    entity?: string;
    entityId?: string;
    action?: string;
    from?: string;
    to?: string;
  }): AuditFilter => ({
    actor: q.actor,
    entity: q.entity,
    entityId: q.entityId,
    action: q.action,
    from: utc(q.from),
    to: utc(q.to),
  });

  app.get(
    '/audit',
    {
      config: { access: ADMIN_ONLY },
      schema: {
        tags: ['data protection'],
        operationId: 'listAuditEntries',
        summary: 'Audit trail: who read or changed which record, newest first',
        querystring: Type.Object(
          {
            ...Filters,
            cursor: Type.Optional(Type.String({ maxLength: 100 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(AuditEntry),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const q = request.query;
      const limit = q.limit ?? 100;
      const rows = repo.list({
        ...filterOf(q),
        beforeId: q.cursor ? decodeCursor(q.cursor) : undefined,
        limit: limit + 1,
      });
      const items = rows.slice(0, limit);
      app.audit(request, {
        action: 'read',
        entity: 'audit_log',
        details: { filters: filterOf(q), count: items.length },
      });
      return { items, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1]!.id) : null };
    },
  );

  app.get(
    '/audit/export',
    {
      config: { access: ADMIN_ONLY },
      schema: {
        tags: ['data protection'],
        operationId: 'exportAuditTrailCsv',
        summary: 'Audit trail as CSV (all rows matching the filters, newest first)',
        querystring: Type.Object(Filters, { additionalProperties: false }),
        produces: ['text/csv'],
        response: {
          200: Type.Unsafe<unknown>({
            type: 'string',
            description: `text/csv; columns: ${AUDIT_CSV_COLUMNS.join(', ')}`,
          }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const filter = filterOf(request.query);
      app.audit(request, {
        action: 'export',
        entity: 'audit_log',
        details: { filters: filter, format: 'csv' },
      });
      // Streamed, one snapshot of the trail read page by page: never the whole trail in memory.
      const entries = readSnapshot(app.database, (db) => createAuditRepository(db).iterate(filter));
      const rows = endedWhenStalled(entries, auditCells, reply.raw, app.config.exportStallSeconds * 1000);
      const stamp = new Date().toISOString().slice(0, 10);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="cmss-audit-${stamp}.csv"`)
        .send(csvStream(AUDIT_CSV_COLUMNS, rows, { bom: false }));
    },
  );
};

export default audit;
