import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from '@fastify/cors';
import fp from 'fastify-plugin';
import helmet from 'helmet';
import { isLoopbackHost } from '../../identity/binding.js';

/**
 * Hosts that embed the task pane in an iframe: Outlook on the web, new Outlook, Teams (web and
 * desktop), Microsoft 365. The add-in is served from /addin/ by this API, so its page gets this CSP.
 */
const OFFICE_FRAME_ANCESTORS = [
  'https://*.office.com',
  'https://*.office365.com',
  'https://*.outlook.com',
  'https://outlook.live.com',
  'https://*.microsoft.com',
  'https://*.cloud.microsoft',
  'https://*.microsoft365.com',
  'https://*.sharepoint.com',
  'https://*.skype.com',
];

/** office.js and its locale/host scripts; teams-js when loaded from Microsoft's CDN. */
const SCRIPT_HOSTS = ['https://appsforoffice.microsoft.com', 'https://res.cdn.office.net'];

/** Entra ID for the add-in's MSAL (nested app authentication falls back to a popup or iframe). */
const LOGIN_HOSTS = ['https://login.microsoftonline.com'];

/**
 * The headers a helmet middleware sets, read off once: with no per-request nonce they are the same for
 * every response, and setting them from a ready object costs a fraction of running helmet's chain of
 * middlewares on each request (measured: about 40 % of a cached search's server time).
 */
function staticHeaders(middleware: ReturnType<typeof helmet>): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  middleware({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
  });
  return headers;
}

/**
 * Security headers (helmet) and CORS. CORS answers only the origins listed in CORS_ORIGINS (the add-in
 * is same-origin by default, so none are needed); credentials are bearer tokens, never cookies.
 */
export default fp(
  async (app) => {
    // helmet itself, built once: @fastify/helmet re-parses the whole configuration on every request
    // (a sixth of a cached search's time). The headers are the same for every response.
    const securityHeaders = helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", ...SCRIPT_HOSTS],
          // Fluent UI / React and office.js set inline styles.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'https:'],
          fontSrc: ["'self'", 'data:', 'https://res.cdn.office.net', 'https://static2.sharepointonline.com'],
          connectSrc: ["'self'", ...LOGIN_HOSTS, ...SCRIPT_HOSTS],
          frameSrc: ["'self'", ...LOGIN_HOSTS],
          frameAncestors: ["'self'", ...OFFICE_FRAME_ANCESTORS],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          scriptSrcAttr: ["'none'"],
        },
      },
      // X-Frame-Options cannot list several origins; frame-ancestors above is the framing rule.
      frameguard: false,
      // MSAL's popup fallback needs its opener.
      crossOriginOpenerPolicy: { policy: 'same-origin-allow-popups' },
      // Outlook on the web loads the manifest's icons from here.
      crossOriginResourcePolicy: { policy: 'cross-origin' },
      crossOriginEmbedderPolicy: false,
      referrerPolicy: { policy: 'no-referrer' },
      // HSTS pins a host name to HTTPS for a year, for every port: never do that to a developer's localhost.
      strictTransportSecurity: isLoopbackHost(app.config.host) ? false : { maxAge: 31_536_000 },
    });
    const headers = staticHeaders(securityHeaders);
    app.decorate('securityHeaders', headers);
    // API answers carry personal data (names, e-mails, phones, who meets whom): no browser cache or
    // proxy keeps a copy. A route whose answer may be kept says so itself (vocabularies).
    const apiHeaders = { ...headers, 'cache-control': 'no-store' };
    app.addHook('onRequest', (request, reply, done) => {
      reply.headers(request.url.startsWith('/api/') ? apiHeaders : headers);
      done();
    });

    const origins = app.config.identity.corsOrigins;
    await app.register(cors, {
      origin: origins.length ? origins : false,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match', 'X-Request-Id'],
      exposedHeaders: ['Retry-After', 'ETag', 'Location', 'X-Request-Id', 'Content-Disposition'],
      credentials: false,
      maxAge: 600,
    });
  },
  { name: 'security' },
);
