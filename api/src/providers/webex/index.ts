/**
 * The Webex meeting provider built from configuration (MEETING_PROVIDER=webex). The booking
 * engine's factory (providers/index.ts) calls this; tests call it with a fake's URL and CA.
 */
import { readFileSync } from 'node:fs';
import type { MeetingProvider } from '@cmss/shared';
import type { ProvidersConfig, WebexConfig } from '../config.js';
import { DEFAULT_RETRY } from '../http/retry.js';
import { createTransport } from '../http/transport.js';
import { createWebexMeetings } from './provider.js';
import { createWebexTokenSource, type WebexTokenSource } from './token.js';

export interface WebexProviderSetup {
  webex: WebexConfig;
  /** The helpdesk mailbox: namespaces the integration tags that make create idempotent. */
  helpdeskMailbox: string;
  timeoutMs: ProvidersConfig['timeoutMs'];
  maxInlineWaitMs: ProvidersConfig['maxInlineWaitMs'];
  /** PEM text of extra trusted CAs (tests), or read from PROVIDER_CA_FILE. */
  ca?: string | undefined;
  caFile?: string | undefined;
  onRefreshed?: (tokens: { refreshToken: string; accessTokenExpiresAt: number }) => void;
}

export function createWebexProvider(setup: WebexProviderSetup): MeetingProvider & {
  tokens: WebexTokenSource;
  close(): void;
} {
  const ca = setup.ca ?? (setup.caFile ? readFileSync(setup.caFile, 'utf8') : undefined);
  const transport = createTransport({ timeoutMs: setup.timeoutMs, ca });
  const tokens = createWebexTokenSource({
    baseUrl: setup.webex.baseUrl,
    credential: setup.webex.credential,
    transport,
    ...(setup.onRefreshed ? { onRefreshed: setup.onRefreshed } : {}),
  });
  const provider = createWebexMeetings({
    baseUrl: setup.webex.baseUrl,
    tokens,
    transport,
    tagNamespace: setup.helpdeskMailbox,
    retry: { ...DEFAULT_RETRY, maxInlineWaitMs: setup.maxInlineWaitMs },
  });
  return Object.assign(provider, { tokens, close: () => transport.close() });
}
