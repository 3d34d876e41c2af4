import { createApiKeysRepository } from '@cmss/db';
import { IdParams } from '@cmss/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ADMIN_ONLY } from '../../../access.js';
import { notFound, unprocessable } from '../../../errors.js';
import { errorResponses } from '../../../http.js';
import { ApiKeyRecord, CreatedApiKey, NewApiKeyBody } from '../../../identity/schemas.js';
import { authRateLimit } from '../../../plugins/external/rate-limit.js';

const DAY = 24 * 60 * 60 * 1000;
const DEFAULT_LIFETIME = 90 * DAY;
const MAX_LIFETIME = 2 * 366 * DAY;

/**
 * API keys for automation (scripts, imports, integrations): admin only. The key is returned once at
 * creation; the database keeps its SHA-256 hash. Every key has a role and an expiry and can be revoked.
 */
const apiKeys: FastifyPluginAsyncTypebox = async (app) => {
  const keys = createApiKeysRepository(app.database.db);
  const strict = { access: ADMIN_ONLY, rateLimit: authRateLimit(app) };
  const publicRecord = (r: NonNullable<ReturnType<typeof keys.findById>>) => ({
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    role: r.role,
    clinicianId: r.clinicianId,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
    revokedAt: r.revokedAt,
    lastUsedAt: r.lastUsedAt,
  });

  app.post(
    '/api-keys',
    {
      config: strict,
      bodyLimit: 4096,
      schema: {
        tags: ['identity'],
        operationId: 'createApiKey',
        summary: 'Creates an API key (the key is shown only in this response)',
        body: NewApiKeyBody,
        response: { 201: CreatedApiKey, ...errorResponses(400, 401, 403, 413, 422, 429) },
      },
    },
    async (request, reply) => {
      const { name, role, clinicianId = null, expiresAt } = request.body;
      const now = Date.now();
      const expiry = expiresAt === undefined ? now + DEFAULT_LIFETIME : Date.parse(expiresAt);
      if (!(expiry > now)) throw unprocessable('invalid_expiry', 'expiresAt must be in the future');
      if (expiry > now + MAX_LIFETIME)
        throw unprocessable('invalid_expiry', 'expiresAt must be at most 2 years ahead');
      if (role === 'clinician' && clinicianId === null) {
        throw unprocessable('clinician_required', 'A clinician key must name the clinicianId it acts for');
      }
      if (clinicianId !== null && !app.identity.directory.clinicianById(clinicianId)) {
        throw unprocessable('unknown_clinician', `No clinician ${clinicianId} in the directory`);
      }
      const { key, record } = keys.create({
        name,
        role,
        clinicianId,
        createdBy: request.principal!.subject,
        expiresAt: new Date(expiry).toISOString(),
      });
      app.audit(request, {
        action: 'api_key.create',
        entity: 'api_key',
        entityId: record.id,
        details: { name, role, clinicianId, expiresAt: record.expiresAt },
      });
      return reply.code(201).send({ key, apiKey: publicRecord(record) });
    },
  );

  app.get(
    '/api-keys',
    {
      config: strict,
      schema: {
        tags: ['identity'],
        operationId: 'listApiKeys',
        summary: 'Lists API keys (never the keys themselves), newest first',
        response: { 200: Type.Object({ items: Type.Array(ApiKeyRecord) }), ...errorResponses(401, 403, 429) },
      },
    },
    async () => ({ items: keys.list() }),
  );

  app.delete(
    '/api-keys/:id',
    {
      config: strict,
      schema: {
        tags: ['identity'],
        operationId: 'revokeApiKey',
        summary: 'Revokes an API key at once; revoking twice is harmless',
        params: IdParams,
        response: { 200: ApiKeyRecord, ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      const existing = keys.findById(request.params.id);
      if (!existing) throw notFound('API key');
      if (existing.revokedAt) return publicRecord(existing);
      const revoked = keys.revoke(existing.id)!;
      app.audit(request, { action: 'api_key.revoke', entity: 'api_key', entityId: revoked.id });
      return publicRecord(revoked);
    },
  );
};

export default apiKeys;
