import { isIP } from 'node:net';
import { type Config, ConfigError } from '../config.js';

/**
 * True for addresses only this machine can reach: 127.0.0.0/8, ::1 (and its IPv4-mapped form) and
 * `localhost`. Anything else — 0.0.0.0, ::, a LAN address or a host name — is reachable from outside.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || /^(0{0,4}:){0,5}:?ffff:127\./.test(h) || /^(0+:){7}0*1$/.test(h);
  return false;
}

/**
 * The local demo sign-in lets anyone pick any role: only without Entra ID, only bound to loopback, and
 * never behind a reverse proxy (TRUST_PROXY set), which would bring remote users in through loopback.
 */
export const localSignInAvailable = (config: Config): boolean =>
  config.identity.entra === null && isLoopbackHost(config.host) && config.identity.trustProxy === false;

/**
 * Refuses a configuration that would expose the API without real authentication: bound to a
 * non-loopback address with no identity provider. Called before listening (server.ts).
 */
export function assertSafeBinding(config: Config): void {
  if (config.identity.entra === null && !isLoopbackHost(config.host)) {
    throw new ConfigError(
      'HOST',
      `refusing to listen on ${config.host} without an identity provider. ` +
        'Set ENTRA_TENANT_ID and ENTRA_CLIENT_ID (Entra ID sign-in), ' +
        'or bind to loopback (HOST=127.0.0.1) to use the local demo sign-in.',
    );
  }
}
