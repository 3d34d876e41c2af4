import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Type } from 'typebox';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/app.js';

type TestApp = Awaited<ReturnType<typeof buildTestApp>>;
let current: TestApp | undefined;
afterEach(async () => {
  await current?.app.close();
  current = undefined;
});
async function start() {
  current = await buildTestApp();
  return current;
}

describe('operations endpoints', () => {
  it('answers liveness and readiness with migration and directory counts', async () => {
    const { app } = await start();
    expect((await app.inject('/health')).json()).toEqual({ status: 'ok' });
    const ready = await app.inject('/ready');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready', counts: { countries: 31 } });
  });

  it('seeds the demo directory on first start only, so /ready shows a loaded directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cmss-start-'));
    const databasePath = join(dir, 'cmss.db');
    const first = await buildTestApp({ seedDemo: true, databasePath });
    const counts = (await first.app.inject('/ready')).json().counts;
    await first.app.close();
    expect(counts.hospitals).toBeGreaterThanOrEqual(350);
    expect(counts.clinicians).toBeGreaterThanOrEqual(1000);
    expect(counts.hostAccounts).toBe(10);

    current = await buildTestApp({ seedDemo: true, databasePath });
    expect((await current.app.inject('/ready')).json().counts).toEqual(counts);
  });

  it('reports 503 not_ready when the database is unusable', async () => {
    const { app } = await start();
    app.database.sqlite.close();
    const ready = await app.inject('/ready');
    expect(ready.statusCode).toBe(503);
    expect(ready.json().error.code).toBe('not_ready');
    expect(ready.body).not.toMatch(/sqlite|database connection is not open/i);
  });
});

describe('add-in', () => {
  it('serves the built task pane under /addin/ and redirects / there', async () => {
    const { app } = await start();
    const root = await app.inject('/');
    expect(root.statusCode).toBe(302);
    expect(root.headers.location).toBe('/addin/');
    const page = await app.inject('/addin/');
    // Built by `npm run build`; in a clone that never built, the API says so instead of a bare 404.
    if (page.statusCode === 503) expect(page.json().error.code).toBe('addin_not_built');
    else expect(page.body).toContain('<div id="root">');
  });
});

describe('OpenAPI', () => {
  it('serves a valid OpenAPI 3.1 document and the Swagger UI', async () => {
    const { app } = await start();
    const doc = (await app.inject('/openapi.json')).json();
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.paths['/api/v1/countries']).toBeDefined();
    const ui = await app.inject('/docs/');
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
  });
});

describe('countries', () => {
  it('lists the 31 countries with time zones to a signed-in user', async () => {
    const { app, auth } = await start();
    const res = await app.inject({ url: '/api/v1/countries', headers: auth('clinician') });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { code: string; timeZone: string }[];
    expect(items).toHaveLength(31);
    expect(items.find((c) => c.code === 'PT')?.timeZone).toBe('Europe/Lisbon');
  });

  it('refuses anonymous callers with 401 and a uniform error body', async () => {
    const { app } = await start();
    const res = await app.inject('/api/v1/countries');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({
      error: { code: 'unauthenticated', message: expect.any(String), requestId: expect.any(String) },
    });
  });
});

describe('error handling', () => {
  it('answers an unknown route with 404 not_found', async () => {
    const { app } = await start();
    const res = await app.inject('/api/v1/nope');
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({ code: 'not_found', message: 'No route GET /api/v1/nope' });
  });

  it('rejects malformed JSON and schema violations with 400 and field details', async () => {
    const { buildApp } = await import('@cmss/api');
    const { testConfig } = await import('../helpers/app.js');
    const echo = await buildApp(testConfig());
    echo.post(
      '/echo',
      {
        config: { access: 'public' },
        schema: { body: Type.Object({ n: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }) },
      },
      async (req) => req.body,
    );
    echo.get('/boom', { config: { access: 'public' } }, async () => {
      throw new Error('SQLITE_CORRUPT: secret internals at /srv/db');
    });
    await echo.ready();
    try {
      const bad = await echo.inject({
        method: 'POST',
        url: '/echo',
        headers: { 'content-type': 'application/json' },
        payload: '{"n": 1',
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.code).toBe('invalid_json');

      const invalid = await echo.inject({ method: 'POST', url: '/echo', payload: { n: 0, extra: true } });
      expect(invalid.statusCode).toBe(400);
      expect(invalid.json().error.code).toBe('validation_failed');
      expect(invalid.json().error.details.length).toBeGreaterThan(0);

      const boom = await echo.inject('/boom');
      expect(boom.statusCode).toBe(500);
      expect(boom.json().error).toMatchObject({ code: 'internal_error', message: 'Internal server error' });
      expect(boom.body).not.toContain('SQLITE');
    } finally {
      await echo.close();
    }
  });

  it('refuses to start when a route declares no access rule', async () => {
    const { buildApp } = await import('@cmss/api');
    const { testConfig } = await import('../helpers/app.js');
    const app = await buildApp(testConfig());
    expect(() => app.get('/unguarded', async () => 'x')).toThrow(/no access rule/);
    await app.close();
  });
});
