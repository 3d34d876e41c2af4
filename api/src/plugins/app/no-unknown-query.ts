import fp from 'fastify-plugin';

/**
 * An API route that declares no query parameters takes none: `GET /api/v1/countries?sort=name` is a
 * 400 naming `sort`, as an unknown parameter is on the routes that declare theirs
 * (`additionalProperties: false`). Otherwise a misspelt or unsupported filter would be silently
 * ignored and the caller would read an unfiltered answer as a filtered one.
 * Pages outside /api (the join page, health checks) keep accepting what browsers and probes add.
 */
const NO_PARAMETERS = { type: 'object', properties: {}, additionalProperties: false } as const;

export default fp(
  async (app) => {
    app.addHook('onRoute', (route) => {
      if (!route.url.startsWith('/api/')) return;
      const schema = (route.schema ?? {}) as Record<string, unknown>;
      if (schema.querystring) return;
      route.schema = { ...schema, querystring: NO_PARAMETERS };
    });
  },
  { name: 'no-unknown-query' },
);
