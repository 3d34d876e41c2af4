import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';
import { addRouteHook } from '../../route-hooks.js';

const PARTS = [
  ['querystring', 'query'],
  ['params', 'params'],
  ['body', 'body'],
] as const;

/** The path of the first number in `value` that is not finite (NaN, ±Infinity), if any. */
function nonFinite(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : path || '/';
  if (depth > 8 || value === null || typeof value !== 'object') return null;
  for (const [key, item] of Object.entries(value)) {
    const found = nonFinite(item, `${path}/${key}`, depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * Refuses non-finite numbers after validation. Ajv coerces "1e309" or "Infinity" (a query parameter,
 * or a string where the body wants a number; JSON.parse also reads 1e309 as Infinity) to Infinity and
 * then skips its integer, minimum and maximum checks, which run on finite numbers only: `limit=1e309`
 * reached SQLite and failed with a 500. Attached only to routes whose schemas have numbers.
 */
export default fp(
  async (app) => {
    app.addHook('onRoute', (route) => {
      const schema = route.schema as Record<string, unknown> | undefined;
      if (!schema) return;
      const checked = PARTS.filter(([part]) =>
        /"type":"(integer|number)"/.test(JSON.stringify(schema[part] ?? {})),
      );
      if (checked.length === 0) return;
      addRouteHook(
        route,
        'preHandler',
        (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
          for (const [context, property] of checked) {
            const path = nonFinite(request[property], '');
            if (path) {
              const error = Object.assign(new Error(`${context}${path} must be a finite number`), {
                statusCode: 400,
                validation: [{ instancePath: path, message: 'must be a finite number', params: {} }],
                validationContext: context,
              });
              return done(error);
            }
          }
          done();
        },
      );
    });
  },
  { name: 'finite-numbers' },
);
