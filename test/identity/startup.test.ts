import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertSafeBinding, ConfigError, isLoopbackHost, loadConfig } from '@cmss/api';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const TENANT = '11111111-1111-4111-8111-111111111111';
const CLIENT = '33333333-3333-4333-8333-333333333333';
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Starting the real server through tsx takes seconds, many on a busy machine. */
const SLOW = 180_000;
const serverArgs = ['--conditions=source', '--import', 'tsx', 'api/src/server.ts'];

/** Starts the real server entry point; resolves with its base URL once it listens. */
async function startServer(env: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'cmss-identity-'));
  dirs.push(dir);
  const child: ChildProcess = spawn(process.execPath, serverArgs, {
    cwd: root,
    env: { ...process.env, PORT: '0', DATABASE_PATH: join(dir, 'cmss.db'), SEED_DEMO: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), SLOW - 10_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Server listening at (http:\/\/[^"\s]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return {
    url,
    /** Stops the server and returns everything it wrote to stdout and stderr. */
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      return output;
    },
  };
}

describe('binding and identity configuration', () => {
  it('tells loopback from reachable addresses', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) {
      expect({ host, loopback: isLoopbackHost(host) }).toEqual({ host, loopback: true });
    }
    for (const host of ['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', 'cmss.example.org', '']) {
      expect({ host, loopback: isLoopbackHost(host) }).toEqual({ host, loopback: false });
    }
  });

  it('refuses a public bind without Entra ID, and accepts it with Entra ID', () => {
    expect(() => assertSafeBinding(loadConfig({ HOST: '0.0.0.0' }))).toThrow(ConfigError);
    expect(() => assertSafeBinding(loadConfig({ HOST: '0.0.0.0' }))).toThrow(
      /HOST: refusing to listen on 0\.0\.0\.0/,
    );
    expect(() => assertSafeBinding(loadConfig({}))).not.toThrow();
    expect(() =>
      assertSafeBinding(loadConfig({ HOST: '0.0.0.0', ENTRA_TENANT_ID: TENANT, ENTRA_CLIENT_ID: CLIENT })),
    ).not.toThrow();
  });

  it.each([
    [
      { ENTRA_TENANT_ID: TENANT },
      /ENTRA_CLIENT_ID: ENTRA_TENANT_ID and ENTRA_CLIENT_ID must be set together/,
    ],
    [{ ENTRA_TENANT_ID: 'contoso', ENTRA_CLIENT_ID: CLIENT }, /ENTRA_TENANT_ID: must be a GUID/],
    [
      { ENTRA_TENANT_ID: TENANT, ENTRA_CLIENT_ID: CLIENT, ENTRA_ALLOWED_TENANTS: 'common' },
      /ENTRA_ALLOWED_TENANTS/,
    ],
    [{ CORS_ORIGINS: 'not an origin' }, /CORS_ORIGINS: must list origins/],
    [{ RATE_LIMIT_MAX: '0' }, /RATE_LIMIT_MAX: must be between/],
    [{ ADMIN_API_KEY: 'admin' }, /ADMIN_API_KEY: must be at least 24 characters/],
    [{ TRUST_PROXY: 'everyone' }, /TRUST_PROXY: must be true, a hop count or proxy addresses/],
  ])('rejects %o with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('derives audiences, allowed tenants and the JWKS address from the tenant and client ids', () => {
    const entra = loadConfig({ ENTRA_TENANT_ID: TENANT, ENTRA_CLIENT_ID: CLIENT }).identity.entra;
    expect(entra).toEqual({
      tenantId: TENANT,
      clientId: CLIENT,
      audiences: [`api://${CLIENT}`, CLIENT],
      allowedTenants: [TENANT],
      authority: 'https://login.microsoftonline.com',
      jwksUri: `https://login.microsoftonline.com/${TENANT}/discovery/v2.0/keys`,
    });
  });

  it('the server refuses to start on 0.0.0.0 without an identity provider: clear message, exit 1', () => {
    const result = spawnSync(process.execPath, serverArgs, {
      cwd: root,
      env: {
        ...process.env,
        HOST: '0.0.0.0',
        DATABASE_PATH: ':memory:',
        ENTRA_TENANT_ID: '',
        ENTRA_CLIENT_ID: '',
      },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'Invalid configuration — HOST: refusing to listen on 0.0.0.0 without an identity provider',
    );
    expect(result.stderr).toContain('ENTRA_TENANT_ID and ENTRA_CLIENT_ID');
  });

  it('the server starts on 0.0.0.0 once Entra ID is configured, without the local sign-in', {
    timeout: SLOW,
  }, async () => {
    const server = await startServer({ HOST: '0.0.0.0', ENTRA_TENANT_ID: TENANT, ENTRA_CLIENT_ID: CLIENT });
    try {
      const base = server.url.replace('0.0.0.0', '127.0.0.1');
      expect((await (await fetch(`${base}/api/v1/auth/settings`)).json()).mode).toBe('entra');
      expect((await fetch(`${base}/api/v1/auth/local/users`)).status).toBe(404);
    } finally {
      await server.stop();
    }
  });
});

describe('the embedded default over real HTTP', () => {
  it('signs in locally on loopback, bootstraps ADMIN_API_KEY, and never logs a secret', {
    timeout: SLOW,
  }, async () => {
    const adminKey = `bootstrap-${crypto.randomUUID()}`;
    const server = await startServer({ HOST: '127.0.0.1', LOG_LEVEL: 'trace', ADMIN_API_KEY: adminKey });
    const secrets: string[] = [adminKey];
    const requestIds: string[] = [];
    let logs = '';
    try {
      const get = (path: string, token?: string) =>
        fetch(`${server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      const post = (path: string, body: unknown, token?: string) =>
        fetch(`${server.url}${path}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify(body),
        });

      expect((await (await get('/api/v1/auth/settings')).json()).mode).toBe('local');
      const users = (await (await get('/api/v1/auth/local/users')).json()).items as {
        id: string;
        role: string;
      }[];
      expect(users.map((u) => u.role)).toEqual(expect.arrayContaining(['admin', 'helpdesk']));

      const session = await (await post('/api/v1/auth/local/sign-in', { userId: 'helpdesk' })).json();
      secrets.push(session.accessToken);
      expect(await (await get('/api/v1/me', session.accessToken)).json()).toMatchObject({
        role: 'helpdesk',
        method: 'local',
      });
      // A helpdesk agent is not an admin.
      expect((await get('/api/v1/api-keys', session.accessToken)).status).toBe(403);

      // ADMIN_API_KEY works as a bearer key from the first start.
      expect(await (await get('/api/v1/me', adminKey)).json()).toMatchObject({
        role: 'admin',
        method: 'api_key',
      });
      const created = await (
        await post('/api/v1/api-keys', { name: 'export script', role: 'helpdesk' }, adminKey)
      ).json();
      secrets.push(created.key);
      expect((await get('/api/v1/me', created.key)).status).toBe(200);

      const forged = `cmss_${'A'.repeat(43)}`;
      secrets.push(forged);
      const refused = await get('/api/v1/me', forged);
      expect(refused.status).toBe(401);
      requestIds.push((await refused.json()).error.requestId);
    } finally {
      logs = await server.stop();
    }
    // Every request was logged (at the most verbose level), yet no secret reached the log.
    expect(logs.match(/"incoming request"/g)?.length).toBeGreaterThanOrEqual(8);
    for (const secret of secrets) expect(logs).not.toContain(secret);
    expect(logs).not.toMatch(/authorization/i);
    // The request id in the error body leads to the log lines of that request.
    for (const id of requestIds) expect(logs).toContain(`"reqId":"${id}"`);
  });
});
