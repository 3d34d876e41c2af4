/**
 * A loopback contract fake of the Webex Meetings REST API and its OAuth token endpoint.
 *
 * Follows the real contract: `POST /v1/access_token` (refresh_token grant), and under /v1 the
 * operations createMeeting, listMeetings (integrationTag, hostEmail, from/to), getMeeting,
 * PATCH (media type application/json-patch+json, as Cisco declares it) and deleteMeeting; answers
 * with MeetingSeriesObject / MeetingObjectForListMeeting bodies and Webex's error body
 * {message, errors[], trackingId} plus a TrackingID header. When Cisco's OpenAPI description is
 * present every request is validated against the operation's schema (violations → 400 and recorded
 * in `violations`), and every answer the fake gives is checked too (`answerViolations`).
 * Business rules enforced like Webex: start not in the past, 10 min ≤ duration ≤ 23 h 59, host must
 * be a licensed user of the site, sendEmail defaults to true (recorded: `emailsSent`).
 */
import { randomBytes, randomInt } from 'node:crypto';
import { type FakeAnswer, type FakeRequest, type Fault, FaultPlan, startFakeServer } from '../server.js';
import { loadWebexContract, type WebexContract } from './contract.js';

export interface FakeMeeting {
  id: string;
  meetingNumber: string;
  title: string;
  agenda?: string;
  password: string;
  start: string;
  end: string;
  timezone?: string;
  hostEmail: string;
  scheduledType: 'meeting' | 'webinar';
  invitees: { email: string; displayName?: string; panelist?: boolean }[];
  integrationTags: string[];
  state: 'active' | 'deleted';
  webLink: string;
  sipAddress: string;
}

export interface WebexFakeOptions {
  hosts: string[];
  clientId?: string;
  clientSecret?: string;
  refreshToken?: string;
  /** Lifetime of issued access tokens, seconds. */
  accessTokenLifetime?: number;
  /** Skip Cisco's schema even when present (never in contract tests). */
  ignoreSpec?: boolean;
}

const SITE = 'cmss-fake.webex.com';

export interface WebexFake {
  url: string;
  /** The provider's WEBEX_BASE_URL. */
  baseUrl: string;
  ca: string;
  faults: FaultPlan;
  meetings: Map<string, FakeMeeting>;
  requests: FakeRequest[];
  /** Requests rejected for breaking Cisco's schema, with the reasons. */
  violations: { method: string; path: string; problems: string[] }[];
  /** Answers of the fake that break Cisco's response schemas (a defect of the fake). */
  answerViolations: string[];
  contract: WebexContract | { missing: string };
  tokenRefreshes: number;
  /** Meetings created with sendEmail true (Webex would e-mail the invitees): must stay 0. */
  emailsSent: number;
  /** A refresh token that no longer works (revoked by the user or expired). */
  revokeRefreshToken(): void;
  /** Makes every access token issued so far expire now. */
  expireAccessTokens(): void;
  issueAccessToken(): string;
  /** Licenses more host accounts on the site. */
  addHosts(emails: string[]): void;
  close(): Promise<void>;
}

const trackingId = () => `CMSSFAKE_${randomBytes(8).toString('hex').toUpperCase()}`;

function error(
  status: number,
  message: string,
  descriptions: string[] = [],
  headers: Record<string, string> = {},
) {
  const id = trackingId();
  return {
    status,
    headers: { trackingid: id, ...headers },
    body: { message, errors: descriptions.map((description) => ({ description })), trackingId: id },
  } satisfies FakeAnswer;
}

const minute = (iso: string) => {
  const d = new Date(iso);
  d.setUTCSeconds(0, 0);
  return d.toISOString().replace('.000Z', 'Z');
};

export async function startWebexFake(options: WebexFakeOptions): Promise<WebexFake> {
  const clientId = options.clientId ?? 'cmss-client-id';
  const clientSecret = options.clientSecret ?? 'cmss-client-secret';
  let refreshToken = options.refreshToken ?? 'cmss-refresh-token';
  const lifetime = options.accessTokenLifetime ?? 1209600;
  const hosts = new Set(options.hosts.map((h) => h.toLowerCase()));
  const tokens = new Map<string, number>(); // token → expiresAt
  const meetings = new Map<string, FakeMeeting>();
  const faults = new FaultPlan();
  const violations: WebexFake['violations'] = [];
  const answerViolations: string[] = [];
  const contract = options.ignoreSpec ? { missing: 'ignored' } : loadWebexContract();
  const spec = 'checkRequest' in contract ? contract : undefined;
  const state = { tokenRefreshes: 0, emailsSent: 0 };

  const issue = () => {
    const token = `wx_${randomBytes(16).toString('hex')}`;
    tokens.set(token, Date.now() + lifetime * 1000);
    return token;
  };

  const seriesObject = (m: FakeMeeting) => ({
    id: m.id,
    meetingNumber: m.meetingNumber,
    title: m.title,
    ...(m.agenda !== undefined ? { agenda: m.agenda } : {}),
    password: m.password,
    phoneAndVideoSystemPassword: '12345678',
    meetingType: 'meetingSeries',
    state: 'active',
    timezone: m.timezone ?? 'UTC',
    start: m.start,
    end: m.end,
    hostUserId: Buffer.from(`ciscospark://us/PEOPLE/${m.hostEmail}`).toString('base64url'),
    hostDisplayName: m.hostEmail.split('@')[0] ?? m.hostEmail,
    hostEmail: m.hostEmail,
    hostKey: '123456',
    siteUrl: SITE,
    webLink: m.webLink,
    sipAddress: m.sipAddress,
    dialInIpAddress: '192.0.2.10',
    enabledAutoRecordMeeting: false,
    allowAnyUserToBeCoHost: false,
    enabledJoinBeforeHost: false,
    enableConnectAudioBeforeHost: false,
    scheduledType: m.scheduledType,
    telephony: {
      accessCode: m.meetingNumber,
      callInNumbers: [
        { label: 'Belgium toll', callInNumber: '+32-2-894-8888', tollType: 'toll' },
        { label: 'Germany toll', callInNumber: '+49-619-6781-9736', tollType: 'toll' },
      ],
      links: [],
    },
    integrationTags: m.integrationTags,
    enabledBreakoutSessions: false,
  });
  const listObject = (m: FakeMeeting) => ({ ...seriesObject(m), meetingSeriesId: m.id });

  const answer = (
    method: string,
    template: string,
    status: number,
    body: unknown,
    fault?: Fault,
  ): FakeAnswer => {
    if (spec) {
      for (const p of spec.checkResponse(method, template, status, body))
        answerViolations.push(`${method} ${template}: ${p}`);
    }
    if (fault?.kind === 'malformed') {
      // A 2xx whose body breaks the contract: the id missing, the link not a string.
      return {
        status,
        headers: { trackingid: trackingId() },
        body: { title: 'half an answer', webLink: 42 },
      };
    }
    return { status, headers: { trackingid: trackingId() }, body };
  };

  /** Cisco's schema (when present), then the rules the schema cannot express. */
  const validate = (
    method: string,
    template: string,
    req: FakeRequest,
    body: unknown,
  ): FakeAnswer | undefined => {
    if (!spec) return undefined;
    const problems = spec.checkRequest(method, template, {
      contentType: req.headers['content-type'],
      body,
      query: req.url.searchParams,
    });
    if (problems.length === 0) return undefined;
    violations.push({ method, path: req.path, problems });
    return error(400, 'The request does not match the API contract.', problems);
  };

  const checkTimes = (start: string, end: string): FakeAnswer | undefined => {
    const s = Date.parse(start);
    const e = Date.parse(end);
    if (Number.isNaN(s) || Number.isNaN(e))
      return error(400, 'Invalid start or end.', ['start/end must be ISO 8601']);
    if (s < Date.now() - 60_000) return error(400, 'start cannot be before current date and time.');
    if (e - s < 10 * 60_000 || e - s > (23 * 60 + 59) * 60_000) {
      return error(400, 'Duration must be between 10 minutes and 23 hours 59 minutes.');
    }
    return undefined;
  };

  const handle = (req: FakeRequest, fault: Fault | undefined): FakeAnswer => {
    if (req.path === '#fault' && fault?.kind === 'status') {
      const headers: Record<string, string> = fault.retryAfter ? { 'retry-after': fault.retryAfter } : {};
      return fault.status === 429
        ? error(429, 'Too many requests have been sent in a given amount of time.', [], headers)
        : error(
            fault.status,
            fault.status === 504
              ? 'Gateway Timeout: The server did not receive a timely response from an upstream server.'
              : 'Service Unavailable: Server is overloaded with requests. Try again later.',
            [],
            headers,
          );
    }

    if (req.path === '/v1/access_token' && req.method === 'POST') {
      const form = new URLSearchParams(req.body);
      if (form.get('grant_type') !== 'refresh_token') return error(400, 'unsupported grant_type');
      if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret) {
        return error(401, 'invalid_client: the client id or secret is wrong.');
      }
      if (form.get('refresh_token') !== refreshToken) {
        return error(
          400,
          'invalid_grant: The refresh token provided is expired, revoked, malformed, or invalid.',
        );
      }
      state.tokenRefreshes++;
      const token = issue();
      const body = {
        access_token: token,
        expires_in: lifetime,
        refresh_token: refreshToken,
        refresh_token_expires_in: 7776000,
        token_type: 'Bearer',
        scope: 'meeting:admin_schedule_read meeting:admin_schedule_write',
      };
      return { status: 200, body };
    }

    const auth = req.headers.authorization?.replace(/^Bearer\s+/i, '') ?? '';
    const expiresAt = tokens.get(auth);
    if (expiresAt === undefined || expiresAt <= Date.now()) {
      return error(401, 'The request requires a valid access token set in the Authorization request header.');
    }

    const body = req.body ? (JSON.parse(req.body) as Record<string, unknown>) : undefined;
    const idMatch = /^\/v1\/meetings\/([^/]+)$/.exec(req.path);

    if (req.path === '/v1/meetings' && req.method === 'POST') {
      const bad = validate('POST', '/meetings', req, body);
      if (bad) return bad;
      const b = body as Record<string, unknown> & { title: string; start: string; end: string };
      const timeProblem = checkTimes(b.start, b.end);
      if (timeProblem) return timeProblem;
      const host = String(b.hostEmail ?? '').toLowerCase();
      if (!hosts.has(host)) return error(400, 'Invalid hostEmail: not a licensed user of this site.');
      if (b.sendEmail !== false) state.emailsSent++;
      const number = String(randomInt(100_000_000, 2_999_999_999));
      const m: FakeMeeting = {
        id: randomBytes(16).toString('hex'),
        meetingNumber: number,
        title: b.title,
        ...(typeof b.agenda === 'string' ? { agenda: b.agenda } : {}),
        password: `Cm${randomBytes(3).toString('hex')}9`,
        start: minute(b.start),
        end: minute(b.end),
        ...(typeof b.timezone === 'string' ? { timezone: b.timezone } : {}),
        hostEmail: host,
        scheduledType: b.scheduledType === 'webinar' ? 'webinar' : 'meeting',
        invitees: (b.invitees as FakeMeeting['invitees'] | undefined) ?? [],
        integrationTags: (b.integrationTags as string[] | undefined) ?? [],
        state: 'active',
        webLink: `https://${SITE}/cmss-fake/j.php?MTID=m${randomBytes(16).toString('hex')}`,
        sipAddress: `${number}@${SITE}`,
      };
      meetings.set(m.id, m);
      return answer('POST', '/meetings', 200, seriesObject(m), fault);
    }

    if (req.path === '/v1/meetings' && req.method === 'GET') {
      const bad = validate('GET', '/meetings', req, undefined);
      if (bad) return bad;
      const q = req.url.searchParams;
      const host = q.get('hostEmail')?.toLowerCase();
      const tag = q.get('integrationTag');
      const from = Date.parse(q.get('from') ?? new Date().toISOString());
      const to = Date.parse(q.get('to') ?? new Date(from + 7 * 86_400_000).toISOString());
      const max = Number(q.get('max') ?? 10);
      const items = [...meetings.values()]
        .filter(
          (m) =>
            m.state === 'active' &&
            (!host || m.hostEmail === host) &&
            (!tag || m.integrationTags.includes(tag)) &&
            Date.parse(m.start) < to &&
            Date.parse(m.end) > from,
        )
        .slice(0, max)
        .map(listObject);
      return answer('GET', '/meetings', 200, { items }, fault);
    }

    if (idMatch && req.method === 'GET') {
      const bad = validate('GET', '/meetings/{meetingId}', req, undefined);
      if (bad) return bad;
      const m = meetings.get(decodeURIComponent(idMatch[1] ?? ''));
      if (m?.state !== 'active') return error(404, 'Meeting not found.');
      return answer('GET', '/meetings/{meetingId}', 200, seriesObject(m), fault);
    }

    if (idMatch && req.method === 'PATCH') {
      const bad = validate('PATCH', '/meetings/{meetingId}', req, body);
      if (bad) return bad;
      const m = meetings.get(decodeURIComponent(idMatch[1] ?? ''));
      if (m?.state !== 'active') return error(404, 'Meeting not found.');
      const b = body ?? {};
      if (b.hostEmail !== undefined && String(b.hostEmail).toLowerCase() !== m.hostEmail) {
        return error(403, 'hostEmail is not the host of this meeting.');
      }
      const start = typeof b.start === 'string' ? b.start : m.start;
      const end = typeof b.end === 'string' ? b.end : m.end;
      const timeProblem = checkTimes(start, end);
      if (timeProblem) return timeProblem;
      if (b.sendEmail !== false) state.emailsSent++;
      if (typeof b.title === 'string') m.title = b.title;
      if (typeof b.agenda === 'string') m.agenda = b.agenda;
      m.start = minute(start);
      m.end = minute(end);
      return answer('PATCH', '/meetings/{meetingId}', 200, listObject(m), fault);
    }

    if (idMatch && req.method === 'DELETE') {
      const bad = validate('DELETE', '/meetings/{meetingId}', req, undefined);
      if (bad) return bad;
      const m = meetings.get(decodeURIComponent(idMatch[1] ?? ''));
      if (m?.state !== 'active') return error(404, 'Meeting not found.');
      const host = req.url.searchParams.get('hostEmail')?.toLowerCase();
      if (host && host !== m.hostEmail) return error(403, 'hostEmail is not the host of this meeting.');
      if (req.url.searchParams.get('sendEmail') !== 'false') state.emailsSent++;
      m.state = 'deleted';
      return { status: 204 };
    }

    return error(404, 'The requested resource could not be found.');
  };

  const server = await startFakeServer(
    faults,
    (path) => path === '/v1/access_token',
    handle,
    (req) => {
      const token = req.headers.authorization?.replace(/^Bearer\s+/i, '');
      if (token) tokens.set(token, Date.now() - 1);
    },
  );

  return {
    url: server.url,
    baseUrl: `${server.url}/v1`,
    ca: server.ca,
    faults,
    meetings,
    requests: server.requests,
    violations,
    answerViolations,
    contract,
    get tokenRefreshes() {
      return state.tokenRefreshes;
    },
    get emailsSent() {
      return state.emailsSent;
    },
    revokeRefreshToken() {
      refreshToken = `revoked-${randomBytes(4).toString('hex')}`;
    },
    expireAccessTokens() {
      for (const k of tokens.keys()) tokens.set(k, Date.now() - 1);
    },
    issueAccessToken: issue,
    addHosts(emails) {
      for (const e of emails) hosts.add(e.toLowerCase());
    },
    close: server.close,
  };
}
