import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '@cmss/api';
import { createApiKeysRepository } from '@cmss/db';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTestApp } from '../helpers/app.js';
import { addClinician, identityConfig, testConfig } from './fixtures.js';

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
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('API keys', () => {
  it('an admin creates a key that is shown once, works at once, is listed without its secret, and can be revoked', async () => {
    const { app, auth } = await start();
    const admin = auth('admin');
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: admin,
      payload: { name: 'nightly export', role: 'helpdesk' },
    });
    expect(created.statusCode).toBe(201);
    const { key, apiKey } = created.json();
    expect(key).toMatch(/^cmss_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({ name: 'nightly export', role: 'helpdesk', prefix: key.slice(0, 10) });
    // Expires by default in 90 days.
    const days = (Date.parse(apiKey.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89);
    expect(days).toBeLessThanOrEqual(90);

    const me = await app.inject({ url: '/api/v1/me', headers: bearer(key) });
    expect(me.json()).toMatchObject({ role: 'helpdesk', method: 'api_key', subject: `apikey:${apiKey.id}` });

    const list = await app.inject({ url: '/api/v1/api-keys', headers: admin });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.find((k: { id: number }) => k.id === apiKey.id)).toMatchObject({
      name: 'nightly export',
      revokedAt: null,
      lastUsedAt: expect.any(String),
    });
    expect(list.body).not.toContain(key);
    expect(list.body).not.toMatch(/hash/i);
    // The database keeps only the hash.
    const stored = app.database.sqlite.prepare('SELECT * FROM api_keys WHERE id = ?').get(apiKey.id);
    expect(JSON.stringify(stored)).not.toContain(key);

    const revoked = await app.inject({
      method: 'DELETE',
      url: `/api/v1/api-keys/${apiKey.id}`,
      headers: admin,
    });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).toEqual(expect.any(String));
    const after = await app.inject({ url: '/api/v1/me', headers: bearer(key) });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('invalid_token');
    // Revoking twice is harmless; an unknown id is 404.
    expect(
      (await app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${apiKey.id}`, headers: admin }))
        .statusCode,
    ).toBe(200);
    expect(
      (await app.inject({ method: 'DELETE', url: '/api/v1/api-keys/99999', headers: admin })).statusCode,
    ).toBe(404);

    // Creation and revocation are in the audit log.
    const audit = app.database.sqlite
      .prepare("SELECT action FROM audit_log WHERE entity = 'api_key' AND entity_id = ?")
      .all(String(apiKey.id)) as { action: string }[];
    expect(audit.map((a) => a.action).sort()).toEqual(['api_key.create', 'api_key.revoke']);
  });

  it('a clinician key acts for its directory entry; expiry and clinician are checked', async () => {
    const { app, auth } = await start();
    const admin = auth('admin');
    const ana = addClinician(app);
    const post = (payload: object) =>
      app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: admin, payload });

    const missing = await post({ name: 'k', role: 'clinician' });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().error.code).toBe('clinician_required');
    expect((await post({ name: 'k', role: 'clinician', clinicianId: 424242 })).json().error.code).toBe(
      'unknown_clinician',
    );
    expect(
      (await post({ name: 'k', role: 'admin', expiresAt: '2020-01-01T00:00:00Z' })).json().error.code,
    ).toBe('invalid_expiry');
    expect(
      (await post({ name: 'k', role: 'admin', expiresAt: '2099-01-01T00:00:00Z' })).json().error.code,
    ).toBe('invalid_expiry');
    expect((await post({ name: 'k', role: 'root' })).statusCode).toBe(400);

    const created = await post({ name: 'teams bot', role: 'clinician', clinicianId: ana.id });
    expect(created.statusCode).toBe(201);
    const me = await app.inject({ url: '/api/v1/me', headers: bearer(created.json().key) });
    expect(me.json()).toMatchObject({ role: 'clinician', clinicianId: ana.id });
  });

  it('an expired key is refused', async () => {
    const { app } = await start();
    const keys = createApiKeysRepository(app.database.db);
    const { key } = keys.create({
      name: 'old',
      role: 'admin',
      createdBy: 'test',
      expiresAt: '2020-01-01T00:00:00.000Z',
    });
    const res = await app.inject({ url: '/api/v1/me', headers: bearer(key) });
    expect(res.statusCode).toBe(401);
  });
});

describe('API keys found usable are remembered for a few seconds, never past a revocation or expiry', () => {
  afterEach(() => vi.useRealTimers());

  it('a key stops working when it expires, when it is revoked outside the API (within 5 s), and with its clinician’s erasure (at once)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { app, auth } = await start();
    const keys = createApiKeysRepository(app.database.db);
    const me = (key: string) => app.inject({ url: '/api/v1/me', headers: bearer(key) });

    const soon = keys.create({
      name: 'soon',
      role: 'helpdesk',
      createdBy: 'test',
      expiresAt: new Date(Date.now() + 2_000).toISOString(),
    });
    expect((await me(soon.key)).statusCode).toBe(200);
    vi.setSystemTime(Date.now() + 2_001);
    expect((await me(soon.key)).statusCode).toBe(401);

    // Another process revoking the key writes the row directly; this one reads it again within 5 s.
    const other = keys.create({ name: 'other', role: 'helpdesk', createdBy: 'test' });
    expect((await me(other.key)).statusCode).toBe(200);
    app.database.sqlite
      .prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ?')
      .run(new Date().toISOString(), other.record.id);
    vi.setSystemTime(Date.now() + 5_001);
    expect((await me(other.key)).statusCode).toBe(401);

    const ana = addClinician(app);
    const own = keys.create({ name: 'ana', role: 'clinician', clinicianId: ana.id, createdBy: 'test' });
    expect((await me(own.key)).statusCode).toBe(200);
    const erased = await app.inject({
      method: 'POST',
      url: `/api/v1/clinicians/${ana.id}/erasure`,
      headers: auth('admin'),
      payload: { reason: 'Request of the data subject (test)' },
    });
    expect(erased.statusCode).toBe(200);
    expect((await me(own.key)).statusCode).toBe(401);
  });
});

describe('ADMIN_API_KEY bootstrap', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cmss-bootstrap-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates an admin key with that value, keeps one key across restarts, and a revoked one stays revoked', async () => {
    const adminApiKey = `ops-${crypto.randomUUID()}`;
    const config = testConfig({ adminApiKey, databasePath: join(dir, 'cmss.db') });
    const boot = async () => {
      const app = await buildApp(config);
      await app.ready();
      open.push(app);
      return app;
    };

    let app = await boot();
    const me = await app.inject({ url: '/api/v1/me', headers: bearer(adminApiKey) });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      role: 'admin',
      method: 'api_key',
      displayName: 'ADMIN_API_KEY (bootstrap)',
    });
    const id = Number(me.json().subject.split(':')[1]);
    await app.close();

    app = await boot();
    const rows = app.database.sqlite
      .prepare("SELECT count(*) AS n FROM api_keys WHERE created_by = 'system'")
      .get() as {
      n: number;
    };
    expect(rows.n).toBe(1);
    expect(
      (await app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${id}`, headers: bearer(adminApiKey) }))
        .statusCode,
    ).toBe(200);
    await app.close();

    app = await boot();
    expect((await app.inject({ url: '/api/v1/me', headers: bearer(adminApiKey) })).statusCode).toBe(401);
  });
});

describe('local sign-in (embedded default, loopback)', () => {
  it('offers demo users of every role and signs them in with a short-lived token', async () => {
    const { app } = await start();
    const ana = addClinician(app, { givenName: 'Ana' });
    const users = (await app.inject('/api/v1/auth/local/users')).json().items as {
      id: string;
      role: string;
    }[];
    expect(users.map((u) => u.role)).toEqual(['admin', 'helpdesk', 'clinician']);
    expect(users[2]).toMatchObject({ id: `clinician:${ana.id}`, clinicianId: ana.id });

    const signIn = async (userId: string) =>
      app.inject({ method: 'POST', url: '/api/v1/auth/local/sign-in', payload: { userId } });
    const session = (await signIn(`clinician:${ana.id}`)).json();
    expect(session).toMatchObject({ tokenType: 'Bearer', user: { role: 'clinician', clinicianId: ana.id } });
    const minutes = (Date.parse(session.expiresAt) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(58);
    expect(minutes).toBeLessThanOrEqual(60);

    const me = await app.inject({ url: '/api/v1/me', headers: bearer(session.accessToken) });
    expect(me.json()).toMatchObject({
      role: 'clinician',
      clinicianId: ana.id,
      method: 'local',
      subject: `local:clinician:${ana.id}`,
    });
    expect(
      (await app.inject({ url: '/api/v1/api-keys', headers: bearer(session.accessToken) })).statusCode,
    ).toBe(403);

    const admin = (await signIn('admin')).json();
    expect(
      (await app.inject({ url: '/api/v1/api-keys', headers: bearer(admin.accessToken) })).statusCode,
    ).toBe(200);

    expect((await signIn('clinician:987654')).statusCode).toBe(422);
    expect((await signIn('root')).statusCode).toBe(400);
  });

  it('refuses tampered tokens and tokens from another server process', async () => {
    const { app } = await start();
    const other = await start();
    const token = (
      await app.inject({ method: 'POST', url: '/api/v1/auth/local/sign-in', payload: { userId: 'helpdesk' } })
    ).json().accessToken as string;
    const [h, p, s] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    const elevated = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
    for (const bad of [`${h}.${elevated}.${s}`, token.slice(0, -2)]) {
      const res = await app.inject({ url: '/api/v1/me', headers: bearer(bad) });
      expect(res.statusCode).toBe(401);
    }
    // Each process signs with its own random key: a token does not survive a restart or travel.
    expect((await other.app.inject({ url: '/api/v1/me', headers: bearer(token) })).statusCode).toBe(401);
  });

  it('is refused to requests that only look local: through a proxy, or from a DNS-rebinding page', async () => {
    const { app } = await start();
    const signIn = (headers: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/local/sign-in',
        headers,
        payload: { userId: 'admin' },
      });
    expect((await signIn({})).statusCode).toBe(200);
    expect((await signIn({ host: '127.0.0.1:3000' })).statusCode).toBe(200);
    const lookalikes: Record<string, string>[] = [
      { host: 'attacker.example:3000' },
      { 'x-forwarded-for': '198.51.100.7' },
      { forwarded: 'for=198.51.100.7' },
    ];
    for (const headers of lookalikes) {
      const res = await signIn(headers);
      expect({ headers, status: res.statusCode }).toEqual({ headers, status: 404 });
    }
    // With a reverse proxy configured, there is no local sign-in at all.
    const { app: proxied } = await start({ identity: identityConfig({ trustProxy: ['127.0.0.1'] }) });
    expect((await proxied.inject('/api/v1/auth/local/users')).statusCode).toBe(404);
  });

  it('is not offered when the server is bound to a non-loopback address or Entra ID is configured', async () => {
    for (const overrides of [
      { host: '0.0.0.0' },
      {
        identity: identityConfig({
          entra: {
            tenantId: '11111111-1111-4111-8111-111111111111',
            clientId: '33333333-3333-4333-8333-333333333333',
            audiences: ['api://33333333-3333-4333-8333-333333333333'],
            allowedTenants: ['11111111-1111-4111-8111-111111111111'],
            authority: 'http://127.0.0.1:9',
            jwksUri: 'http://127.0.0.1:9/keys',
          },
        }),
      },
    ]) {
      const { app } = await start(overrides);
      const users = await app.inject('/api/v1/auth/local/users');
      expect(users.statusCode).toBe(404);
      expect(users.json().error.code).toBe('local_sign_in_disabled');
      const signIn = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/local/sign-in',
        payload: { userId: 'admin' },
      });
      expect(signIn.statusCode).toBe(404);
      expect((await app.inject('/api/v1/auth/settings')).json().mode).not.toBe('local');
    }
  });
});
