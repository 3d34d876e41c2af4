import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autoload from '@fastify/autoload';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifySchemaCompiler, type FastifyServerOptions } from 'fastify';
import { clientErrorHandler } from './client-errors.js';
import type { Config } from './config.js';
import { handleError } from './plugins/app/errors.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    /** The headers every response carries (plugins/external/security.ts). */
    securityHeaders: Readonly<Record<string, string>>;
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

/** Fastify's `ajv` server option, as it hands it to the validator factory (with its defaults filled in). */
type AjvOptions = { customOptions: Record<string, unknown>; plugins: unknown[] };
type ValidatorPool = (externalSchemas: unknown, options: AjvOptions) => FastifySchemaCompiler<unknown>;
type ValidatorFactory = NonNullable<
  NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildValidator']
>;

/** Fastify's own validator compiler (the very copy Fastify uses, resolved from it): Ajv with its defaults. */
const fastifyRequire = createRequire(createRequire(import.meta.url).resolve('fastify'));
const { AjvCompiler } = fastifyRequire('@fastify/ajv-compiler') as { AjvCompiler: () => ValidatorPool };

/** Header names are case-insensitive: Fastify lower-cases header schemas itself, except for a custom compiler. */
function lowerCaseHeaders(schema: unknown): unknown {
  if (schema === null || typeof schema !== 'object' || !('properties' in schema)) return schema;
  const { properties, required } = schema as { properties?: Record<string, unknown>; required?: unknown };
  if (properties === null || typeof properties !== 'object') return schema;
  if (Object.keys(properties).every((k) => k === k.toLowerCase())) return schema;
  return {
    ...schema,
    properties: Object.fromEntries(Object.entries(properties).map(([k, v]) => [k.toLowerCase(), v])),
    ...(Array.isArray(required) && { required: required.map((name: string) => name.toLowerCase()) }),
  };
}

/**
 * Fastify's validator with the server's Ajv options, except that JSON bodies are not coerced: a body is
 * typed JSON, and `{"title":false}` must not become "false", nor `{"hospitalId":"0x10"}` hospital 16.
 * Query strings, path parameters and headers are strings by nature and keep Ajv's coercion ("12" → 12,
 * a single value → an array); numeric-strings.ts holds those to plain decimal digits first. Ajv refuses
 * a non-finite number (JSON.parse reads 1e309 as Infinity) in an uncoerced body (`strictNumbers`).
 */
const buildValidator: ValidatorPool = (externalSchemas, options) => {
  const pool = AjvCompiler();
  const coercing = pool(externalSchemas, options);
  const strict = pool(externalSchemas, {
    ...options,
    customOptions: { ...options.customOptions, coerceTypes: false },
  });
  return (route) => {
    if (route.httpPart === 'body') return strict(route);
    if (route.httpPart === 'headers') return coercing({ ...route, schema: lowerCaseHeaders(route.schema) });
    return coercing(route);
  };
};

/** `/api/v1/hospitals/?q=x` → `/api/v1/hospitals?q=x`; any other URL as it is. */
function apiPathWithoutTrailingSlash(url: string): string {
  if (!url.startsWith('/api/')) return url;
  const query = url.indexOf('?');
  const path = query < 0 ? url : url.slice(0, query);
  return path.endsWith('/') ? path.replace(/\/+$/, '') + url.slice(path.length) : url;
}

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
    // GET /api/v1/hospitals/ is the list, as a client that joins paths with a slash means it (routed
    // as is, it matched /hospitals/:id with an empty id: a 400 about `id`). Only under /api/: the
    // add-in's files are served under /addin/, a path that ends with its slash.
    rewriteUrl: (request) => apiPathWithoutTrailingSlash(request.url ?? '/'),
    // Behind a reverse proxy, believe only the configured hops' X-Forwarded-For (TRUST_PROXY).
    trustProxy: config.identity.trustProxy,
    clientErrorHandler,
    // Errors Fastify raises before any hook runs (a malformed URL) miss security.ts's onRequest hook.
    frameworkErrors: (error, request, reply) =>
      handleError(error, request, reply.headers(request.server.securityHeaders)),
    schemaController: { compilersFactory: { buildValidator: buildValidator as unknown as ValidatorFactory } },
    ajv: {
      // verbose: a validation error carries the value it refused, which the 400 names (errors.ts).
      customOptions: {
        removeAdditional: false,
        coerceTypes: 'array',
        useDefaults: true,
        allErrors: true,
        verbose: true,
      },
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
