import { createApiKeysRepository, createIdentityRepository, type IdentityRepository } from '@cmss/db';
import type { FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import fp from 'fastify-plugin';
import type { Access, Principal } from '../../access.js';
import { AppError } from '../../errors.js';
import { localSignInAvailable } from '../../identity/binding.js';
import { createEntraVerifier, type EntraVerifier, entraPrincipal } from '../../identity/entra.js';
import { createLocalTokens, isLocalToken, type LocalTokens, type LocalUser } from '../../identity/local.js';

/**
 * Routes added by third-party plugins that cannot carry `config.access`: the Swagger UI and the add-in's
 * static files. Public by design; every other route must declare its access rule.
 */
const PUBLIC_PREFIXES = ['/docs', '/addin/'];

/** How many clinicians the local sign-in offers to pick from. */
const DEMO_CLINICIANS = 12;

/** An API key's `lastUsedAt` is written at most this often (ms), not on every request. */
const TOUCH_INTERVAL = 5 * 60 * 1000;

export type Authenticator = (
  token: string,
  request: FastifyRequest,
) => Promise<Principal | null> | Principal | null;

declare module 'fastify' {
  interface FastifyInstance {
    /** Bearer-token authenticators tried in order; the first that recognises the token wins. */
    authenticators: Authenticator[];
    identity: {
      /** Which sign-in the add-in should offer. */
      mode: 'entra' | 'local' | 'api_key';
      directory: IdentityRepository;
      entra: EntraVerifier | null;
      /** Null unless the local demo sign-in is available (no Entra ID, loopback bind). */
      local: LocalTokens | null;
      /** Demo users of every role for the local sign-in. */
      localUsers(): LocalUser[];
    };
  }
}

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new AppError(401, 'invalid_token', 'Authorization header must be "Bearer <token>"');
  return match[1]!;
}

const isPublicPrefix = (url: string) => PUBLIC_PREFIXES.some((p) => url.startsWith(p));

/**
 * Everything under a request's id (`/api/v1/requests/:id…`) that clinicians may call belongs to the
 * request's requester, whether or not the route says so: the matrix test then holds it to "another
 * clinician's id is 404".
 */
function inferOwnerScope(url: string, access: Access): 'request' | undefined {
  if (access === 'public' || !access.roles.includes('clinician')) return undefined;
  return /^\/api\/v1\/requests\/:[^/]+/.test(url) ? 'request' : undefined;
}

/** The access rule as published in the OpenAPI document (`x-access`). */
const describeAccess = (access: Access) => (access === 'public' ? 'public' : { roles: [...access.roles] });

export default fp(
  async (app) => {
    const { config } = app;
    const keys = createApiKeysRepository(app.database.db);
    const directory = createIdentityRepository(app.database.db);
    if (config.adminApiKey) {
      keys.ensure(config.adminApiKey, {
        name: 'ADMIN_API_KEY (bootstrap)',
        role: 'admin',
        createdBy: 'system',
      });
    }

    const entra = config.identity.entra ? createEntraVerifier(config.identity.entra) : null;
    const local = localSignInAvailable(config)
      ? createLocalTokens(config.identity.localTokenTtlMinutes)
      : null;
    if (local) {
      app.log.warn(
        { host: config.host },
        'no identity provider configured: local demo sign-in enabled (loopback only); set ENTRA_TENANT_ID and ENTRA_CLIENT_ID for production',
      );
    }

    const localUsers = (): LocalUser[] => [
      { id: 'admin', role: 'admin', displayName: 'Demo administrator', clinicianId: null, detail: null },
      {
        id: 'helpdesk',
        role: 'helpdesk',
        displayName: 'Demo helpdesk agent',
        clinicianId: null,
        detail: null,
      },
      ...directory.demoClinicians(DEMO_CLINICIANS).map(
        (c): LocalUser => ({
          id: `clinician:${c.id}`,
          role: 'clinician',
          displayName: c.displayName,
          clinicianId: c.id,
          detail: `${c.hospital} (${c.countryCode})`,
        }),
      ),
    ];

    const touched = new Map<number, number>();
    const apiKeyAuthenticator: Authenticator = (token) => {
      if (!token.startsWith('cmss_') && token !== config.adminApiKey) return null;
      const key = keys.findUsable(token);
      if (!key) throw new AppError(401, 'invalid_token', 'The API key is invalid, expired or revoked');
      const now = Date.now();
      if ((touched.get(key.id) ?? 0) < now - TOUCH_INTERVAL) {
        touched.set(key.id, now);
        keys.touch(key.id);
      }
      return {
        subject: `apikey:${key.id}`,
        role: key.role,
        clinicianId: key.clinicianId,
        displayName: key.name,
        method: 'api_key',
      };
    };

    const localAuthenticator: Authenticator = async (token) => {
      if (!isLocalToken(token)) return null;
      if (!local) throw new AppError(401, 'invalid_token', 'Local sign-in is not enabled on this server');
      const claims = await local.verify(token);
      if (claims.clinicianId !== null) {
        const clinician = directory.clinicianById(claims.clinicianId);
        if (clinician?.status !== 'active') {
          throw new AppError(401, 'invalid_token', 'This clinician is no longer in the directory');
        }
      }
      return {
        subject: `local:${claims.userId}`,
        role: claims.role,
        clinicianId: claims.clinicianId,
        displayName: claims.name,
        method: 'local',
      };
    };

    const entraAuthenticator: Authenticator = async (token) => {
      if (!entra || token.split('.').length !== 3) return null;
      return entraPrincipal(await entra(token), (email) => directory.clinicianByEmail(email));
    };

    app.decorate('authenticators', [apiKeyAuthenticator, localAuthenticator, entraAuthenticator]);
    app.decorate('identity', {
      mode: entra ? ('entra' as const) : local ? ('local' as const) : ('api_key' as const),
      directory,
      entra,
      local,
      localUsers,
    });
    app.decorateRequest('principal', null);

    // Many failed authentications from one address look like token guessing: answer them with 429.
    const failedAuthLimit = app.createRateLimit({
      max: config.identity.rateLimitAuthMax,
      timeWindow: config.identity.rateLimitWindowSeconds * 1000,
      keyGenerator: (request) => `auth-failure:${request.ip}`,
    });
    async function countFailure(request: FastifyRequest, reply: FastifyReply) {
      const limit = await failedAuthLimit(request);
      // `isAllowed` is only true for allow-listed keys; `isExceeded` is the verdict.
      if (!limit.isAllowed && limit.isExceeded) {
        reply.header('retry-after', String(limit.ttlInSeconds));
        throw new AppError(429, 'rate_limited', `Too many failed sign-ins: retry in ${limit.ttlInSeconds} s`);
      }
    }

    const notFoundLimit = app.createRateLimit({
      max: config.identity.rateLimitMax,
      timeWindow: config.identity.rateLimitWindowSeconds * 1000,
      keyGenerator: (request) => `not-found:${request.ip}`,
    });
    async function limitNotFound(request: FastifyRequest, reply: FastifyReply) {
      const limit = await notFoundLimit(request);
      if (!limit.isAllowed && limit.isExceeded) {
        reply.header('retry-after', String(limit.ttlInSeconds));
        throw new AppError(429, 'rate_limited', `Too many requests: retry in ${limit.ttlInSeconds} s`);
      }
    }

    // Make "forgot to say who may call this" impossible: such a route stops the app from starting. The
    // rule is published per operation as `x-access` (and `x-owner-scoped`) in the OpenAPI document.
    app.addHook('onRoute', (route) => {
      const access = route.config?.access;
      if (access === undefined) {
        if (isPublicPrefix(route.url)) return;
        throw new Error(`Route ${String(route.method)} ${route.url} has no access rule (config.access)`);
      }
      if (access !== 'public' && (!Array.isArray(access.roles) || access.roles.length === 0)) {
        throw new Error(`Route ${String(route.method)} ${route.url} has an access rule without roles`);
      }
      // @fastify/swagger copies `x-` keys of a route's schema into its operation object.
      const published: FastifySchema & Record<`x-${string}`, unknown> = {
        ...route.schema,
        'x-access': describeAccess(access),
      };
      const ownerScoped = route.config?.ownerScoped ?? inferOwnerScope(route.url, access);
      if (ownerScoped) published['x-owner-scoped'] = ownerScoped;
      // Public operations need no bearer token: say so, overriding the document's global requirement.
      if (access === 'public' && route.schema?.security === undefined) published.security = [];
      route.schema = published;
    });

    app.addHook('onRequest', async (request, reply) => {
      // Unknown URLs have no route-level limit: scanning them counts against the caller's address here.
      if (request.is404) {
        await limitNotFound(request, reply);
        return;
      }
      // OPTIONS is answered by the CORS plugin (registered before this hook could give its route a rule):
      // a browser's preflight never carries credentials, so it is public like the public prefixes.
      const open = isPublicPrefix(request.url) || request.method === 'OPTIONS';
      const access: Access = request.routeOptions.config.access ?? (open ? 'public' : { roles: [] });

      let token: string | null = null;
      let failure: AppError | null = null;
      try {
        token = bearerToken(request);
        if (token) {
          for (const authenticate of app.authenticators) {
            const principal = await authenticate(token, request);
            if (principal) {
              request.principal = principal;
              break;
            }
          }
          if (!request.principal) {
            failure = new AppError(401, 'invalid_token', 'The bearer token is invalid, expired or revoked');
          }
        }
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        failure = error;
      }

      // Where no sign-in is needed, a stale or foreign token is ignored rather than refused.
      if (access === 'public') return;
      if (failure) {
        if (failure.statusCode === 401) {
          await countFailure(request, reply);
          reply.header('www-authenticate', `Bearer realm="cmss", error="invalid_token"`);
        }
        throw failure;
      }
      if (!request.principal) {
        reply.header('www-authenticate', 'Bearer realm="cmss"');
        throw new AppError(401, 'unauthenticated', 'Sign-in required');
      }
      if (!access.roles.includes(request.principal.role)) {
        throw new AppError(
          403,
          'forbidden',
          `This action needs one of the roles: ${access.roles.join(', ')}`,
          { requiredRoles: access.roles, role: request.principal.role },
        );
      }
    });
  },
  { name: 'auth', dependencies: ['database', 'errors', 'rate-limit'] },
);
