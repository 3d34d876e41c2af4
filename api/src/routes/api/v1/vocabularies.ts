import { COUNTRIES, LANGUAGES, NETWORKS, SPECIALTIES } from '@cmss/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ANY_SIGNED_IN } from '../../../access.js';
import { Vocabularies } from '../../../directory/schemas.js';
import { errorResponses } from '../../../http.js';

const ROLES = [
  { id: 'clinician', label: 'Clinician' },
  { id: 'case_manager', label: 'Case manager' },
];

/** The controlled lists the directory accepts: the same ones the API validates against. */
const vocabularies: FastifyPluginAsyncTypebox = async (app) => {
  const body = {
    specialties: [...SPECIALTIES],
    languages: [...LANGUAGES],
    networks: [...NETWORKS],
    roles: ROLES,
    countries: COUNTRIES.map((c) => ({ id: c.code, label: c.name })),
  };
  app.get(
    '/vocabularies',
    {
      config: { access: ANY_SIGNED_IN },
      schema: {
        tags: ['directory'],
        operationId: 'getVocabularies',
        summary: 'Controlled vocabularies: specialties, languages, networks, roles and countries',
        description: 'Values of `specialties`, `languages`, `networks` and `role` must be one of these ids.',
        response: { 200: Vocabularies, ...errorResponses(401, 403) },
      },
    },
    async (_request, reply) => {
      // Changes only with a release; let clients cache it for a while.
      reply.header('cache-control', 'private, max-age=3600');
      return body;
    },
  );
};

export default vocabularies;
