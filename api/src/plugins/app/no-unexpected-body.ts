import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { badRequest } from '../../errors.js';
import { addRouteHook, mayCarryBody } from '../../route-hooks.js';

/**
 * An API route that declares no body takes none: `POST /clinicians/7/deactivate` with `{"reason": …}`
 * is a 400 `unexpected_body`, as an unknown property is on the routes that declare a body. Otherwise
 * the caller would believe the reason (or a flag) was taken into account. Routes that read their body
 * themselves (an upload) declare what they consume.
 */
export default fp(
  async (app) => {
    app.addHook('onRoute', (route) => {
      if (!route.url.startsWith('/api/')) return;
      const schema = (route.schema ?? {}) as { body?: unknown; consumes?: unknown };
      if (schema.body || schema.consumes) return;
      if (!mayCarryBody(route)) return;
      addRouteHook(route, 'preValidation', async (request: FastifyRequest) => {
        if (request.body !== undefined) {
          throw badRequest('unexpected_body', 'This request takes no body: send it without one');
        }
      });
    });
  },
  { name: 'no-unexpected-body', dependencies: ['json-body'] },
);
