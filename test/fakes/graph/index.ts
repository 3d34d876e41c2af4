/**
 * A loopback contract fake of Microsoft Graph (calendar) and Entra ID (v2 token endpoint), on HTTPS
 * because the Graph JS client only attaches tokens over HTTPS.
 *
 * Entra ID: `/{tenant}/v2.0/.well-known/openid-configuration` and `/common/discovery/instance`
 * (what msal-node reads), `POST /{tenant}/oauth2/v2.0/token` for client credentials with a client
 * secret or a certificate assertion (RS256/PS256 JWT, x5t or x5t#S256 checked, signature verified),
 * AADSTS error bodies.
 * Graph v1.0, restricted like an application access policy to the helpdesk mailbox:
 *   POST  /users/{mailbox}/events            (transactionId replayed like Exchange: same event back)
 *   PATCH /users/{mailbox}/events/{id}
 *   POST  /users/{mailbox}/events/{id}/cancel (202; the organiser's copy is gone afterwards → 404)
 *   POST  /users/{mailbox}/calendar/getSchedule
 * Request bodies are held to the event resource: unknown properties, offsets inside `dateTime`,
 * unknown time zones, bad attendees are 400s with Graph's error body and request-id headers.
 * Exchange's side effects are counted: invitations, updates and cancellations per attendee.
 */
import {
  constants,
  createPublicKey,
  createVerify,
  randomBytes,
  randomUUID,
  X509Certificate,
} from 'node:crypto';
import { type FakeAnswer, type FakeRequest, type Fault, FaultPlan, startFakeServer } from '../server.js';

export interface FakeEvent {
  id: string;
  iCalUId: string;
  transactionId: string | null;
  subject: string;
  bodyHtml: string;
  start: { dateTime: string; timeZone: string };
  end: { dateTime: string; timeZone: string };
  location: unknown;
  attendees: { type: string; emailAddress: { address: string; name?: string } }[];
  isCancelled: boolean;
  cancelComment?: string;
  changeKey: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
}

export interface GraphFakeOptions {
  mailbox: string;
  tenantDomains: string[];
  /** In-tenant mailboxes that exist (getSchedule answers for them; others: not found). */
  users?: string[];
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  /** PEM certificate registered on the app: enables certificate credentials. */
  certificatePem?: string;
  accessTokenLifetime?: number;
}

export interface GraphFake {
  url: string;
  graphBaseUrl: string;
  ca: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  faults: FaultPlan;
  events: Map<string, FakeEvent>;
  requests: FakeRequest[];
  /** Messages Exchange would have sent: one per attendee and action. */
  mail: { to: string; kind: 'invitation' | 'update' | 'cancellation'; eventId: string }[];
  tokensIssued: number;
  transactionReplays: number;
  /** Requests refused for breaking the contract (a defect of the provider under test). */
  violations: { method: string; path: string; message: string }[];
  setBusy(email: string, items: { start: string; end: string; status: string }[]): void;
  expireAccessTokens(): void;
  close(): Promise<void>;
}

const EVENT_PROPS = new Set([
  'subject',
  'body',
  'start',
  'end',
  'location',
  'locations',
  'attendees',
  'isOnlineMeeting',
  'onlineMeetingProvider',
  'allowNewTimeProposals',
  'responseRequested',
  'showAs',
  'importance',
  'sensitivity',
  'isReminderOn',
  'reminderMinutesBeforeStart',
  'categories',
  'hideAttendees',
  'transactionId',
]);
const WINDOWS_ZONES = new Set([
  'UTC',
  'W. Europe Standard Time',
  'Romance Standard Time',
  'GMT Standard Time',
  'Central European Standard Time',
]);
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?$/;

function validZone(zone: unknown): boolean {
  if (typeof zone !== 'string' || zone === '') return false;
  if (WINDOWS_ZONES.has(zone)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Wall-clock time in an IANA zone → UTC milliseconds (for ordering checks and free/busy). */
function wallToUtc(dateTime: string, zone: string): number {
  const asUtc = Date.parse(`${dateTime.replace(/(\.\d{3})\d+/, '$1')}Z`);
  if (zone === 'UTC') return asUtc;
  const iana = WINDOWS_ZONES.has(zone) ? 'Europe/Brussels' : zone;
  const offsetAt = (t: number) => {
    const p = new Intl.DateTimeFormat('en-GB', {
      timeZone: iana,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }).formatToParts(new Date(t));
    const g = (k: string) => Number(p.find((x) => x.type === k)?.value);
    return Date.UTC(g('year'), g('month') - 1, g('day'), g('hour'), g('minute'), g('second')) - t;
  };
  let guess = asUtc - offsetAt(asUtc);
  guess = asUtc - offsetAt(guess);
  return guess;
}

const b64url = (b: Buffer) => b.toString('base64url');

export async function startGraphFake(options: GraphFakeOptions): Promise<GraphFake> {
  const tenantId = options.tenantId ?? '6f1c2a7e-1111-4c3b-9a55-0a1b2c3d4e5f';
  const clientId = options.clientId ?? '0d6b7b4c-2222-4a8e-b3a1-9f8e7d6c5b4a';
  const clientSecret = options.clientSecret ?? 'cmss~fake~secret';
  const mailbox = options.mailbox.toLowerCase();
  const domains = new Set(options.tenantDomains.map((d) => d.toLowerCase()));
  const users = new Set((options.users ?? []).map((u) => u.toLowerCase()));
  const lifetime = options.accessTokenLifetime ?? 3599;
  const tokens = new Map<string, number>();
  const events = new Map<string, FakeEvent>();
  const byTransaction = new Map<string, string>();
  const busy = new Map<string, { start: string; end: string; status: string }[]>();
  const faults = new FaultPlan();
  const mail: GraphFake['mail'] = [];
  const violations: GraphFake['violations'] = [];
  const state = { tokensIssued: 0, transactionReplays: 0 };
  const cert = options.certificatePem ? new X509Certificate(options.certificatePem) : undefined;
  let base = '';

  const graphError = (
    status: number,
    code: string,
    message: string,
    req?: FakeRequest,
    headers: Record<string, string> = {},
  ) => {
    const requestId = randomUUID();
    if (req && status === 400)
      violations.push({ method: req.method, path: req.path, message: `${code}: ${message}` });
    return {
      status,
      headers: {
        'request-id': requestId,
        ...(req?.headers['client-request-id']
          ? { 'client-request-id': req.headers['client-request-id'] }
          : {}),
        ...headers,
      },
      body: {
        error: {
          code,
          message,
          innerError: {
            date: new Date().toISOString().slice(0, 19),
            'request-id': requestId,
            ...(req?.headers['client-request-id']
              ? { 'client-request-id': req.headers['client-request-id'] }
              : {}),
          },
        },
      },
    } satisfies FakeAnswer;
  };
  const aadError = (status: number, error: string, code: number, description: string) => ({
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${description} Trace ID: ${randomUUID()} Correlation ID: ${randomUUID()} Timestamp: ${new Date().toISOString()}`,
      error_codes: [code],
      timestamp: new Date().toISOString(),
      trace_id: randomUUID(),
      correlation_id: randomUUID(),
    },
  });
  const ok = (status: number, body: unknown, req: FakeRequest, fault?: Fault): FakeAnswer => ({
    status,
    headers: {
      'request-id': randomUUID(),
      ...(req.headers['client-request-id'] ? { 'client-request-id': req.headers['client-request-id'] } : {}),
      'content-type':
        'application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8',
    },
    body: fault?.kind === 'malformed' ? { '@odata.context': 'truncated', subject: 42 } : body,
  });

  const eventJson = (e: FakeEvent) => ({
    '@odata.context': `${base}/v1.0/$metadata#users('${encodeURIComponent(mailbox)}')/events/$entity`,
    '@odata.etag': `W/"${e.changeKey}"`,
    id: e.id,
    createdDateTime: e.createdDateTime,
    lastModifiedDateTime: e.lastModifiedDateTime,
    changeKey: e.changeKey,
    iCalUId: e.iCalUId,
    transactionId: e.transactionId,
    subject: e.subject,
    bodyPreview: e.bodyHtml.replace(/<[^>]+>/g, ' ').slice(0, 255),
    body: { contentType: 'html', content: e.bodyHtml },
    start: e.start,
    end: e.end,
    location: e.location,
    attendees: e.attendees.map((a) => ({ ...a, status: { response: 'none', time: '0001-01-01T00:00:00Z' } })),
    organizer: { emailAddress: { name: 'Helpdesk', address: mailbox } },
    isOrganizer: true,
    isCancelled: e.isCancelled,
    responseRequested: true,
    webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(e.id)}&exvsurl=1&path=/calendar/item`,
  });

  /** Checks an event body against the resource; returns a 400 answer or undefined. */
  const checkEvent = (
    b: Record<string, unknown>,
    req: FakeRequest,
    creating: boolean,
  ): FakeAnswer | undefined => {
    for (const k of Object.keys(b)) {
      if (!EVENT_PROPS.has(k)) {
        return graphError(
          400,
          'RequestBodyRead',
          `The property '${k}' does not exist on type 'microsoft.graph.event'.`,
          req,
        );
      }
    }
    if (!creating && 'transactionId' in b) {
      return graphError(
        400,
        'ErrorInvalidRequest',
        'transactionId cannot be changed after the event is created.',
        req,
      );
    }
    if (creating && (typeof b.subject !== 'string' || !b.start || !b.end)) {
      return graphError(400, 'ErrorInvalidRequest', 'subject, start and end are required.', req);
    }
    for (const k of ['start', 'end'] as const) {
      if (!(k in b)) continue;
      const v = b[k] as { dateTime?: unknown; timeZone?: unknown };
      if (typeof v?.dateTime !== 'string' || !LOCAL_DATE_TIME.test(v.dateTime)) {
        return graphError(
          400,
          'ErrorInvalidRequest',
          `${k}.dateTime must be a local date-time without an offset (the zone goes in timeZone).`,
          req,
        );
      }
      if (!validZone(v.timeZone)) {
        return graphError(
          400,
          'TimeZoneNotSupportedException',
          `A valid TimeZone value must be specified. The following TimeZone value is not supported: '${String(v.timeZone)}'.`,
          req,
        );
      }
    }
    if (b.start && b.end) {
      const s = b.start as { dateTime: string; timeZone: string };
      const e = b.end as { dateTime: string; timeZone: string };
      if (wallToUtc(e.dateTime, e.timeZone) <= wallToUtc(s.dateTime, s.timeZone)) {
        return graphError(400, 'ErrorInvalidRequest', 'The end of the event must be after its start.', req);
      }
    }
    if ('body' in b) {
      const body = b.body as { contentType?: unknown; content?: unknown };
      if (
        !['html', 'text', 'HTML', 'Text'].includes(String(body?.contentType)) ||
        typeof body?.content !== 'string'
      ) {
        return graphError(
          400,
          'ErrorInvalidRequest',
          'body must have contentType html|text and content.',
          req,
        );
      }
    }
    if ('attendees' in b) {
      if (!Array.isArray(b.attendees))
        return graphError(400, 'ErrorInvalidRequest', 'attendees must be an array.', req);
      for (const a of b.attendees as { type?: unknown; emailAddress?: { address?: unknown } }[]) {
        if (!['required', 'optional', 'resource'].includes(String(a?.type))) {
          return graphError(
            400,
            'ErrorInvalidRequest',
            `attendee type '${String(a?.type)}' is not valid.`,
            req,
          );
        }
        if (
          typeof a.emailAddress?.address !== 'string' ||
          !/^[^\s@]+@[^\s@]+$/.test(a.emailAddress.address)
        ) {
          return graphError(400, 'ErrorInvalidRecipients', 'At least one recipient is not valid.', req);
        }
      }
    }
    return undefined;
  };

  const verifyAssertion = (assertion: string, tokenEndpoint: string): string | undefined => {
    if (!cert) return 'no certificate is registered for this application';
    const [h, p, s] = assertion.split('.');
    if (!h || !p || !s) return 'malformed client assertion';
    const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as Record<string, string>;
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    const sha1 = b64url(Buffer.from(cert.fingerprint.replace(/:/g, ''), 'hex'));
    const sha256 = b64url(Buffer.from(cert.fingerprint256.replace(/:/g, ''), 'hex'));
    if (header.x5t !== sha1 && header['x5t#S256'] !== sha256)
      return 'the assertion names another certificate';
    const key = createPublicKey(cert.publicKey.export({ type: 'spki', format: 'pem' }));
    const verifier = createVerify('RSA-SHA256').update(`${h}.${p}`);
    const signature = Buffer.from(s, 'base64url');
    const valid =
      header.alg === 'PS256'
        ? verifier.verify({ key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, signature)
        : header.alg === 'RS256' && verifier.verify(key, signature);
    if (!valid) return 'the assertion signature is invalid';
    if (payload.aud !== tokenEndpoint) return `aud must be the token endpoint, got ${String(payload.aud)}`;
    if (payload.iss !== clientId || payload.sub !== clientId) return 'iss and sub must be the client id';
    if (typeof payload.exp !== 'number' || payload.exp * 1000 < Date.now())
      return 'the assertion has expired';
    return undefined;
  };

  const handle = (req: FakeRequest, fault: Fault | undefined): FakeAnswer => {
    if (req.path === '#fault' && fault?.kind === 'status') {
      const headers: Record<string, string> = fault.retryAfter ? { 'retry-after': fault.retryAfter } : {};
      const code =
        fault.status === 429
          ? 'ApplicationThrottled'
          : fault.status === 503
            ? 'ServiceNotAvailable'
            : 'GatewayTimeout';
      return graphError(
        fault.status,
        code,
        fault.status === 429
          ? 'Application is over its MailboxConcurrency limit.'
          : 'The service is temporarily unavailable.',
        req,
        headers,
      );
    }
    const tenantPrefix = `/${tenantId}`;
    if (req.method === 'GET' && req.path === `${tenantPrefix}/v2.0/.well-known/openid-configuration`) {
      return {
        status: 200,
        body: {
          token_endpoint: `${base}/${tenantId}/oauth2/v2.0/token`,
          token_endpoint_auth_methods_supported: [
            'client_secret_post',
            'private_key_jwt',
            'client_secret_basic',
          ],
          jwks_uri: `${base}/${tenantId}/discovery/v2.0/keys`,
          response_modes_supported: ['query', 'fragment', 'form_post'],
          subject_types_supported: ['pairwise'],
          id_token_signing_alg_values_supported: ['RS256'],
          response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
          scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
          issuer: `${base}/${tenantId}/v2.0`,
          request_uri_parameter_supported: false,
          userinfo_endpoint: `${base}/oidc/userinfo`,
          authorization_endpoint: `${base}/${tenantId}/oauth2/v2.0/authorize`,
          device_authorization_endpoint: `${base}/${tenantId}/oauth2/v2.0/devicecode`,
          http_logout_supported: true,
          frontchannel_logout_supported: true,
          end_session_endpoint: `${base}/${tenantId}/oauth2/v2.0/logout`,
          claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'tid'],
          tenant_region_scope: 'EU',
          cloud_instance_name: 'microsoftonline.com',
        },
      };
    }
    if (req.method === 'GET' && req.path === '/common/discovery/instance') {
      const host = new URL(base).host;
      return {
        status: 200,
        body: {
          tenant_discovery_endpoint: `${base}/${tenantId}/v2.0/.well-known/openid-configuration`,
          'api-version': '1.1',
          metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
        },
      };
    }
    if (req.method === 'POST' && req.path === `${tenantPrefix}/oauth2/v2.0/token`) {
      const form = new URLSearchParams(req.body);
      if (form.get('grant_type') !== 'client_credentials') {
        return aadError(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
      }
      if (form.get('client_id') !== clientId) {
        return aadError(
          400,
          'unauthorized_client',
          700016,
          `Application with identifier '${form.get('client_id')}' was not found in the directory.`,
        );
      }
      const assertion = form.get('client_assertion');
      if (assertion) {
        if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') {
          return aadError(400, 'invalid_request', 90002, 'client_assertion_type is invalid.');
        }
        const problem = verifyAssertion(assertion, `${base}/${tenantId}/oauth2/v2.0/token`);
        if (problem)
          return aadError(
            401,
            'invalid_client',
            700027,
            `Client assertion failed signature validation: ${problem}.`,
          );
      } else if (form.get('client_secret') !== clientSecret) {
        return aadError(
          401,
          'invalid_client',
          7000215,
          'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.',
        );
      }
      if (form.get('scope') !== `${base}/.default`) {
        return aadError(
          400,
          'invalid_scope',
          1002012,
          `The provided value for scope ${form.get('scope')} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.`,
        );
      }
      state.tokensIssued++;
      const token = `${b64url(Buffer.from(JSON.stringify({ typ: 'JWT', alg: 'none' })))}.${b64url(Buffer.from(JSON.stringify({ aud: base, roles: ['Calendars.ReadWrite'], appid: clientId, jti: randomUUID() })))}.${b64url(randomBytes(16))}`;
      tokens.set(token, Date.now() + lifetime * 1000);
      return {
        status: 200,
        body: { token_type: 'Bearer', expires_in: lifetime, ext_expires_in: lifetime, access_token: token },
      };
    }

    if (!req.path.startsWith('/v1.0/')) return graphError(404, 'BadRequest', 'Invalid version.', req);
    const auth = req.headers.authorization;
    if (!auth?.startsWith('Bearer ')) {
      return graphError(401, 'InvalidAuthenticationToken', 'Access token is empty.', req, {
        'www-authenticate': 'Bearer realm=""',
      });
    }
    const expiresAt = tokens.get(auth.slice(7));
    if (expiresAt === undefined || expiresAt <= Date.now()) {
      return graphError(
        401,
        'InvalidAuthenticationToken',
        'Lifetime validation failed, the token is expired.',
        req,
      );
    }
    const m = /^\/v1\.0\/users\/([^/]+)(\/.*)$/.exec(req.path);
    if (!m) return graphError(400, 'BadRequest', 'Resource not found for the segment.', req);
    if (decodeURIComponent(m[1] ?? '').toLowerCase() !== mailbox) {
      return graphError(
        403,
        'ErrorAccessDenied',
        'Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.',
      );
    }
    const rest = m[2] ?? '';
    let body: Record<string, unknown> = {};
    if (req.body) {
      if (!req.headers['content-type']?.startsWith('application/json')) {
        return graphError(415, 'UnsupportedMediaType', 'Content-Type must be application/json.', req);
      }
      try {
        body = JSON.parse(req.body) as Record<string, unknown>;
      } catch {
        return graphError(400, 'BadRequest', 'Unable to read JSON request payload.', req);
      }
    }
    const now = new Date().toISOString();

    if (req.method === 'POST' && rest === '/events') {
      const bad = checkEvent(body, req, true);
      if (bad) return bad;
      const tx = typeof body.transactionId === 'string' ? body.transactionId : null;
      const existingId = tx ? byTransaction.get(tx) : undefined;
      const existing = existingId ? events.get(existingId) : undefined;
      if (existing) {
        state.transactionReplays++;
        return ok(201, eventJson(existing), req, fault);
      }
      const e: FakeEvent = {
        id: `AAMkAGQ${b64url(randomBytes(48))}`,
        iCalUId: `040000008200E00074C5B7101A82E00800000000${randomBytes(24).toString('hex').toUpperCase()}`,
        transactionId: tx,
        subject: body.subject as string,
        bodyHtml: (body.body as { content?: string } | undefined)?.content ?? '',
        start: body.start as FakeEvent['start'],
        end: body.end as FakeEvent['end'],
        location: body.location ?? null,
        attendees: (body.attendees as FakeEvent['attendees'] | undefined) ?? [],
        isCancelled: false,
        changeKey: b64url(randomBytes(12)),
        createdDateTime: now,
        lastModifiedDateTime: now,
      };
      events.set(e.id, e);
      if (tx) byTransaction.set(tx, e.id);
      for (const a of e.attendees)
        mail.push({ to: a.emailAddress.address.toLowerCase(), kind: 'invitation', eventId: e.id });
      return ok(201, eventJson(e), req, fault);
    }

    const eventMatch = /^\/events\/([^/]+)(\/cancel)?$/.exec(rest);
    if (eventMatch) {
      const e = events.get(decodeURIComponent(eventMatch[1] ?? ''));
      const cancel = Boolean(eventMatch[2]);
      if (!e || e.isCancelled) {
        return graphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.', req);
      }
      if (cancel && req.method === 'POST') {
        for (const k of Object.keys(body)) {
          if (k.toLowerCase() !== 'comment') {
            return graphError(
              400,
              'RequestBodyRead',
              `The parameter '${k}' in the request payload is not a valid parameter for the operation 'cancel'.`,
              req,
            );
          }
        }
        e.isCancelled = true;
        e.cancelComment = String(body.Comment ?? body.comment ?? '');
        for (const a of e.attendees)
          mail.push({ to: a.emailAddress.address.toLowerCase(), kind: 'cancellation', eventId: e.id });
        return { status: 202, headers: { 'request-id': randomUUID() } };
      }
      if (!cancel && req.method === 'PATCH') {
        const bad = checkEvent(body, req, false);
        if (bad) return bad;
        if (typeof body.subject === 'string') e.subject = body.subject;
        if (body.body) e.bodyHtml = (body.body as { content: string }).content;
        if (body.start) e.start = body.start as FakeEvent['start'];
        if (body.end) e.end = body.end as FakeEvent['end'];
        if ('location' in body) e.location = body.location;
        if (body.attendees) e.attendees = body.attendees as FakeEvent['attendees'];
        e.changeKey = b64url(randomBytes(12));
        e.lastModifiedDateTime = now;
        for (const a of e.attendees)
          mail.push({ to: a.emailAddress.address.toLowerCase(), kind: 'update', eventId: e.id });
        return ok(200, eventJson(e), req, fault);
      }
      return graphError(405, 'Request_BadRequest', 'Method not allowed.', req);
    }

    if (req.method === 'POST' && rest === '/calendar/getSchedule') {
      const schedules = body.schedules;
      const st = body.startTime as { dateTime?: string; timeZone?: string } | undefined;
      const et = body.endTime as { dateTime?: string; timeZone?: string } | undefined;
      const interval = (body.availabilityViewInterval as number | undefined) ?? 30;
      if (
        !Array.isArray(schedules) ||
        schedules.length === 0 ||
        schedules.length > 100 ||
        !st?.dateTime ||
        !et?.dateTime
      ) {
        return graphError(400, 'ErrorInvalidRequest', 'schedules, startTime and endTime are required.', req);
      }
      if (
        !LOCAL_DATE_TIME.test(st.dateTime) ||
        !LOCAL_DATE_TIME.test(et.dateTime) ||
        !validZone(st.timeZone) ||
        !validZone(et.timeZone)
      ) {
        return graphError(
          400,
          'ErrorInvalidRequest',
          'startTime/endTime must be local date-times with a valid timeZone.',
          req,
        );
      }
      if (interval < 5 || interval > 1440)
        return graphError(400, 'ErrorInvalidRequest', 'availabilityViewInterval must be 5..1440.', req);
      const from = wallToUtc(st.dateTime, st.timeZone as string);
      const to = wallToUtc(et.dateTime, et.timeZone as string);
      const value = (schedules as string[]).map((address) => {
        const a = address.toLowerCase();
        const domain = a.split('@')[1] ?? '';
        if (!domains.has(domain) || !users.has(a)) {
          return {
            scheduleId: address,
            availabilityView: '',
            error: domains.has(domain)
              ? {
                  message: 'The specified mailbox was not found.',
                  responseCode: 'ErrorMailRecipientNotFound',
                }
              : {
                  message: 'Free/busy of recipients outside the organisation is not available.',
                  responseCode: 'ErrorProxyRequestNotAllowed',
                },
          };
        }
        const items = (busy.get(a) ?? []).filter((i) => Date.parse(i.start) < to && Date.parse(i.end) > from);
        let view = '';
        for (let t = from; t < to; t += interval * 60_000) {
          const hit = items.find((i) => Date.parse(i.start) < t + interval * 60_000 && Date.parse(i.end) > t);
          view += hit
            ? (({ tentative: '1', busy: '2', oof: '3', workingElsewhere: '4' } as Record<string, string>)[
                hit.status
              ] ?? '2')
            : '0';
        }
        return {
          scheduleId: address,
          availabilityView: view,
          scheduleItems: items.map((i) => ({
            isPrivate: false,
            status: i.status,
            subject: 'Busy',
            start: { dateTime: new Date(i.start).toISOString().replace('Z', '0000'), timeZone: 'UTC' },
            end: { dateTime: new Date(i.end).toISOString().replace('Z', '0000'), timeZone: 'UTC' },
          })),
          workingHours: {
            daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
            startTime: '08:00:00.0000000',
            endTime: '17:00:00.0000000',
            timeZone: { name: 'W. Europe Standard Time' },
          },
        };
      });
      return ok(
        200,
        { '@odata.context': `${base}/v1.0/$metadata#Collection(microsoft.graph.scheduleInformation)`, value },
        req,
        fault,
      );
    }

    return graphError(400, 'BadRequest', `Resource not found for the segment '${rest}'.`, req);
  };

  const server = await startFakeServer(
    faults,
    (path) => !path.startsWith('/v1.0/'),
    handle,
    (req) => {
      const token = req.headers.authorization?.slice(7);
      if (token) tokens.set(token, Date.now() - 1);
    },
  );
  base = server.url;

  return {
    url: server.url,
    graphBaseUrl: `${server.url}/v1.0`,
    ca: server.ca,
    tenantId,
    clientId,
    clientSecret,
    faults,
    events,
    requests: server.requests,
    mail,
    get tokensIssued() {
      return state.tokensIssued;
    },
    get transactionReplays() {
      return state.transactionReplays;
    },
    violations,
    setBusy(email, items) {
      busy.set(email.toLowerCase(), items);
    },
    expireAccessTokens() {
      for (const k of tokens.keys()) tokens.set(k, Date.now() - 1);
    },
    close: server.close,
  };
}
