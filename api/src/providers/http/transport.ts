/**
 * The one HTTP client the real providers use (Webex directly, Microsoft Graph and msal-node through
 * small adapters). Built on node:http/https rather than fetch so that every call has the same hard
 * timeout, the same classification of network failures, and an optional extra CA for private
 * endpoints (the contract fakes in tests; a TLS-inspecting proxy in production).
 */
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';

export interface TransportOptions {
  /** Abort a call after this many milliseconds (connect + response), classified as `timeout`. */
  timeoutMs: number;
  /** Extra trusted CA certificates (PEM), added to Node's defaults. */
  ca?: string | string[] | undefined;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: string | undefined;
  /** Overrides the transport's timeout for this call. */
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: string;
}

export type TransportFailure = 'timeout' | 'reset' | 'refused' | 'dns' | 'tls' | 'network';

/** A call that never produced an HTTP answer. Whether the server acted on it is unknown. */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    readonly failure: TransportFailure,
    message: string,
  ) {
    super(message);
  }
}

function failureOf(err: NodeJS.ErrnoException): TransportFailure {
  switch (err.code) {
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
      return 'reset';
    case 'ECONNREFUSED':
      return 'refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'dns';
    case 'ETIMEDOUT':
      return 'timeout';
    default:
      return err.code?.startsWith('ERR_TLS') || err.code?.includes('CERT') ? 'tls' : 'network';
  }
}

/** Connections per provider host; beyond that calls wait for a free one (their own back-pressure). */
const MAX_SOCKETS = 32;

export interface Transport {
  request(req: HttpRequest): Promise<HttpResponse>;
  close(): void;
}

export function createTransport(options: TransportOptions): Transport {
  // `ca` replaces Node's trust store rather than extending it, so the bundled roots are added back;
  // built once as a secure context (parsing ~150 roots per new connection costs tens of ms).
  const extraCa = options.ca === undefined ? [] : Array.isArray(options.ca) ? options.ca : [options.ca];
  const httpsAgent = new https.Agent({
    keepAlive: true,
    maxSockets: MAX_SOCKETS,
    ...(extraCa.length
      ? { secureContext: tls.createSecureContext({ ca: [...tls.rootCertificates, ...extraCa] }) }
      : {}),
  });
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS });

  return {
    request(req) {
      const target = new URL(req.url);
      const isHttps = target.protocol === 'https:';
      const timeoutMs = req.timeoutMs ?? options.timeoutMs;
      const headers: Record<string, string> = { ...req.headers };
      if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
      return new Promise<HttpResponse>((resolve, reject) => {
        let settled = false;
        const fail = (e: TransportError) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          reject(e);
        };
        const call = (isHttps ? https : http).request(
          target,
          { method: req.method, headers, agent: isHttps ? httpsAgent : httpAgent },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('error', (e: NodeJS.ErrnoException) => fail(new TransportError(failureOf(e), e.message)));
            res.on('aborted', () => fail(new TransportError('reset', 'response aborted')));
            res.on('end', () => {
              if (settled) return;
              settled = true;
              clearTimeout(timer);
              const out: Record<string, string> = {};
              for (const [k, v] of Object.entries(res.headers)) {
                if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
              }
              resolve({
                status: res.statusCode ?? 0,
                headers: out,
                body: Buffer.concat(chunks).toString('utf8'),
              });
            });
          },
        );
        // The provider's clock starts when the call has a connection: time spent waiting for a free
        // socket is our own queue (bounded separately), not the provider being slow.
        let timer = setTimeout(() => {
          fail(
            new TransportError('timeout', `no free connection to ${target.host} within ${3 * timeoutMs} ms`),
          );
          call.destroy();
        }, 3 * timeoutMs);
        call.once('socket', () => {
          clearTimeout(timer);
          timer = setTimeout(() => {
            fail(new TransportError('timeout', `no answer from ${target.host} within ${timeoutMs} ms`));
            call.destroy();
          }, timeoutMs);
        });
        call.on('error', (e: NodeJS.ErrnoException) =>
          fail(new TransportError(failureOf(e), `${target.host}: ${e.code ?? ''} ${e.message}`.trim())),
        );
        if (req.body !== undefined) call.write(req.body);
        call.end();
      });
    },
    close() {
      httpsAgent.destroy();
      httpAgent.destroy();
    },
  };
}
