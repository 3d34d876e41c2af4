/**
 * App-only tokens for Microsoft Graph from Entra ID: msal-node's ConfidentialClientApplication with
 * a client secret or a certificate, client-credentials flow, scope `{graph}/.default`.
 *
 * msal talks to the authority through our transport (same timeouts, optional extra CA), and with
 * `knownAuthorities` naming the authority host it skips Entra's instance discovery and reads the
 * tenant's `/v2.0/.well-known/openid-configuration` from that host only: nothing else is contacted.
 *
 * One acquisition is in flight per credential: concurrent callers share its promise. A token that
 * Graph rejected (401) is replaced once with `skipCache`, again shared.
 */
import {
  AuthError,
  ConfidentialClientApplication,
  type Configuration,
  type INetworkModule,
  type NetworkRequestOptions,
  type NetworkResponse,
} from '@azure/msal-node';
import { ProviderError } from '@cmss/shared';
import { type Transport, TransportError } from '../http/transport.js';
import { parseJson } from '../http/validate.js';

const PROVIDER = 'graph';

export type GraphCredential =
  | { kind: 'secret'; clientSecret: string }
  | { kind: 'certificate'; privateKeyPem: string; certificatePem?: string | undefined; thumbprint: string };

export interface GraphAuthOptions {
  /** e.g. https://login.microsoftonline.com */
  authorityHost: string;
  tenantId: string;
  clientId: string;
  credential: GraphCredential;
  /** The Graph root, e.g. https://graph.microsoft.com: the token's audience. */
  resource: string;
  transport: Transport;
  /** Renew a cached token when less than this remains (default 5 minutes). */
  refreshMarginMs?: number;
  now?: () => number;
}

export interface GraphTokenSource {
  get(): Promise<string>;
  renew(rejected: string): Promise<string>;
  readonly acquisitions: number;
}

/** msal's network seam implemented with our transport. */
function msalNetwork(transport: Transport): INetworkModule {
  const send = async <T>(
    method: 'GET' | 'POST',
    url: string,
    options?: NetworkRequestOptions,
  ): Promise<NetworkResponse<T>> => {
    const res = await transport.request({
      method,
      url,
      headers: options?.headers ?? {},
      body: options?.body,
    });
    return { status: res.status, headers: res.headers, body: (parseJson(res.body) ?? {}) as T };
  };
  return {
    sendGetRequestAsync: (url, options) => send('GET', url, options),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}

const RECONNECT_CODES = new Set([
  'invalid_client',
  'unauthorized_client',
  'invalid_grant',
  'invalid_scope',
  'invalid_request',
]);

/** msal's errors in our three classes. */
export function classifyMsalError(err: unknown): ProviderError {
  if (err instanceof ProviderError) return err;
  if (err instanceof TransportError) {
    return new ProviderError(
      'retryable',
      PROVIDER,
      `Entra ID token endpoint: ${err.failure}: ${err.message}`,
    );
  }
  if (err instanceof AuthError) {
    const status = (err as AuthError & { status?: number }).status;
    const summary = `${err.errorCode}: ${err.errorMessage || err.message}`.slice(0, 500);
    if (
      err.errorCode === 'network_error' ||
      err.errorCode === 'endpoints_resolution_error' ||
      (status !== undefined && (status === 429 || status >= 500))
    ) {
      return new ProviderError('retryable', PROVIDER, `Entra ID is unreachable or throttling: ${summary}`, {
        ...(status !== undefined ? { status } : {}),
      });
    }
    if (RECONNECT_CODES.has(err.errorCode) || /^AADSTS/.test(err.errorMessage ?? '')) {
      return new ProviderError(
        'needs_reconnect',
        PROVIDER,
        `Entra ID refused the app credential (check GRAPH_CLIENT_ID, the secret or certificate, and the tenant): ${summary}`,
        { ...(status !== undefined ? { status } : {}) },
      );
    }
    return new ProviderError('permanent', PROVIDER, `Entra ID: ${summary}`);
  }
  return new ProviderError('retryable', PROVIDER, `Entra ID: ${(err as Error)?.message ?? String(err)}`);
}

export function createGraphTokenSource(options: GraphAuthOptions): GraphTokenSource {
  const now = options.now ?? Date.now;
  const margin = options.refreshMarginMs ?? 5 * 60_000;
  const authority = `${options.authorityHost.replace(/\/$/, '')}/${options.tenantId}`;
  const cred = options.credential;
  const config: Configuration = {
    auth: {
      clientId: options.clientId,
      authority,
      knownAuthorities: [new URL(options.authorityHost).host],
      ...(cred.kind === 'secret'
        ? { clientSecret: cred.clientSecret }
        : {
            clientCertificate: {
              privateKey: cred.privateKeyPem,
              ...(cred.thumbprint.length === 64
                ? { thumbprintSha256: cred.thumbprint }
                : { thumbprint: cred.thumbprint }),
              ...(cred.certificatePem ? { x5c: cred.certificatePem } : {}),
            },
          }),
    },
    system: { networkClient: msalNetwork(options.transport) },
  };
  const app = new ConfidentialClientApplication(config);
  const scopes = [`${options.resource.replace(/\/$/, '')}/.default`];

  let current: { token: string; expiresAt: number } | undefined;
  let inFlight: Promise<string> | undefined;
  let acquisitions = 0;

  function acquire(skipCache: boolean): Promise<string> {
    if (!inFlight) {
      inFlight = (async () => {
        try {
          const result = await app.acquireTokenByClientCredential({ scopes, skipCache });
          if (!result?.accessToken) {
            throw new ProviderError('permanent', PROVIDER, 'Entra ID returned no access token');
          }
          acquisitions++;
          current = {
            token: result.accessToken,
            expiresAt: result.expiresOn ? result.expiresOn.getTime() : now() + 3_600_000,
          };
          return current.token;
        } catch (err) {
          throw classifyMsalError(err);
        } finally {
          inFlight = undefined;
        }
      })();
    }
    return inFlight;
  }

  return {
    get() {
      if (current && current.expiresAt - now() > margin) return Promise.resolve(current.token);
      return acquire(false);
    },
    renew(rejected) {
      if (current && current.token !== rejected && current.expiresAt - now() > margin) {
        return Promise.resolve(current.token);
      }
      if (current?.token === rejected) current = undefined;
      return acquire(true);
    },
    get acquisitions() {
      return acquisitions;
    },
  };
}
