import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/app.js';
import { identityConfig } from './fixtures.js';

type TestApp = Awaited<ReturnType<typeof buildTestApp>>;
const open: TestApp['app'][] = [];
afterEach(async () => {
  for (const app of open.splice(0)) await app.close();
});
// The first app of a file pays for loading every module: do that under the (longer) hook timeout.
beforeAll(async () => {
  await (await buildTestApp()).app.close();
});
async function start(overrides: Parameters<typeof buildTestApp>[0] = {}) {
  const t = await buildTestApp(overrides);
  open.push(t.app);
  return t;
}

describe('rate limits', () => {
  it('answers 429 with Retry-After and the uniform body once a caller exceeds its budget; others are unaffected', async () => {
    const { app, auth } = await start({
      identity: identityConfig({ rateLimitMax: 3, rateLimitWindowSeconds: 60 }),
    });
    const busy = auth('helpdesk');
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof app.inject>> | undefined;
    for (let i = 0; i < 4; i++) {
      last = await app.inject({ url: '/api/v1/me', headers: busy });
      statuses.push(last.statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(last!.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(last!.json()).toEqual({
      error: {
        code: 'rate_limited',
        message: expect.stringMatching(/retry in/),
        requestId: expect.any(String),
      },
    });
    // The budget is per principal: another key still gets through.
    expect((await app.inject({ url: '/api/v1/me', headers: auth('helpdesk') })).statusCode).toBe(200);
  });

  it('keys anonymous callers by address: X-Forwarded-For is believed only from a configured proxy', async () => {
    const hammer = async (app: TestApp['app']) => {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await app.inject({ url: '/health', headers: { 'x-forwarded-for': `203.0.113.${i}` } });
        statuses.push(res.statusCode);
      }
      return statuses;
    };
    // Directly exposed: a forged header does not buy a fresh budget.
    const direct = await start({ identity: identityConfig({ rateLimitMax: 2 }) });
    expect(await hammer(direct.app)).toEqual([200, 200, 429]);
    // Behind the configured proxy (loopback here), each client address has its own budget.
    const proxied = await start({ identity: identityConfig({ rateLimitMax: 2, trustProxy: ['127.0.0.1'] }) });
    expect(await hammer(proxied.app)).toEqual([200, 200, 200]);
  });

  it('limits scanning of unknown URLs too', async () => {
    const { app } = await start({ identity: identityConfig({ rateLimitMax: 2 }) });
    const statuses: number[] = [];
    for (const path of ['/wp-admin', '/.env', '/api/v1/secret'])
      statuses.push((await app.inject(path)).statusCode);
    expect(statuses).toEqual([404, 404, 429]);
  });

  it('limits sign-in more strictly than ordinary routes', async () => {
    const { app } = await start({ identity: identityConfig({ rateLimitMax: 100, rateLimitAuthMax: 2 }) });
    const signIn = () =>
      app.inject({ method: 'POST', url: '/api/v1/auth/local/sign-in', payload: { userId: 'helpdesk' } });
    expect((await signIn()).statusCode).toBe(200);
    expect((await signIn()).statusCode).toBe(200);
    const third = await signIn();
    expect(third.statusCode).toBe(429);
    expect(third.headers['retry-after']).toBeDefined();
    // An ordinary route is still open to this address.
    expect((await app.inject('/health')).statusCode).toBe(200);
  });

  it('slows down token guessing: repeated invalid tokens from one address get 429', async () => {
    const { app, auth } = await start({
      identity: identityConfig({ rateLimitMax: 100, rateLimitAuthMax: 3 }),
    });
    const guess = (i: number) =>
      app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer cmss_guess${i}${'x'.repeat(30)}` } });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await guess(i)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    expect((await guess(9)).headers['retry-after']).toBeDefined();
    // A valid key is not affected by someone else's failures... from the same address it still works.
    expect((await app.inject({ url: '/api/v1/me', headers: auth('admin') })).statusCode).toBe(200);
  });
});

describe('security headers, CORS and body limits', () => {
  it('sends helmet headers with a CSP that lets the add-in load office.js and be framed by Outlook and Teams', async () => {
    const { app } = await start();
    const res = await app.inject('/health');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toMatch(
      /script-src 'self' https:\/\/appsforoffice\.microsoft\.com https:\/\/res\.cdn\.office\.net/,
    );
    expect(csp).toMatch(/frame-ancestors 'self' .*https:\/\/\*\.office\.com.*https:\/\/\*\.cloud\.microsoft/);
    expect(csp).toContain("object-src 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    // X-Frame-Options would stop Outlook on the web from showing the task pane.
    expect(res.headers['x-frame-options']).toBeUndefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
    // No HSTS on loopback (it would pin localhost to HTTPS for every local project); everywhere else, yes.
    expect(res.headers['strict-transport-security']).toBeUndefined();
    const { app: exposed } = await start({ host: '0.0.0.0' });
    expect((await exposed.inject('/health')).headers['strict-transport-security']).toMatch(
      /max-age=31536000/,
    );
    // The add-in page itself carries the same policy.
    const page = await app.inject('/addin/');
    expect(String(page.headers['content-security-policy'])).toContain('https://appsforoffice.microsoft.com');
  });

  it('lets no browser or proxy keep an API answer (personal data), but for those meant to be kept', async () => {
    const { app, auth } = await start();
    const admin = auth('admin');
    for (const url of [
      '/api/v1/clinicians?q=a',
      '/api/v1/me',
      '/api/v1/exports/directory.csv',
      '/api/v1/nowhere',
    ]) {
      expect((await app.inject({ url, headers: admin })).headers['cache-control'], url).toBe('no-store');
    }
    // The controlled lists change with a release, not with the directory.
    expect((await app.inject({ url: '/api/v1/vocabularies', headers: admin })).headers['cache-control']).toBe(
      'private, max-age=3600',
    );
  });

  it('answers CORS only for the configured add-in origins, and preflights need no token', async () => {
    const { app, auth } = await start({
      identity: identityConfig({ corsOrigins: ['https://addin.example.org'] }),
    });
    const preflight = (origin: string) =>
      app.inject({
        method: 'OPTIONS',
        url: '/api/v1/me',
        headers: {
          origin,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      });
    const allowed = await preflight('https://addin.example.org');
    expect(allowed.statusCode).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://addin.example.org');
    expect(String(allowed.headers['access-control-allow-headers'])).toMatch(/Authorization/i);
    const evil = await preflight('https://evil.example');
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
    // An OPTIONS that is no preflight is a bad preflight to the CORS plugin, not a request for a role.
    const plain = () => ({ method: 'OPTIONS' as const, url: '/api/v1/clinicians', headers: auth('admin') });
    expect((await app.inject(plain())).statusCode).toBe(400);

    const get = await app.inject({
      url: '/api/v1/me',
      headers: { ...auth('helpdesk'), origin: 'https://evil.example' },
    });
    expect(get.headers['access-control-allow-origin']).toBeUndefined();
    // By default (no CORS_ORIGINS) no origin is allowed: the add-in is served by the API itself.
    const { app: closed } = await start();
    const none = await closed.inject({ url: '/health', headers: { origin: 'https://addin.example.org' } });
    expect(none.headers['access-control-allow-origin']).toBeUndefined();
    // …and no CORS route answers OPTIONS: it says what the path answers (it was a 403 naming no role).
    const unrouted = await closed.inject(plain());
    expect(unrouted.statusCode).toBe(204);
    expect(unrouted.headers.allow).toBe('GET, HEAD, POST, OPTIONS');
  });

  it("answers a request Node's HTTP parser refuses (a NUL byte in a header) in the API's error shape", async () => {
    const { app } = await start();
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write('GET /health HTTP/1.1\r\nHost: localhost\r\nIf-Match: "1\u0000"\r\n\r\n');
      });
      let text = '';
      socket.on('data', (chunk) => {
        text += chunk.toString('utf8');
      });
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    const [head, body] = answer.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 400 Bad Request/);
    expect(JSON.parse(body!)).toEqual({ error: { code: 'bad_request', message: expect.any(String) } });
  });

  it('refuses oversized bodies with 413 before they are parsed', async () => {
    const { app } = await start();
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/local/sign-in',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ userId: 'admin', padding: 'x'.repeat(4096) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
  });
});

describe('errors', () => {
  it('carry the request id, name the Bearer scheme on 401, and never echo the token', async () => {
    const { app } = await start();
    const anonymous = await app.inject({ url: '/api/v1/me', headers: { 'x-request-id': 'trace-4711' } });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['www-authenticate']).toBe('Bearer realm="cmss"');
    expect(anonymous.json().error).toEqual({
      code: 'unauthenticated',
      message: 'Sign-in required',
      requestId: 'trace-4711',
    });

    const secret = `cmss_${'S'.repeat(43)}`;
    const bad = await app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${secret}` } });
    expect(bad.statusCode).toBe(401);
    expect(bad.headers['www-authenticate']).toContain('error="invalid_token"');
    expect(bad.json().error.requestId).toEqual(expect.any(String));
    expect(bad.body).not.toContain(secret);

    const malformed = await app.inject({
      url: '/api/v1/me',
      headers: { authorization: 'Basic dXNlcjpwYXNz' },
    });
    expect(malformed.statusCode).toBe(401);
    expect(malformed.json().error.message).toMatch(/Bearer/);

    // Where no sign-in is needed, a stale token does not get in the way.
    expect(
      (await app.inject({ url: '/health', headers: { authorization: `Bearer ${secret}` } })).statusCode,
    ).toBe(200);
  });
});
