import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ANY_SIGNED_IN } from '../../../access.js';
import { errorResponses } from '../../../http.js';
import { Me } from '../../../identity/schemas.js';

/** Who am I: the add-in shows the role and decides which views to offer. */
const me: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/me',
    {
      config: { access: ANY_SIGNED_IN },
      schema: {
        tags: ['identity'],
        operationId: 'getCurrentUser',
        summary: 'The signed-in caller: role, directory entry and display name',
        response: { 200: Me, ...errorResponses(401, 403, 429) },
      },
    },
    async (request) => {
      const p = request.principal!;
      return {
        subject: p.subject,
        role: p.role,
        clinicianId: p.clinicianId,
        displayName: p.displayName,
        method: p.method,
      };
    },
  );
};

export default me;
