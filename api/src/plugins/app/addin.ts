import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';
import { sendError } from './errors.js';

/** The add-in's built files (addin/dist), the same path from api/src and api/dist. */
export const ADDIN_DIST = fileURLToPath(new URL('../../../../addin/dist', import.meta.url));

/** Serves the task pane under /addin/ and sends visitors of / there. */
export default fp(
  async (app) => {
    app.get('/', { schema: { hide: true }, config: { access: 'public' } }, (_request, reply) =>
      reply.redirect('/addin/'),
    );
    if (existsSync(ADDIN_DIST)) {
      await app.register(fastifyStatic, {
        root: ADDIN_DIST,
        prefix: '/addin/',
        decorateReply: false,
      });
    } else {
      app.log.warn({ path: ADDIN_DIST }, 'add-in not built; run `npm run build` to serve it under /addin/');
      app.get('/addin/*', { schema: { hide: true } }, (request, reply) =>
        sendError(reply, request, 503, {
          code: 'addin_not_built',
          message: 'The add-in is not built: run npm run build',
        }),
      );
    }
  },
  { name: 'addin', dependencies: ['auth', 'errors'] },
);
