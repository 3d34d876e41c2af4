/**
 * The Graph adapter (msal-node + Graph JS client) against the Graph/Entra contract fake.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CalendarEventSpec, ProviderError } from '@cmss/shared';
import { generate } from 'selfsigned';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { transactionIdFor } from '../../api/src/providers/graph/body.js';
import { createGraphProvider } from '../../api/src/providers/graph/index.js';
import { type GraphFake, startGraphFake } from '../fakes/graph/index.js';
import { graphAgainst, MAILBOX } from './setup.js';

let fake: GraphFake;
let appCert: { cert: string; private: string; fingerprint: string };
beforeAll(async () => {
  appCert = await generate([{ name: 'commonName', value: 'cmss-graph-app' }], { keySize: 2048 });
  fake = await startGraphFake({
    mailbox: MAILBOX,
    tenantDomains: ['cmss.example'],
    users: ['jan.devries@cmss.example', 'eva.lind@cmss.example'],
    certificatePem: appCert.cert,
  });
});
afterAll(() => fake.close());
afterEach(() => fake.faults.clear());

let nextUid = 1;
function eventSpec(overrides: Partial<CalendarEventSpec> = {}): CalendarEventSpec {
  const start = new Date(Date.now() + 5 * 86_400_000);
  start.setUTCHours(9, 0, 0, 0);
  const id = nextUid++;
  return {
    bookingId: id,
    uid: `booking-${id}@cmss.example`,
    sequence: 0,
    subject: 'Case conference: refractory ARDS',
    start: start.toISOString(),
    end: new Date(start.getTime() + 3_600_000).toISOString(),
    timeZone: 'Europe/Lisbon',
    organizer: { email: MAILBOX, displayName: 'Helpdesk' },
    attendees: [
      { email: 'anna.kowalska@example.org', displayName: 'Anna Kowalska' },
      { email: 'jan.devries@cmss.example', displayName: 'Jan de Vries' },
      { email: MAILBOX, displayName: 'Helpdesk' },
    ],
    meeting: {
      providerId: 'm1',
      joinUrl: 'https://cmss-fake.webex.com/cmss-fake/j.php?MTID=m123&x=<y>',
      meetingNumber: '2734 123 456',
      password: 'Cm3a9f',
      sipAddress: '2734123456@cmss-fake.webex.com',
      dialIn: [{ label: 'Belgium toll', number: '+32-2-894-8888' }],
    },
    description: 'Second opinion on ECMO weaning.',
    ...overrides,
  };
}

const graphCalls = (method: string, suffix: string) =>
  fake.requests.filter((r) => r.method === method && r.path.endsWith(suffix) && r.path.startsWith('/v1.0/'));

describe('graph events', () => {
  it('creates the event in the helpdesk mailbox with transactionId, local times + zone, body, attendees', async () => {
    const graph = graphAgainst(fake);
    const spec = eventSpec();
    const ref = await graph.invite(spec);
    const stored = fake.events.get(ref.eventId);
    expect(stored).toBeDefined();
    expect(ref.iCalUId).toBe(stored?.iCalUId);
    const post = graphCalls('POST', '/events').at(-1);
    expect(post?.path).toBe(`/v1.0/users/${encodeURIComponent(MAILBOX)}/events`);
    const sent = JSON.parse(post?.body ?? '{}');
    expect(sent.transactionId).toBe(transactionIdFor(spec.uid));
    // 09:00 UTC in Lisbon in winter or summer: wall-clock time without offset, zone apart.
    expect(sent.start.timeZone).toBe('Europe/Lisbon');
    expect(sent.start.dateTime).toMatch(/^\d{4}-\d\d-\d\dT(09|10):00:00$/);
    expect(sent.attendees).toEqual([
      { type: 'required', emailAddress: { address: 'anna.kowalska@example.org', name: 'Anna Kowalska' } },
      { type: 'required', emailAddress: { address: 'jan.devries@cmss.example', name: 'Jan de Vries' } },
    ]);
    expect(sent.location).toEqual({
      displayName: 'Webex meeting 2734 123 456',
      locationUri: spec.meeting.joinUrl,
    });
    const html: string = sent.body.content;
    expect(sent.body.contentType).toBe('html');
    expect(html).toContain('2734 123 456');
    expect(html).toContain('Cm3a9f');
    expect(html).toContain('+32-2-894-8888');
    expect(html).toContain('x=&lt;y&gt;');
    expect(html).toMatch(/identifies a patient/);
    expect(fake.mail.filter((m) => m.eventId === ref.eventId && m.kind === 'invitation')).toHaveLength(2);
    expect(fake.violations).toEqual([]);
    graph.close();
  });

  it('a replayed create returns the same event (transactionId), even when the first answer was lost', async () => {
    const graph = graphAgainst(fake, { timeoutMs: 3_000 });
    const spec = eventSpec();
    const before = fake.events.size;
    fake.faults.next({
      fault: { kind: 'reset-after' },
      match: (m, p) => m === 'POST' && p.endsWith('/events'),
    });
    const ref = await graph.invite(spec);
    const again = await graph.invite(spec);
    expect(again).toEqual(ref);
    expect(fake.events.size).toBe(before + 1);
    expect(fake.transactionReplays).toBeGreaterThanOrEqual(2);
    expect(fake.mail.filter((m) => m.eventId === ref.eventId && m.kind === 'invitation')).toHaveLength(2);
    graph.close();
  });

  it('reschedules with PATCH and cancels with a comment; a second cancel is not an error', async () => {
    const graph = graphAgainst(fake);
    const spec = eventSpec();
    const ref = await graph.invite(spec);
    const moved = {
      ...spec,
      sequence: 1,
      start: new Date(Date.parse(spec.start) + 86_400_000).toISOString(),
      end: new Date(Date.parse(spec.end) + 86_400_000).toISOString(),
    };
    expect(await graph.update(ref, moved)).toEqual(ref);
    const patch = graphCalls('PATCH', ref.eventId.slice(-10)).at(-1);
    expect(JSON.parse(patch?.body ?? '{}')).not.toHaveProperty('transactionId');
    expect(fake.events.get(ref.eventId)?.start.dateTime).not.toBe(
      JSON.parse(graphCalls('POST', '/events').at(-1)?.body ?? '{}').start.dateTime,
    );
    await graph.cancel(ref, moved, 'The requester withdrew the case.');
    expect(fake.events.get(ref.eventId)).toMatchObject({
      isCancelled: true,
      cancelComment: 'The requester withdrew the case.',
    });
    await graph.cancel(ref, moved, 'again');
    expect(fake.mail.filter((m) => m.eventId === ref.eventId).map((m) => m.kind)).toEqual([
      'invitation',
      'invitation',
      'update',
      'update',
      'cancellation',
      'cancellation',
    ]);
    expect(fake.violations).toEqual([]);
    graph.close();
  });

  it('signs in with a certificate (client assertion) as well as with a secret', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cmss-graph-'));
    const pemPath = join(dir, 'app.pem');
    writeFileSync(pemPath, `${appCert.private}\n${appCert.cert}`);
    const graph = createGraphProvider({
      graph: {
        tenantId: fake.tenantId,
        clientId: fake.clientId,
        credential: {
          kind: 'certificate',
          certificatePath: pemPath,
          thumbprint: appCert.fingerprint.replace(/:/g, '').toLowerCase(),
        },
        authorityHost: fake.url,
        baseUrl: fake.graphBaseUrl,
        tenantDomains: ['cmss.example'],
      },
      helpdeskMailbox: MAILBOX,
      timeoutMs: 2_000,
      maxInlineWaitMs: 2_000,
      ca: fake.ca,
    });
    const ref = await graph.invite(eventSpec());
    expect(fake.events.has(ref.eventId)).toBe(true);
    graph.close();
  });
});

describe('graph free/busy', () => {
  it('reads busy periods inside the tenant; outside addresses and unknown mailboxes are unknown, never free', async () => {
    const graph = graphAgainst(fake);
    const from = '2030-03-04T08:00:00.000Z';
    const to = '2030-03-04T18:00:00.000Z';
    fake.setBusy('jan.devries@cmss.example', [
      { start: '2030-03-04T09:00:00.000Z', end: '2030-03-04T10:30:00.000Z', status: 'busy' },
      { start: '2030-03-04T13:00:00.000Z', end: '2030-03-04T14:00:00.000Z', status: 'tentative' },
      { start: '2030-03-04T15:00:00.000Z', end: '2030-03-04T16:00:00.000Z', status: 'free' },
    ]);
    const result = await graph.freeBusy(
      [
        'Jan.DeVries@cmss.example',
        'eva.lind@cmss.example',
        'ghost@cmss.example',
        'anna.kowalska@example.org',
      ],
      from,
      to,
    );
    expect(result).toEqual([
      {
        email: 'Jan.DeVries@cmss.example',
        availability: 'known',
        busy: [
          { start: '2030-03-04T09:00:00.000Z', end: '2030-03-04T10:30:00.000Z', status: 'busy' },
          { start: '2030-03-04T13:00:00.000Z', end: '2030-03-04T14:00:00.000Z', status: 'tentative' },
        ],
      },
      { email: 'eva.lind@cmss.example', availability: 'known', busy: [] },
      {
        email: 'ghost@cmss.example',
        availability: 'unknown',
        busy: [],
        reason: 'The specified mailbox was not found.',
      },
      {
        email: 'anna.kowalska@example.org',
        availability: 'unknown',
        busy: [],
        reason: 'outside the tenant: calendar not visible',
      },
    ]);
    const q = JSON.parse(graphCalls('POST', '/calendar/getSchedule').at(-1)?.body ?? '{}');
    expect(q.schedules).not.toContain('anna.kowalska@example.org');
    graph.close();
  });
});

describe('graph errors and tokens', () => {
  it('one token acquisition for a burst of concurrent calls', async () => {
    const graph = graphAgainst(fake);
    const before = fake.tokensIssued;
    await Promise.all(Array.from({ length: 10 }, () => graph.invite(eventSpec())));
    expect(fake.tokensIssued - before).toBe(1);
    graph.close();
  });

  it('an expired token (401) is replaced once and the call goes through', async () => {
    const graph = graphAgainst(fake);
    await graph.invite(eventSpec());
    const before = fake.tokensIssued;
    fake.expireAccessTokens();
    await Promise.all(Array.from({ length: 5 }, () => graph.invite(eventSpec())));
    expect(fake.tokensIssued - before).toBe(1);
    graph.close();
  });

  it('honours Retry-After on 429 through the Graph RetryHandler (POST retried safely)', async () => {
    const graph = graphAgainst(fake);
    fake.faults.next({ kind: 'status', status: 429, retryAfter: '1' });
    const n = fake.requests.length;
    const ref = await graph.invite(eventSpec());
    const calls = fake.requests.slice(n).filter((r) => r.path.endsWith('/events'));
    expect(calls).toHaveLength(2);
    expect((calls[1]?.receivedAt ?? 0) - (calls[0]?.receivedAt ?? 0)).toBeGreaterThanOrEqual(950);
    expect(calls[1]?.headers['retry-attempt']).toBe('1');
    expect(fake.events.has(ref.eventId)).toBe(true);
    graph.close();
  });

  it('a long Retry-After becomes retryable with retryAfterMs and the request id', async () => {
    const graph = graphAgainst(fake, { maxInlineWaitMs: 1_000 });
    fake.faults.next({ kind: 'status', status: 503, retryAfter: '90' });
    const err = (await graph.invite(eventSpec()).catch((e: unknown) => e)) as ProviderError;
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ kind: 'retryable', details: { status: 503, retryAfterMs: 90_000 } });
    expect(err.details.trackingId).toMatch(/^[0-9a-f-]{36}$/);
    graph.close();
  });

  it('timeouts and resets are retryable; a 4xx is permanent with Graph’s code and request id', async () => {
    const graph = graphAgainst(fake, { timeoutMs: 1_000 });
    fake.faults.next({ kind: 'slow', delayMs: 2_000 }, { kind: 'slow', delayMs: 2_000 }, { kind: 'reset' });
    await expect(graph.invite(eventSpec())).rejects.toMatchObject({ kind: 'retryable' });
    const err = (await graph
      .invite(eventSpec({ attendees: [{ email: 'not-an-address', displayName: 'Typo' }] }))
      .catch((e: unknown) => e)) as ProviderError;
    expect(err.kind).toBe('permanent');
    expect(err.message).toContain('ErrorInvalidRecipients');
    expect(err.details.trackingId).toBeDefined();
    fake.violations.length = 0;
    graph.close();
  });

  it('rejects a malformed answer instead of storing half an event', async () => {
    const graph = graphAgainst(fake);
    // Once: the POST is replayed (same transactionId) and the event Exchange created is read back.
    fake.faults.next({ kind: 'malformed' });
    const spec = eventSpec();
    const ref = await graph.invite(spec);
    expect(
      [...fake.events.values()].filter((e) => e.transactionId === transactionIdFor(spec.uid)),
    ).toHaveLength(1);
    expect(fake.events.has(ref.eventId)).toBe(true);
    // Every answer unreadable: retryable (the saga replays the same transactionId later), still one event.
    fake.faults.next(...Array.from({ length: 6 }, () => ({ kind: 'malformed' as const })));
    const stuck = eventSpec();
    const err = (await graph.invite(stuck).catch((e: unknown) => e)) as ProviderError;
    expect(err.kind).toBe('retryable');
    expect(err.message).toMatch(/unexpected body.*(id|iCalUId)/);
    const later = await graph.invite(stuck);
    expect(
      [...fake.events.values()]
        .filter((e) => e.transactionId === transactionIdFor(stuck.uid))
        .map((e) => e.id),
    ).toEqual([later.eventId]);
    // An update answered unreadably is permanent: nothing half-read is stored.
    fake.faults.next({ kind: 'malformed' });
    await expect(graph.update(later, stuck)).rejects.toMatchObject({ kind: 'permanent' });
    graph.close();
  });

  it('a token Graph keeps rejecting after renewals is needs_reconnect', async () => {
    const graph = graphAgainst(fake);
    fake.faults.next({ kind: 'expire-token' }, { kind: 'expire-token' }, { kind: 'expire-token' });
    const err = (await graph.invite(eventSpec()).catch((e: unknown) => e)) as ProviderError;
    expect(err.kind).toBe('needs_reconnect');
    expect(err.details.status).toBe(401);
    expect(err.message).toContain('InvalidAuthenticationToken');
    graph.close();
  });

  it('a wrong client secret is needs_reconnect (AADSTS7000215), not retried forever', async () => {
    const graph = graphAgainst(fake, { clientSecret: 'wrong' });
    const err = (await graph.invite(eventSpec()).catch((e: unknown) => e)) as ProviderError;
    expect(err.kind).toBe('needs_reconnect');
    expect(err.message).toContain('7000215');
    graph.close();
  });
});
