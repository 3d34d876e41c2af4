/**
 * One classification for every provider failure (DESIGN §4), shared by the Webex and Graph adapters:
 *   retryable        429, 503, 504, 502, 500 and calls that never got an answer (timeout, reset…);
 *                    `retryAfterMs` carries the provider's Retry-After when it sent one;
 *   needs_reconnect  401 and OAuth `invalid_grant`/`invalid_client`: staff must re-authorise;
 *   permanent        every other 4xx, with the provider's own message and tracking id.
 */
import { ProviderError } from '@cmss/shared';
import { TransportError } from './transport.js';

/** Longest Retry-After we believe (a day); anything longer is a provider bug, capped. */
const MAX_RETRY_AFTER_MS = 86_400_000;

/**
 * `Retry-After` is either delta-seconds or an HTTP-date (RFC 9110 §10.2.3). Returns milliseconds
 * from `now`, 0 for a date in the past, undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.min(Math.round(Number(text) * 1000), MAX_RETRY_AFTER_MS);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(0, at - now), MAX_RETRY_AFTER_MS);
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

export interface HttpFailure {
  status: number;
  /** The provider's own explanation, shown to staff. */
  message: string;
  retryAfterMs?: number | undefined;
  trackingId?: string | undefined;
  /** An OAuth error code from a token endpoint (`invalid_grant`, …). */
  oauthError?: string | undefined;
}

const RECONNECT_OAUTH_ERRORS = new Set(['invalid_grant', 'invalid_client', 'unauthorized_client']);

export function classifyHttpFailure(provider: string, failure: HttpFailure): ProviderError {
  const details = {
    status: failure.status,
    ...(failure.retryAfterMs !== undefined ? { retryAfterMs: failure.retryAfterMs } : {}),
    ...(failure.trackingId ? { trackingId: failure.trackingId } : {}),
  };
  const suffix = failure.trackingId ? ` (tracking id ${failure.trackingId})` : '';
  if (failure.oauthError && RECONNECT_OAUTH_ERRORS.has(failure.oauthError)) {
    return new ProviderError(
      'needs_reconnect',
      provider,
      `${provider} credential was rejected (${failure.oauthError}): ${failure.message}${suffix}`,
      details,
    );
  }
  if (failure.status === 401) {
    return new ProviderError(
      'needs_reconnect',
      provider,
      `${provider} rejected the access token: ${failure.message}${suffix}`,
      details,
    );
  }
  if (RETRYABLE_STATUS.has(failure.status)) {
    return new ProviderError(
      'retryable',
      provider,
      `${provider} is unavailable or throttling (HTTP ${failure.status}): ${failure.message}${suffix}`,
      details,
    );
  }
  return new ProviderError(
    'permanent',
    provider,
    `${provider} refused the request (HTTP ${failure.status}): ${failure.message}${suffix}`,
    details,
  );
}

export function classifyTransportError(provider: string, err: TransportError): ProviderError {
  // TLS failures are configuration problems (wrong CA, wrong host): retrying does not help.
  if (err.failure === 'tls') {
    return new ProviderError('permanent', provider, `${provider}: TLS failure: ${err.message}`);
  }
  return new ProviderError('retryable', provider, `${provider}: ${err.failure}: ${err.message}`);
}

/** A 2xx answer whose body breaks the contract. The provider may have acted on the request. */
export class MalformedAnswerError extends ProviderError {}

/** A 2xx answer whose body does not have the documented shape: never used, never retried blindly. */
export function malformedAnswer(provider: string, what: string, problems: string[], trackingId?: string) {
  return new MalformedAnswerError(
    'permanent',
    provider,
    `${provider} answered ${what} with an unexpected body: ${problems.slice(0, 3).join('; ')}`,
    trackingId ? { trackingId } : {},
  );
}

/**
 * A create whose answer could not be read is in the same position as one whose answer was lost:
 * the provider may have acted. Where the create is replayable without duplicates (Webex integration
 * tag lookup, Graph transactionId), that is retryable — the replay adopts what was created — rather
 * than permanent, which would make the saga give up without knowing the id to undo.
 */
export function unreadableCreate(err: MalformedAnswerError): ProviderError {
  return new ProviderError(
    'retryable',
    err.provider,
    `${err.message} (will replay the creation)`,
    err.details,
  );
}

export function toProviderError(provider: string, err: unknown): ProviderError {
  if (err instanceof ProviderError) return err;
  if (err instanceof TransportError) return classifyTransportError(provider, err);
  return new ProviderError('retryable', provider, `${provider}: ${(err as Error)?.message ?? String(err)}`);
}
