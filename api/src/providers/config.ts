/**
 * Credentials and endpoints of the real providers (#5), read with the helpers of config.ts.
 * Only the provider actually selected by MEETING_PROVIDER / CALENDAR_PROVIDER is required to be
 * complete; an incomplete combination stops start-up with a message naming every missing variable.
 */
import { existsSync, readFileSync } from 'node:fs';
import { ConfigError, int, list, oneOf, str, url } from '../config.js';
import type { WebexCredential } from './webex/token.js';

type Env = Record<string, string | undefined>;

function requireAll(selector: string, needed: Record<string, string | undefined>, hint = '') {
  const missing = Object.entries(needed)
    .filter(([, v]) => v === undefined)
    .map(([k]) => k);
  if (missing.length) {
    throw new ConfigError(missing[0] ?? selector, `${selector} needs ${missing.join(', ')} (missing)${hint}`);
  }
}

function webexConfig(env: Env): { baseUrl: string; credential: WebexCredential } {
  const baseUrl = url(env, 'WEBEX_BASE_URL', 'https://webexapis.com/v1');
  const accessToken = str(env, 'WEBEX_ACCESS_TOKEN');
  const clientId = str(env, 'WEBEX_CLIENT_ID');
  const clientSecret = str(env, 'WEBEX_CLIENT_SECRET');
  const refreshToken = str(env, 'WEBEX_REFRESH_TOKEN');
  if (accessToken && refreshToken) {
    throw new ConfigError(
      'WEBEX_ACCESS_TOKEN',
      'set either WEBEX_REFRESH_TOKEN (with WEBEX_CLIENT_ID and WEBEX_CLIENT_SECRET) or WEBEX_ACCESS_TOKEN, not both',
    );
  }
  if (accessToken) return { baseUrl, credential: { kind: 'access_token', accessToken } };
  requireAll(
    'MEETING_PROVIDER=webex',
    { WEBEX_CLIENT_ID: clientId, WEBEX_CLIENT_SECRET: clientSecret, WEBEX_REFRESH_TOKEN: refreshToken },
    ' — or set WEBEX_ACCESS_TOKEN for a bot token',
  );
  return {
    baseUrl,
    credential: {
      kind: 'refresh_token',
      clientId: clientId as string,
      clientSecret: clientSecret as string,
      refreshToken: refreshToken as string,
    },
  };
}

function graphConfig(env: Env) {
  const tenantId = str(env, 'GRAPH_TENANT_ID');
  const clientId = str(env, 'GRAPH_CLIENT_ID');
  const clientSecret = str(env, 'GRAPH_CLIENT_SECRET');
  const certificatePath = str(env, 'GRAPH_CERTIFICATE_PATH');
  const thumbprintRaw = str(env, 'GRAPH_CERTIFICATE_THUMBPRINT');
  requireAll('CALENDAR_PROVIDER=graph', { GRAPH_TENANT_ID: tenantId, GRAPH_CLIENT_ID: clientId });
  if (clientSecret && (certificatePath || thumbprintRaw)) {
    throw new ConfigError(
      'GRAPH_CLIENT_SECRET',
      'set either GRAPH_CLIENT_SECRET or GRAPH_CERTIFICATE_PATH + GRAPH_CERTIFICATE_THUMBPRINT, not both',
    );
  }
  let credential:
    | { kind: 'secret'; clientSecret: string }
    | { kind: 'certificate'; certificatePath: string; thumbprint: string };
  if (clientSecret) {
    credential = { kind: 'secret', clientSecret };
  } else {
    requireAll(
      'CALENDAR_PROVIDER=graph',
      { GRAPH_CERTIFICATE_PATH: certificatePath, GRAPH_CERTIFICATE_THUMBPRINT: thumbprintRaw },
      ' — or set GRAPH_CLIENT_SECRET',
    );
    const thumbprint = (thumbprintRaw as string).replace(/[\s:]/g, '').toLowerCase();
    if (!/^([0-9a-f]{40}|[0-9a-f]{64})$/.test(thumbprint)) {
      throw new ConfigError(
        'GRAPH_CERTIFICATE_THUMBPRINT',
        'must be the SHA-1 (40 hex) or SHA-256 (64 hex) thumbprint',
      );
    }
    if (
      !existsSync(certificatePath as string) ||
      !/PRIVATE KEY-----/.test(readFileSync(certificatePath as string, 'utf8'))
    ) {
      throw new ConfigError(
        'GRAPH_CERTIFICATE_PATH',
        `must be a readable PEM file holding the private key, got "${certificatePath}"`,
      );
    }
    credential = { kind: 'certificate', certificatePath: certificatePath as string, thumbprint };
  }
  return {
    tenantId: tenantId as string,
    clientId: clientId as string,
    credential,
    authorityHost: url(env, 'GRAPH_AUTHORITY_HOST', 'https://login.microsoftonline.com'),
    baseUrl: url(env, 'GRAPH_BASE_URL', 'https://graph.microsoft.com/v1.0'),
    /** Addresses in these domains are inside the tenant (free/busy visible); empty = the mailbox's domain. */
    tenantDomains: list(env, 'GRAPH_TENANT_DOMAINS').map((d) => d.toLowerCase()),
  };
}

function caFile(env: Env) {
  const path = str(env, 'PROVIDER_CA_FILE');
  if (path !== undefined && !existsSync(path))
    throw new ConfigError('PROVIDER_CA_FILE', `file not found: "${path}"`);
  return path;
}

export function providersConfig(env: Env) {
  const meeting = oneOf(env, 'MEETING_PROVIDER', ['local', 'webex'], 'local');
  const calendar = oneOf(env, 'CALENDAR_PROVIDER', ['ics', 'graph'], 'ics');
  return {
    /** Hard limit for one call to Webex, Graph or Entra ID (connect + answer). */
    timeoutMs: int(env, 'PROVIDER_TIMEOUT_MS', 15_000, 500, 120_000),
    /** Longest Retry-After waited for inside one call; longer ones go back to the booking saga. */
    maxInlineWaitMs: int(env, 'PROVIDER_MAX_INLINE_WAIT_MS', 5_000, 0, 60_000),
    /** Extra CA certificates (PEM) to trust for provider endpoints, e.g. a TLS-inspecting proxy. */
    caFile: caFile(env),
    webex: meeting === 'webex' ? webexConfig(env) : null,
    graph: calendar === 'graph' ? graphConfig(env) : null,
  };
}

export type ProvidersConfig = ReturnType<typeof providersConfig>;
export type WebexConfig = NonNullable<ProvidersConfig['webex']>;
export type GraphConfig = NonNullable<ProvidersConfig['graph']>;
