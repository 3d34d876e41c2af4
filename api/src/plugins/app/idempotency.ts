import { createHash } from 'node:crypto';
import { createIdempotencyRepository } from '@cmss/db';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../../errors.js';
import { addRouteHook, routeMethods } from '../../route-hooks.js';

/**
 * `Idempotency-Key` for every POST (IETF draft-ietf-httpapi-idempotency-key-header).
 *
 * A client that does not know whether its POST arrived (timeout, dropped connection, an add-in
 * reloaded mid-request) sends it again with the same key and gets the first response back instead of
 * a second request or booking. The plugin is global: any POST carrying the header is covered, no
 * route code needed. A route that must never be replayed opts out with `config: { idempotency: false }`.
 *
 * - A key is scoped to the caller (principal) and the route, so two users cannot collide.
 * - The same key with a different body (or a different URL, e.g. another request id) is a 422.
 * - While the first request is still running, a replay gets 409 `idempotency_in_progress`.
 * - 2xx responses are stored and replayed (header `Idempotent-Replayed: true`). A 4xx or 5xx is not
 *   stored, so the client may correct its request and send it again under the same key (as Stripe
 *   does for requests that fail validation), or retry a 5xx as it was. A 4xx leaves nothing a repeat
 *   would do twice: it wrote nothing, or (a booking refused once its request is `scheduling`, or undone
 *   because the request was closed meanwhile) the repeat is refused before it writes or calls a provider.
 * - A replay repeats the first response's `Location` and `ETag` (REPLAYED_HEADERS): a client retrying a
 *   creation after a timeout learns where the record is and can PATCH it without reading it first.
 *   Responses stored before headers were kept (response_headers NULL) replay without them.
 */

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: this POST ignores Idempotency-Key (default: honoured). */
    idempotency?: boolean;
  }
  interface FastifyRequest {
    /** Set while this request owns an idempotency key; its response is stored under it. */
    idempotencyScope: string | null;
  }
}

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
/** Headers of the stored response that belong to it rather than to the exchange (Date, rate limits…). */
const REPLAYED_HEADERS = ['location', 'content-location', 'etag'] as const;

function replayedHeaders(reply: FastifyReply): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = reply.getHeader(name);
    if (typeof value === 'string' || typeof value === 'number') kept[name] = String(value);
  }
  return kept;
}

/** The stored headers (`complete` wrote only REPLAYED_HEADERS); none for a row stored before them. */
const storedHeaders = (json: string | null): Record<string, string> =>
  json ? (JSON.parse(json) as Record<string, string>) : {};

/** Key order must not matter: `{a,b}` and `{b,a}` are the same request. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const fingerprint = (request: FastifyRequest) =>
  createHash('sha256')
    .update(`${request.method} ${request.url}\n${canonicalJson(request.body ?? null)}`)
    .digest('hex');

export default fp(
  async (app) => {
    const repo = createIdempotencyRepository(app.database.db, {
      retentionMs: app.config.idempotencyRetentionHours * 3_600_000,
      abandonedAfterMs: 10 * 60_000,
    });
    app.decorateRequest('idempotencyScope', null);

    const claimKey = async (request: FastifyRequest, reply: FastifyReply) => {
      if (request.method !== 'POST') return;
      const raw = request.headers[IDEMPOTENCY_HEADER];
      if (raw === undefined) return;
      const key = Array.isArray(raw) ? raw[0] : raw;
      if (!key || !KEY_PATTERN.test(key)) {
        throw new AppError(
          400,
          'invalid_idempotency_key',
          'Idempotency-Key must be 1–255 visible ASCII characters (a UUID is a good choice)',
        );
      }
      const who = request.principal?.subject ?? 'anonymous';
      const scope = `${who}:POST ${request.routeOptions.url}:${key}`;
      const hash = fingerprint(request);
      const claim = repo.claim(scope, hash);
      if (claim.outcome === 'claimed') {
        request.idempotencyScope = scope;
        return;
      }
      if (claim.record.requestHash !== hash) {
        throw new AppError(
          422,
          'idempotency_key_reused',
          'This Idempotency-Key was already used for a different request; use a new key for a new request',
        );
      }
      if (claim.outcome === 'in_flight') {
        throw new AppError(
          409,
          'idempotency_in_progress',
          'A request with this Idempotency-Key is still being processed; retry shortly',
        );
      }
      reply
        .code(claim.record.statusCode ?? 200)
        .headers(storedHeaders(claim.record.responseHeaders))
        .header('idempotent-replayed', 'true')
        .type('application/json; charset=utf-8');
      return reply.send(claim.record.responseBody ?? '');
    };

    const storeResponse = async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      const scope = request.idempotencyScope;
      if (!scope) return payload;
      request.idempotencyScope = null;
      if (reply.statusCode >= 400 || typeof payload !== 'string') repo.release(scope);
      else repo.complete(scope, reply.statusCode, payload, replayedHeaders(reply));
      return payload;
    };

    // A client that hangs up before the answer must still be able to retry with the same key.
    const releaseKey = async (request: FastifyRequest) => {
      if (request.idempotencyScope) repo.release(request.idempotencyScope);
    };

    // Only POST routes take the hooks (a route that also answers other methods is checked per request).
    app.addHook('onRoute', (route) => {
      if (!routeMethods(route).includes('POST') || route.config?.idempotency === false) return;
      addRouteHook(route, 'preHandler', claimKey);
      addRouteHook(route, 'onSend', storeResponse);
      addRouteHook(route, 'onRequestAbort', releaseKey);
    });
  },
  { name: 'idempotency', dependencies: ['database', 'auth', 'errors'] },
);
