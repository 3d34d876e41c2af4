/**
 * Short, in-call retries for retryable failures. A provider retries inline only while the wait is
 * small (`maxInlineWaitMs`); a longer Retry-After is handed to the booking saga as a retryable
 * ProviderError carrying `retryAfterMs`, so no request thread sleeps for minutes.
 */
import { ProviderError } from '@cmss/shared';

export interface InlineRetryPolicy {
  /** Total attempts, including the first. */
  attempts: number;
  /** Wait when the provider gave no Retry-After (doubled on each retry). */
  baseDelayMs: number;
  /** Largest wait accepted inline; a longer Retry-After ends the call. */
  maxInlineWaitMs: number;
  /** Narrows which retryable failures are retried here (e.g. only those that got no HTTP answer). */
  retryIf?: (err: ProviderError) => boolean;
}

export const DEFAULT_RETRY: InlineRetryPolicy = { attempts: 3, baseDelayMs: 250, maxInlineWaitMs: 5_000 };

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function withInlineRetry<T>(
  policy: InlineRetryPolicy,
  call: (attempt: number) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call(attempt);
    } catch (err) {
      if (!(err instanceof ProviderError) || err.kind !== 'retryable' || attempt >= policy.attempts)
        throw err;
      if (policy.retryIf && !policy.retryIf(err)) throw err;
      const wait = err.details.retryAfterMs ?? policy.baseDelayMs * 2 ** (attempt - 1);
      if (wait > policy.maxInlineWaitMs) throw err;
      await sleep(wait);
    }
  }
}
