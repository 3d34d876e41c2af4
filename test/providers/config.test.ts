/**
 * Start-up refuses an incomplete provider configuration, naming what is missing; complete ones load.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '@cmss/api';
import { generate } from 'selfsigned';
import { describe, expect, it } from 'vitest';

const base = { LOG_LEVEL: 'silent', DATABASE_PATH: ':memory:', SEED_DEMO: 'false' };
const refusal = (env: Record<string, string>) => {
  try {
    loadConfig({ ...base, ...env });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).message;
  }
  throw new Error('the configuration was accepted');
};

describe('provider configuration', () => {
  it('defaults to the embedded providers and needs no credentials', () => {
    const config = loadConfig(base);
    expect(config.providers).toMatchObject({ webex: null, graph: null, timeoutMs: 15_000 });
  });

  it('MEETING_PROVIDER=webex without credentials names every missing variable', () => {
    const message = refusal({ MEETING_PROVIDER: 'webex' });
    expect(message).toContain('WEBEX_CLIENT_ID');
    expect(message).toContain('WEBEX_CLIENT_SECRET');
    expect(message).toContain('WEBEX_REFRESH_TOKEN');
    expect(message).toContain('WEBEX_ACCESS_TOKEN');
    expect(refusal({ MEETING_PROVIDER: 'webex', WEBEX_CLIENT_ID: 'id', WEBEX_REFRESH_TOKEN: 'r' })).toMatch(
      /^WEBEX_CLIENT_SECRET: .*needs WEBEX_CLIENT_SECRET \(missing\)/,
    );
    expect(
      refusal({ MEETING_PROVIDER: 'webex', WEBEX_ACCESS_TOKEN: 'a', WEBEX_REFRESH_TOKEN: 'r' }),
    ).toContain('not both');
  });

  it('accepts a Webex integration (refresh token) or a bot token, with the default API URL', () => {
    const integration = loadConfig({
      ...base,
      MEETING_PROVIDER: 'webex',
      WEBEX_CLIENT_ID: 'id',
      WEBEX_CLIENT_SECRET: 'secret',
      WEBEX_REFRESH_TOKEN: 'refresh',
    }).providers.webex;
    expect(integration).toEqual({
      baseUrl: 'https://webexapis.com/v1',
      credential: { kind: 'refresh_token', clientId: 'id', clientSecret: 'secret', refreshToken: 'refresh' },
    });
    const bot = loadConfig({ ...base, MEETING_PROVIDER: 'webex', WEBEX_ACCESS_TOKEN: 'bot' }).providers.webex;
    expect(bot?.credential).toEqual({ kind: 'access_token', accessToken: 'bot' });
  });

  it('CALENDAR_PROVIDER=graph needs tenant, client and a secret or a certificate', () => {
    expect(refusal({ CALENDAR_PROVIDER: 'graph' })).toMatch(/GRAPH_TENANT_ID, GRAPH_CLIENT_ID \(missing\)/);
    const message = refusal({ CALENDAR_PROVIDER: 'graph', GRAPH_TENANT_ID: 't', GRAPH_CLIENT_ID: 'c' });
    expect(message).toContain('GRAPH_CERTIFICATE_PATH');
    expect(message).toContain('GRAPH_CERTIFICATE_THUMBPRINT');
    expect(message).toContain('GRAPH_CLIENT_SECRET');
    expect(
      refusal({
        CALENDAR_PROVIDER: 'graph',
        GRAPH_TENANT_ID: 't',
        GRAPH_CLIENT_ID: 'c',
        GRAPH_CLIENT_SECRET: 's',
        GRAPH_CERTIFICATE_PATH: '/x.pem',
      }),
    ).toContain('not both');
    expect(
      refusal({
        CALENDAR_PROVIDER: 'graph',
        GRAPH_TENANT_ID: 't',
        GRAPH_CLIENT_ID: 'c',
        GRAPH_CERTIFICATE_PATH: '/nonexistent.pem',
        GRAPH_CERTIFICATE_THUMBPRINT: 'ab'.repeat(20),
      }),
    ).toMatch(/^GRAPH_CERTIFICATE_PATH/);
  });

  it('accepts a Graph certificate credential and defaults the Microsoft endpoints', async () => {
    const pems = await generate([{ name: 'commonName', value: 'cmss' }], { keySize: 2048 });
    const path = join(mkdtempSync(join(tmpdir(), 'cmss-cfg-')), 'app.pem');
    writeFileSync(path, `${pems.private}${pems.cert}`);
    const graph = loadConfig({
      ...base,
      CALENDAR_PROVIDER: 'graph',
      GRAPH_TENANT_ID: 'contoso.onmicrosoft.com',
      GRAPH_CLIENT_ID: '0d6b7b4c-2222-4a8e-b3a1-9f8e7d6c5b4a',
      GRAPH_CERTIFICATE_PATH: path,
      GRAPH_CERTIFICATE_THUMBPRINT: pems.fingerprint,
      GRAPH_TENANT_DOMAINS: 'cmss.example, hospital.example',
    }).providers.graph;
    expect(graph).toMatchObject({
      authorityHost: 'https://login.microsoftonline.com',
      baseUrl: 'https://graph.microsoft.com/v1.0',
      tenantDomains: ['cmss.example', 'hospital.example'],
      credential: { kind: 'certificate', thumbprint: pems.fingerprint.replace(/:/g, '').toLowerCase() },
    });
  });
});
