import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, ConfigError, loadConfig } from '@cmss/api';
import { describe, expect, it } from 'vitest';
import { tlsServerOptions } from '../../api/src/tls.js';
import { throwawayCertificate } from '../fakes/tls.js';

/** HTTPS for sideloading: Outlook and Teams load the add-in only from an https:// URL. */
describe('HTTPS (TLS_CERT_PATH, TLS_KEY_PATH)', () => {
  it('serves the add-in and the API over HTTPS with the configured certificate', async () => {
    const { cert, key } = await throwawayCertificate();
    const dir = mkdtempSync(join(tmpdir(), 'cmss-tls-'));
    writeFileSync(join(dir, 'cert.pem'), cert);
    writeFileSync(join(dir, 'key.pem'), key);
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      DATABASE_PATH: ':memory:',
      SEED_DEMO: 'false',
      PUBLIC_URL: 'https://localhost:3443',
      TLS_CERT_PATH: join(dir, 'cert.pem'),
      TLS_KEY_PATH: join(dir, 'key.pem'),
    });
    expect(config.tls).toEqual({ certPath: join(dir, 'cert.pem'), keyPath: join(dir, 'key.pem') });
    const app = await buildApp(config, tlsServerOptions(config));
    try {
      await app.listen({ host: '127.0.0.1', port: 0 });
      const { port } = app.server.address() as { port: number };
      const get = (path: string) =>
        new Promise<{ status: number; body: string; authorized: boolean }>((resolve, reject) => {
          const req = request({ host: '127.0.0.1', port, path, ca: cert, servername: 'localhost' }, (res) => {
            const authorized = (res.socket as import('node:tls').TLSSocket).authorized;
            let body = '';
            res.on('data', (c) => {
              body += c;
            });
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                body,
                authorized,
              }),
            );
          });
          req.on('error', reject);
          req.end();
        });
      const health = await get('/api/v1/auth/settings');
      expect(health.status).toBe(200);
      expect(health.authorized).toBe(true);
      const manifest = await get('/api/v1/addin/manifest.xml');
      expect(manifest.body).toContain(
        '<SourceLocation DefaultValue="https://localhost:3443/addin/?host=outlook"/>',
      );
    } finally {
      await app.close();
    }
  }, 60_000);

  it('serves plain HTTP without them, and refuses half a configuration or a missing file', () => {
    expect(loadConfig({}).tls).toBeNull();
    expect(tlsServerOptions({ tls: null })).toEqual({});
    expect(() => loadConfig({ TLS_CERT_PATH: '/etc/hostname' })).toThrow(ConfigError);
    expect(() => loadConfig({ TLS_CERT_PATH: '/etc/hostname' })).toThrow(/TLS_KEY_PATH/);
    expect(() => loadConfig({ TLS_CERT_PATH: '/nope/cert.pem', TLS_KEY_PATH: '/etc/hostname' })).toThrow(
      /TLS_CERT_PATH: no such file/,
    );
  });
});
