import { createCountriesRepository } from '@cmss/db';
import { Country } from '@cmss/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ANY_SIGNED_IN } from '../../../access.js';
import { errorResponses } from '../../../http.js';

const countries: FastifyPluginAsyncTypebox = async (app) => {
  const repo = createCountriesRepository(app.database.db);

  app.get(
    '/countries',
    {
      config: { access: ANY_SIGNED_IN },
      schema: {
        tags: ['directory'],
        operationId: 'listCountries',
        summary: 'Countries of the network (EU/EEA and the United Kingdom) with their time zones',
        response: { 200: Type.Object({ items: Type.Array(Country) }), ...errorResponses(401, 403) },
      },
    },
    async () => ({ items: repo.list() }),
  );
};

export default countries;
