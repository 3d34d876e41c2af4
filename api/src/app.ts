import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autoload from '@fastify/autoload';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { clientErrorHandler } from './client-errors.js';
import type { Config } from './config.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
  }
}

const here = fileURLToPath(new URL('.', import.meta.url));

/** Secrets must never reach the logs, whatever a route or plugin decides to log. */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.password',
  '*.clientSecret',
  '*.apiKey',
];

/**
 * Builds the app without listening: the server entry point and the tests share it.
 * Plugins load in three steps — external (framework: docs, sensible), app (database, auth, errors,
 * repositories), then routes — so that every route can rely on everything before it.
 */
export async function buildApp(config: Config, options: FastifyServerOptions = {}) {
  const app = Fastify({
    logger: { level: config.logLevel, redact: REDACT },
    bodyLimit: config.bodyLimit,
    // Clients may send a request id (e.g. the add-in); otherwise we make one. It is echoed in error bodies.
    requestIdHeader: 'x-request-id',
    genReqId: () => crypto.randomUUID(),
    // Migrations of a large database or the first demo seed can outlast Fastify's 10 s plugin default.
    pluginTimeout: 120_000,
    // Behind a reverse proxy, believe only the configured hops' X-Forwarded-For (TRUST_PROXY).
    trustProxy: config.identity.trustProxy,
    clientErrorHandler,
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: true },
    },
    ...options,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('config', config);

  await app.register(autoload, { dir: join(here, 'plugins/external') });
  await app.register(autoload, { dir: join(here, 'plugins/app') });
  await app.register(autoload, { dir: join(here, 'routes') });

  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
