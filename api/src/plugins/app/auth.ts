import { createApiKeysRepository } from '@cmss/db';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Access, Principal } from '../../access.js';
import { AppError } from '../../errors.js';

/**
 * Routes added by third-party plugins that cannot carry `config.access`: the Swagger UI and the add-in's
 * static files. Public by design; every other route must declare its access rule.
 */
const PUBLIC_PREFIXES = ['/docs', '/addin/'];

export type Authenticator = (
  token: string,
  request: FastifyRequest,
) => Promise<Principal | null> | Principal | null;

declare module 'fastify' {
  interface FastifyInstance {
    /** Bearer-token authenticators tried in order; the first that recognises the token wins. */
    authenticators: Authenticator[];
  }
}

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new AppError(401, 'invalid_token', 'Authorization header must be "Bearer <token>"');
  return match[1]!;
}

export default fp(
  async (app) => {
    const keys = createApiKeysRepository(app.database.db);
    if (app.config.adminApiKey) {
      keys.ensure(app.config.adminApiKey, {
        name: 'ADMIN_API_KEY (bootstrap)',
        role: 'admin',
        createdBy: 'system',
      });
    }

    const apiKeyAuthenticator: Authenticator = (token) => {
      if (!token.startsWith('cmss_') && token !== app.config.adminApiKey) return null;
      const key = keys.findUsable(token);
      if (!key) return null;
      return {
        subject: `apikey:${key.id}`,
        role: key.role,
        clinicianId: key.clinicianId,
        displayName: key.name,
        method: 'api_key',
      };
    };
    app.decorate('authenticators', [apiKeyAuthenticator]);
    app.decorateRequest('principal', null);

    // Make "forgot to say who may call this" impossible: such a route stops the app from starting.
    app.addHook('onRoute', (route) => {
      if (route.config?.access === undefined && !PUBLIC_PREFIXES.some((p) => route.url.startsWith(p))) {
        throw new Error(`Route ${String(route.method)} ${route.url} has no access rule (config.access)`);
      }
    });

    app.addHook('onRequest', async (request) => {
      if (request.is404) return;
      const access: Access =
        request.routeOptions.config.access ??
        (PUBLIC_PREFIXES.some((p) => request.url.startsWith(p)) ? 'public' : { roles: [] });
      const token = bearerToken(request);
      if (token) {
        for (const authenticate of app.authenticators) {
          const principal = await authenticate(token, request);
          if (principal) {
            request.principal = principal;
            break;
          }
        }
      }
      if (access === 'public') return;
      if (!request.principal) {
        throw new AppError(
          401,
          token ? 'invalid_token' : 'unauthenticated',
          token ? 'The bearer token is invalid, expired or revoked' : 'Sign-in required',
        );
      }
      if (!access.roles.includes(request.principal.role)) {
        throw new AppError(
          403,
          'forbidden',
          `This action needs one of the roles: ${access.roles.join(', ')}`,
        );
      }
    });
  },
  { name: 'auth', dependencies: ['database', 'errors'] },
);
