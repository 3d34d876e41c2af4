/** Builds the real providers against the contract fakes, the way the app's factory does. */
import type { MeetingSpec } from '@cmss/shared';
import { createGraphProvider } from '../../api/src/providers/graph/index.js';
import { createWebexProvider } from '../../api/src/providers/webex/index.js';
import type { GraphFake } from '../fakes/graph/index.js';
import type { WebexFake } from '../fakes/webex/index.js';

export const MAILBOX = 'helpdesk@cmss.example';
export const HOSTS = ['host1@cmss.example', 'host2@cmss.example', 'host3@cmss.example'];

export function webexAgainst(
  fake: WebexFake,
  opts: { timeoutMs?: number; maxInlineWaitMs?: number; refreshToken?: string; accessToken?: string } = {},
) {
  return createWebexProvider({
    webex: {
      baseUrl: fake.baseUrl,
      credential: opts.accessToken
        ? { kind: 'access_token', accessToken: opts.accessToken }
        : {
            kind: 'refresh_token',
            clientId: 'cmss-client-id',
            clientSecret: 'cmss-client-secret',
            refreshToken: opts.refreshToken ?? 'cmss-refresh-token',
          },
    },
    helpdeskMailbox: MAILBOX,
    timeoutMs: opts.timeoutMs ?? 5_000,
    maxInlineWaitMs: opts.maxInlineWaitMs ?? 3_000,
    ca: fake.ca,
  });
}

export function graphAgainst(
  fake: GraphFake,
  opts: {
    timeoutMs?: number;
    maxInlineWaitMs?: number;
    clientSecret?: string;
    tenantDomains?: string[];
  } = {},
) {
  return createGraphProvider({
    graph: {
      tenantId: fake.tenantId,
      clientId: fake.clientId,
      credential: { kind: 'secret', clientSecret: opts.clientSecret ?? fake.clientSecret },
      authorityHost: fake.url,
      baseUrl: fake.graphBaseUrl,
      tenantDomains: opts.tenantDomains ?? ['cmss.example'],
    },
    helpdeskMailbox: MAILBOX,
    timeoutMs: opts.timeoutMs ?? 5_000,
    maxInlineWaitMs: opts.maxInlineWaitMs ?? 3_000,
    ca: fake.ca,
  });
}

let next = 1;
export function meetingSpec(overrides: Partial<MeetingSpec> = {}): MeetingSpec {
  const start = new Date(Date.now() + 3 * 86_400_000);
  start.setUTCMinutes(0, 0, 0);
  return {
    bookingId: next++,
    kind: 'conference',
    title: 'Case conference: refractory ARDS',
    agenda: 'Second opinion on ECMO weaning',
    start: start.toISOString(),
    end: new Date(start.getTime() + 3_600_000).toISOString(),
    timeZone: 'Europe/Brussels',
    hostEmail: HOSTS[0] as string,
    invitees: [
      { email: 'anna.kowalska@example.org', displayName: 'Anna Kowalska' },
      { email: 'jan.devries@cmss.example', displayName: 'Jan de Vries' },
    ],
    ...overrides,
  };
}
