import { type AuditInput, createAuditRepository } from '@cmss/db';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

export type AuditEvent = Omit<AuditInput, 'actor' | 'actorRole' | 'requestId' | 'sourceIp'>;

declare module 'fastify' {
  interface FastifyInstance {
    /** Records who did what to which record, attributed to the request's principal (or "system"). */
    audit(request: FastifyRequest | null, event: AuditEvent): void;
  }
}

export default fp(
  async (app) => {
    const repo = createAuditRepository(app.database.db);
    app.decorate('audit', (request: FastifyRequest | null, event: AuditEvent) => {
      repo.append({
        ...event,
        actor: request?.principal?.subject ?? 'system',
        actorRole: request?.principal?.role ?? 'system',
        requestId: request?.id ?? null,
        sourceIp: request?.ip ?? null,
      });
    });
  },
  { name: 'audit', dependencies: ['database', 'auth'] },
);
