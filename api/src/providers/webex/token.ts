/**
 * Access tokens for the Webex adapter.
 *
 * - Integration or service app (WEBEX_CLIENT_ID + WEBEX_CLIENT_SECRET + WEBEX_REFRESH_TOKEN): the
 *   access token is obtained from `POST /v1/access_token` (grant_type=refresh_token) and renewed
 *   ahead of its expiry. Exactly one refresh is in flight per credential: concurrent callers share
 *   the same promise, so a burst of bookings never spends the refresh token twice. Webex answers
 *   with the refresh token to use from then on (normally the same one, its lifetime extended); it
 *   is kept and reported through `onRefreshed`.
 * - Fixed token (WEBEX_ACCESS_TOKEN: a bot or a short-lived developer token): used as is; when
 *   Webex rejects it, the credential needs reconnecting.
 */
import { ProviderError } from '@cmss/shared';
import { classifyHttpFailure, toProviderError } from '../http/errors.js';
import type { Transport } from '../http/transport.js';
import { answerValidator, parseJson } from '../http/validate.js';
import { WebexErrorBody, WebexTokenAnswer } from './schemas.js';

export type WebexCredential =
  | { kind: 'access_token'; accessToken: string }
  | { kind: 'refresh_token'; clientId: string; clientSecret: string; refreshToken: string };

export interface WebexTokenSource {
  /** A token valid for at least the refresh margin. */
  get(): Promise<string>;
  /**
   * The token `rejected` got a 401: refresh once (shared with any concurrent caller that saw the
   * same rejection), unless someone already replaced it.
   */
  renew(rejected: string): Promise<string>;
  /** Refreshes performed so far (observability and tests). */
  readonly refreshCount: number;
}

export interface TokenSourceOptions {
  baseUrl: string;
  credential: WebexCredential;
  transport: Transport;
  /** Renew when less than this remains (default 5 minutes). */
  refreshMarginMs?: number;
  now?: () => number;
  onRefreshed?: (tokens: { refreshToken: string; accessTokenExpiresAt: number }) => void;
}

const PROVIDER = 'webex';
const tokenAnswer = answerValidator(WebexTokenAnswer);
const errorBody = answerValidator(WebexErrorBody);

export function createWebexTokenSource(options: TokenSourceOptions): WebexTokenSource {
  const now = options.now ?? Date.now;
  const margin = options.refreshMarginMs ?? 5 * 60_000;
  const credential = options.credential;
  let refreshCount = 0;

  if (credential.kind === 'access_token') {
    return {
      get: async () => credential.accessToken,
      renew: async () => {
        throw new ProviderError(
          'needs_reconnect',
          PROVIDER,
          'Webex rejected WEBEX_ACCESS_TOKEN; issue a new token or configure a refresh token',
          { status: 401 },
        );
      },
      refreshCount: 0,
    };
  }

  const client = credential;
  let refreshToken = client.refreshToken;
  let current: { token: string; expiresAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  async function refresh(): Promise<string> {
    const form = new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: client.clientId,
      client_secret: client.clientSecret,
      refresh_token: refreshToken,
    });
    let res: Awaited<ReturnType<Transport['request']>>;
    try {
      res = await options.transport.request({
        method: 'POST',
        url: `${options.baseUrl}/access_token`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
      });
    } catch (err) {
      throw toProviderError(PROVIDER, err);
    }
    const body = parseJson(res.body);
    if (res.status !== 200) {
      const parsed = errorBody.check(body);
      const e = parsed.ok ? parsed.value : {};
      const oauthError =
        e.error ??
        // Webex's token endpoint reports a spent or revoked refresh token as a 400 with a message.
        (res.status === 400 || res.status === 401 ? 'invalid_grant' : undefined);
      throw classifyHttpFailure(PROVIDER, {
        status: res.status,
        message: e.error_description ?? e.message ?? `token endpoint answered ${res.status}`,
        trackingId: e.trackingId ?? res.headers.trackingid,
        oauthError,
      });
    }
    const parsed = tokenAnswer.check(body);
    if (!parsed.ok) {
      throw new ProviderError(
        'permanent',
        PROVIDER,
        `Webex token endpoint answered with an unexpected body: ${parsed.problems.slice(0, 3).join('; ')}`,
      );
    }
    refreshCount++;
    const expiresAt = now() + parsed.value.expires_in * 1000;
    current = { token: parsed.value.access_token, expiresAt };
    if (parsed.value.refresh_token) refreshToken = parsed.value.refresh_token;
    options.onRefreshed?.({ refreshToken, accessTokenExpiresAt: expiresAt });
    return current.token;
  }

  function shared(): Promise<string> {
    if (!inFlight) {
      inFlight = refresh().finally(() => {
        inFlight = undefined;
      });
    }
    return inFlight;
  }

  return {
    get() {
      if (current && current.expiresAt - now() > margin) return Promise.resolve(current.token);
      return shared();
    },
    renew(rejected) {
      if (current && current.token !== rejected && current.expiresAt - now() > margin) {
        return Promise.resolve(current.token);
      }
      if (current?.token === rejected) current = undefined;
      return shared();
    },
    get refreshCount() {
      return refreshCount;
    },
  };
}
