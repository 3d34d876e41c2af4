import rateLimit from '@fastify/rate-limit';
import fp from 'fastify-plugin';
import { AppError } from '../../errors.js';

/**
 * Every route is rate-limited: per signed-in principal (API key, Entra user, local user), or per IP for
 * anonymous callers. The auth hook runs first, so the key is known. Sign-in and API-key routes set a
 * stricter `config.rateLimit` (see `authRateLimit`); failed authentications are counted per IP by the
 * auth plugin. A refusal is 429 with `Retry-After` (seconds) and the uniform error body.
 */
export default fp(
  async (app) => {
    const { identity } = app.config;
    await app.register(rateLimit, {
      global: true,
      max: identity.rateLimitMax,
      timeWindow: identity.rateLimitWindowSeconds * 1000,
      keyGenerator: (request) => (request.principal ? `p:${request.principal.subject}` : `ip:${request.ip}`),
      errorResponseBuilder: (_request, context) =>
        new AppError(429, 'rate_limited', `Too many requests: retry in ${context.after}`),
    });
  },
  { name: 'rate-limit' },
);

/** The stricter limit for sign-in and API-key management routes: `config: { rateLimit: authRateLimit(app) }`. */
export const authRateLimit = (app: {
  config: { identity: { rateLimitAuthMax: number; rateLimitWindowSeconds: number } };
}) => ({
  max: app.config.identity.rateLimitAuthMax,
  timeWindow: app.config.identity.rateLimitWindowSeconds * 1000,
});
