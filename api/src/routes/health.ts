import { createStatsRepository, migrationStatus } from '@cmss/db';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses } from '../http.js';
import { sendError } from '../plugins/app/errors.js';

const Ready = Type.Object({
  status: Type.Literal('ready'),
  migrations: Type.Object({ applied: Type.Integer(), known: Type.Integer() }),
  counts: Type.Object({
    countries: Type.Integer(),
    hospitals: Type.Integer(),
    clinicians: Type.Integer(),
    hostAccounts: Type.Integer(),
  }),
});

/** Liveness and readiness probes, outside /api/v1 because orchestrators call them unauthenticated. */
const health: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/health',
    {
      config: { access: 'public' },
      schema: {
        tags: ['operations'],
        operationId: 'checkLiveness',
        summary: 'Liveness: the process answers',
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/ready',
    {
      config: { access: 'public' },
      schema: {
        tags: ['operations'],
        operationId: 'checkReadiness',
        summary: 'Readiness: database open, migrations applied, directory loaded',
        response: { 200: Ready, ...errorResponses(503) },
      },
    },
    async (request, reply) => {
      try {
        const migrations = migrationStatus(app.database);
        if (!migrations.upToDate) {
          return sendError(reply, request, 503, {
            code: 'not_ready',
            message: `Database migrations pending: ${migrations.applied} of ${migrations.known} applied`,
          });
        }
        const counts = createStatsRepository(app.database.db).directoryCounts();
        return {
          status: 'ready' as const,
          migrations: { applied: migrations.applied, known: migrations.known },
          counts,
        };
      } catch (error) {
        request.log.error({ err: error }, 'readiness check failed');
        return sendError(reply, request, 503, { code: 'not_ready', message: 'Database unavailable' });
      }
    },
  );
};

export default health;
