import { ErrorBody } from '@cmss/shared';
import fp from 'fastify-plugin';
import { mayCarryBody } from '../../route-hooks.js';

/**
 * The answers every API route can give whatever its own code does, added to each route's OpenAPI
 * responses here rather than repeated in every route file (where one would be forgotten):
 * - 429 from the global rate limit (rate-limit.ts), with its Retry-After header;
 * - 400 on every route: a parameter, header or body that fails its schema, an unknown query parameter
 *   (no-unknown-query.ts), a body where the route takes none (no-unexpected-body.ts);
 * - 413 and 415 on routes of a method that may carry a body: Fastify refuses a body over its limit or
 *   of a type the route has no reader for before the route runs (json-body.ts, errors.ts), also where
 *   the route takes none.
 * A route that describes one of these itself keeps its description; one that only lists the status
 * (`errorResponses`) gets this one. Error responses are documented as JSON, also where the route
 * answers a file.
 */
const RATE_LIMITED = {
  ...ErrorBody,
  description: 'Too many requests from this caller in the current window (`rate_limited`)',
  headers: {
    'retry-after': { type: 'integer', description: 'Seconds until a request is accepted again' },
  },
};
const TOO_LARGE = {
  ...ErrorBody,
  description:
    'The body is larger than the server accepts (`payload_too_large`; BODY_LIMIT, IMPORT_MAX_BYTES)',
};
const UNSUPPORTED = {
  ...ErrorBody,
  description:
    'The body’s Content-Type is not one this route reads (`unsupported_media_type`): the message names the ones it does',
};

const INVALID = {
  ...ErrorBody,
  description:
    'The request does not fit the route (`validation_failed` naming the parameter, header or field; `invalid_json`; `unexpected_body` where the route takes no body)',
};

/**
 * An error response of a route that `produces` a file (CSV, XLSX, XML): its errors are JSON all the
 * same, which the route's media types, otherwise applied to every response, would hide from clients.
 */
function asJson(documented: unknown): unknown {
  const { description, headers, ...schema } = documented as { description?: string; headers?: unknown };
  return { description, ...(headers ? { headers } : {}), content: { 'application/json': { schema } } };
}

export default fp(
  async (app) => {
    app.addHook('onRoute', (route) => {
      if (!route.url.startsWith('/api/')) return;
      const schema = (route.schema ?? {}) as {
        hide?: boolean;
        produces?: string[];
        response?: Record<number, unknown>;
      };
      if (schema.hide) return;
      const response: Record<number, unknown> = { ...schema.response };
      const added = mayCarryBody(route)
        ? { 400: INVALID, 413: TOO_LARGE, 415: UNSUPPORTED, 429: RATE_LIMITED }
        : { 400: INVALID, 429: RATE_LIMITED };
      for (const [status, documented] of Object.entries(added)) {
        const own = response[Number(status)];
        if (own === undefined || own === ErrorBody) response[Number(status)] = documented;
      }
      if (schema.produces && !schema.produces.includes('application/json')) {
        for (const status of Object.keys(response).map(Number)) {
          if (status >= 400) response[status] = asJson(response[status]);
        }
      }
      route.schema = { ...schema, response };
    });
  },
  { name: 'openapi-responses' },
);
