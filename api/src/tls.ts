import { readFileSync } from 'node:fs';
import type { FastifyServerOptions } from 'fastify';
import type { Config } from './config.js';

/**
 * Server options for HTTPS when TLS_CERT_PATH and TLS_KEY_PATH are set (Outlook and Teams load the
 * add-in only over HTTPS). The files are read once at start-up; renewing a certificate means a restart.
 */
export function tlsServerOptions(config: Pick<Config, 'tls'>): FastifyServerOptions {
  if (!config.tls) return {};
  const https = { cert: readFileSync(config.tls.certPath), key: readFileSync(config.tls.keyPath) };
  // Fastify types an HTTPS server separately; buildApp's instance is used the same way for both.
  return { https } as unknown as FastifyServerOptions;
}
