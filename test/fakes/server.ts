/**
 * The HTTPS loopback server both contract fakes run on, with on-demand fault injection.
 *
 * Faults model what real providers and networks do, including the dangerous cases where the
 * provider ACTED but the answer never arrived (`slow`, `reset-after`): a naive client retries
 * those into duplicates and orphans.
 *   status       answer `status` without acting (429/503/504…), with Retry-After when given
 *   slow         act, then answer only after `delayMs` (past the client's timeout)
 *   reset        drop the connection without acting
 *   reset-after  act, then drop the connection
 *   expire-token the presented access token expires now → 401 (the client must refresh)
 *   malformed    act, then answer 2xx with a body that breaks the contract
 */
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { throwawayCertificate } from './tls.js';

export type Fault =
  | { kind: 'status'; status: number; retryAfter?: string }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'reset' }
  | { kind: 'reset-after' }
  | { kind: 'expire-token' }
  | { kind: 'malformed' };

export interface FaultRule {
  fault: Fault;
  /** Which calls it hits; default: every API call (not the token endpoints). */
  match?: (method: string, path: string) => boolean;
}

export interface FakeRequest {
  method: string;
  url: URL;
  path: string;
  headers: Record<string, string>;
  body: string;
  receivedAt: number;
  /** Set by the handler when this request touched the auth endpoints. */
  auth: boolean;
}

export interface FakeAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** A handler that acts on the request and returns its answer; `malformed()` breaks the body. */
export type Handler = (req: FakeRequest, fault: Fault | undefined) => FakeAnswer;

export interface RandomFaults {
  rate: number;
  kinds: Fault[];
  random: () => number;
}

export class FaultPlan {
  private queue: FaultRule[] = [];
  random: RandomFaults | undefined;
  injected: Record<string, number> = {};

  /** The next matching calls get these faults, in order. */
  next(...rules: (Fault | FaultRule)[]) {
    for (const r of rules) this.queue.push('fault' in r ? r : { fault: r });
  }

  clear() {
    this.queue = [];
    this.random = undefined;
  }

  take(method: string, path: string, isAuth: boolean): Fault | undefined {
    const i = this.queue.findIndex((r) => (r.match ? r.match(method, path) : !isAuth));
    let fault: Fault | undefined;
    if (i >= 0) fault = this.queue.splice(i, 1)[0]?.fault;
    else if (!isAuth && this.random && this.random.random() < this.random.rate) {
      fault = this.random.kinds[Math.floor(this.random.random() * this.random.kinds.length)];
    }
    if (fault) this.injected[fault.kind] = (this.injected[fault.kind] ?? 0) + 1;
    return fault;
  }
}

export interface FakeServer {
  url: string;
  ca: string;
  requests: FakeRequest[];
  close(): Promise<void>;
}

export async function startFakeServer(
  faults: FaultPlan,
  isAuthPath: (path: string) => boolean,
  handle: Handler,
  onAuthFault: (req: FakeRequest) => void,
): Promise<FakeServer> {
  const { cert, key } = await throwawayCertificate();
  const requests: FakeRequest[] = [];
  const server = https.createServer({ cert, key, keepAlive: true }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'https://127.0.0.1');
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) {
        if (typeof v === 'string') headers[k] = v;
        else if (Array.isArray(v)) headers[k] = v.join(', ');
      }
      const fr: FakeRequest = {
        method: req.method ?? 'GET',
        url,
        path: url.pathname,
        headers,
        body: Buffer.concat(chunks).toString('utf8'),
        receivedAt: Date.now(),
        auth: isAuthPath(url.pathname),
      };
      requests.push(fr);
      const fault = faults.take(fr.method, fr.path, fr.auth);
      const send = (a: FakeAnswer) => {
        if (res.destroyed) return;
        const body = a.body === undefined ? '' : typeof a.body === 'string' ? a.body : JSON.stringify(a.body);
        res.writeHead(a.status, {
          ...(body && !a.headers?.['content-type']
            ? { 'content-type': 'application/json;charset=UTF-8' }
            : {}),
          ...a.headers,
        });
        res.end(body);
      };
      if (fault?.kind === 'reset') {
        req.socket.destroy();
        return;
      }
      if (fault?.kind === 'status') {
        send(handle({ ...fr, path: '#fault' }, fault));
        return;
      }
      if (fault?.kind === 'expire-token') onAuthFault(fr);
      let answer: FakeAnswer;
      try {
        answer = handle(fr, fault);
      } catch (err) {
        answer = { status: 500, body: { message: (err as Error).message } };
      }
      if (fault?.kind === 'reset-after') {
        req.socket.destroy();
        return;
      }
      if (fault?.kind === 'slow') {
        setTimeout(() => send(answer), fault.delayMs).unref();
        return;
      }
      send(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    ca: cert,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
