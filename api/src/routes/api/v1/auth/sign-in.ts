import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../../../errors.js';
import { errorResponses } from '../../../../http.js';
import { isLoopbackHost } from '../../../../identity/binding.js';
import { ENTRA_SCOPE } from '../../../../identity/roles.js';
import { AuthSettings, LocalSession, LocalSignIn, LocalUserSchema } from '../../../../identity/schemas.js';
import { authRateLimit } from '../../../../plugins/external/rate-limit.js';

const disabled = () =>
  new AppError(
    404,
    'local_sign_in_disabled',
    'Local sign-in is only available when no identity provider is configured and the server listens on loopback',
  );

/**
 * How to sign in, and the embedded default's local sign-in: with no Entra ID configured and the
 * server bound to loopback, anyone on this machine may pick a demo user of any role.
 */
const signIn: FastifyPluginAsyncTypebox = async (app) => {
  const { identity } = app;

  app.get(
    '/settings',
    {
      config: { access: 'public' },
      schema: {
        tags: ['identity'],
        operationId: 'getSignInSettings',
        summary: 'How to sign in: Entra ID (with the scopes to request) or the local demo sign-in',
        response: { 200: AuthSettings, ...errorResponses(429) },
      },
    },
    async () => {
      const entra = app.config.identity.entra;
      return {
        mode: identity.mode,
        entra: entra
          ? {
              tenantId: entra.tenantId,
              clientId: entra.clientId,
              authority: `${entra.authority}/${entra.tenantId}`,
              scopes: [`api://${entra.clientId}/${ENTRA_SCOPE}`],
            }
          : null,
      };
    },
  );

  app.get(
    '/local/users',
    {
      config: { access: 'public', rateLimit: authRateLimit(app) },
      schema: {
        tags: ['identity'],
        operationId: 'listDemoUsers',
        summary: 'Demo users of every role offered by the local sign-in (loopback only)',
        response: {
          200: Type.Object({ items: Type.Array(LocalUserSchema) }),
          ...errorResponses(404, 429),
        },
      },
    },
    async (request) => {
      assertLocal(request);
      return { items: identity.localUsers() };
    },
  );

  app.post(
    '/local/sign-in',
    {
      config: { access: 'public', rateLimit: authRateLimit(app) },
      bodyLimit: 1024,
      schema: {
        tags: ['identity'],
        operationId: 'signInLocally',
        summary: 'Signs in as a demo user (loopback only); returns a short-lived bearer token',
        body: LocalSignIn,
        response: { 200: LocalSession, ...errorResponses(400, 404, 413, 422, 429) },
      },
    },
    async (request) => {
      const local = assertLocal(request);
      const user =
        identity.localUsers().find((u) => u.id === request.body.userId) ?? findClinician(request.body.userId);
      if (!user) throw new AppError(422, 'unknown_user', `No demo user "${request.body.userId}"`);
      const { token, expiresAt } = await local.issue(user);
      request.log.info({ user: user.id, role: user.role }, 'local sign-in');
      return { accessToken: token, tokenType: 'Bearer' as const, expiresAt, user };
    },
  );

  /** Any active clinician may be picked, not only those listed first. */
  function findClinician(userId: string) {
    const match = /^clinician:(\d+)$/.exec(userId);
    const c = match ? identity.directory.clinicianById(Number(match[1])) : undefined;
    if (c?.status !== 'active') return undefined;
    return {
      id: userId,
      role: 'clinician' as const,
      displayName: c.displayName,
      clinicianId: c.id,
      detail: `${c.hospital} (${c.countryCode})`,
    };
  }

  /**
   * Enabled for this server, and the caller really is on this machine (defence in depth behind the bind
   * check): a loopback peer, no proxy in between (a reverse proxy on this host would make every remote
   * user look local), and a loopback Host header (a web page using DNS rebinding to reach this port
   * would send its own host name).
   */
  function assertLocal(request: FastifyRequest) {
    const viaProxy = ['x-forwarded-for', 'forwarded', 'x-real-ip'].some(
      (h) => request.headers[h] !== undefined,
    );
    const hostName = (request.headers.host ?? '').replace(/:\d+$/, '');
    if (
      !identity.local ||
      viaProxy ||
      !isLoopbackHost(request.socket.remoteAddress ?? '') ||
      !isLoopbackHost(hostName)
    ) {
      throw disabled();
    }
    return identity.local;
  }
};

export default signIn;
