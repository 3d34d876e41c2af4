import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { schema } from '@cmss/db';
import { ProviderError } from '@cmss/shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { scriptedCalendar, scriptedMeeting, waitFor } from './doubles.js';
import {
  bookingApp,
  count,
  createRequest,
  futureAt,
  plusMinutes,
  requestBody,
  seedDirectory,
  seedHosts,
  tempDir,
} from './fixtures.js';

// Each test starts its own app (the first start in a worker compiles the whole API).
vi.setConfig({ testTimeout: 60_000 });

type Ctx = Awaited<ReturnType<typeof bookingApp>>;
const open: Ctx[] = [];
afterEach(async () => {
  for (const c of open.splice(0)) await c.app.close();
});

const permanent = (provider: string) =>
  new ProviderError('permanent', provider, 'refused by the provider (400)', { status: 400 });
const throttled = (provider: string, retryAfterMs: number) =>
  new ProviderError('retryable', provider, 'throttled (429)', { status: 429, retryAfterMs });

/** What the tests read from an app: as the helpdesk sees a request, the booking rows, the outbox. */
function reads(ctx: Ctx) {
  const staff = ctx.auth('helpdesk');
  return {
    staff,
    request: async (id: number) =>
      (await ctx.app.inject({ url: `/api/v1/requests/${id}`, headers: staff })).json(),
    bookingRows: () => ctx.app.database.db.select().from(schema.bookings).all(),
    outbox: () => readdirSync(ctx.outboxDir).filter((f) => f.endsWith('.eml')),
  };
}

/** An app with one host account and doubles around the real local and ICS providers. */
async function setup(
  script: { meeting?: object; calendar?: object } = {},
  extra: Parameters<typeof bookingApp>[0] = {},
) {
  let meeting!: ReturnType<typeof scriptedMeeting>;
  let calendar!: ReturnType<typeof scriptedCalendar>;
  const ctx = await bookingApp({
    ...extra,
    meeting: (real) => {
      meeting = scriptedMeeting(real, script.meeting as never);
      return meeting.provider;
    },
    calendar: (real) => {
      calendar = scriptedCalendar(real, script.calendar as never);
      return calendar.provider;
    },
  });
  open.push(ctx);
  const dir = seedDirectory(ctx.app);
  const hosts = seedHosts(ctx.app, 1);
  const { staff, request, bookingRows, outbox } = reads(ctx);
  const newRequest = () =>
    createRequest(
      ctx.app,
      staff,
      requestBody(dir[0]!.clinicians[0]!.id, [dir[1]!.clinicians[1]!.id, dir[2]!.clinicians[0]!.id]),
    );
  const start = futureAt(6, 10);
  const book = (id: number, headers: Record<string, string> = staff) =>
    ctx.app.inject({
      method: 'POST',
      url: `/api/v1/requests/${id}/booking`,
      headers,
      payload: { start, end: plusMinutes(start, 60), timeZone: 'Europe/Lisbon' },
    });
  return { ...ctx, meeting, calendar, dir, hosts, staff, newRequest, book, request, bookingRows, outbox };
}

describe('booking saga: a provider failing at each step', () => {
  it('meeting creation refused → 502, nothing left at the provider, no invitation, host released, reason on the request', async () => {
    const s = await setup({ meeting: { create: [permanent('webex')] } });
    const req = await s.newRequest();
    const res = await s.book(req.id);
    expect(res.statusCode).toBe(502);
    expect(res.json().error).toMatchObject({
      code: 'booking_failed',
      message: expect.stringContaining('refused by the provider'),
    });
    expect(s.meeting.live.size).toBe(0);
    expect(s.calendar.calls).toHaveLength(0);
    expect(s.outbox()).toEqual([]);
    expect(s.bookingRows().map((b) => b.state)).toEqual(['failed']);
    const after = await s.request(req.id);
    expect(after.status).toBe('scheduling');
    expect(after.statusReason).toContain('refused by the provider');
    expect(after.history.at(-1)).toMatchObject({ action: 'booking_failed', actor: 'system:booking-saga' });
    // The only host is free again: the same slot can be booked for another request.
    const other = await s.newRequest();
    expect((await s.book(other.id)).statusCode).toBe(201);
  });

  it('invitations refused → the meeting already created is cancelled, no invitation exists, host released', async () => {
    const s = await setup({ calendar: { invite: [permanent('graph')] } });
    const req = await s.newRequest();
    const res = await s.book(req.id);
    expect(res.statusCode).toBe(502);
    expect(s.meeting.calls.map((c) => c.op)).toEqual(['create', 'cancel']);
    expect(s.meeting.live.size).toBe(0);
    expect(s.calendar.sent).toEqual([]);
    expect(s.outbox()).toEqual([]);
    const [row] = s.bookingRows();
    expect(row).toMatchObject({ state: 'failed', failureReason: expect.stringContaining('graph') });
    expect((await s.request(req.id)).statusReason).toContain('Booking failed and was undone');
    const other = await s.newRequest();
    expect((await s.book(other.id)).statusCode).toBe(201);
  });

  it('undo itself throttled → retried until the meeting is really cancelled', async () => {
    const s = await setup({
      calendar: { invite: [permanent('graph')] },
      meeting: { cancel: [throttled('webex', 300)] },
    });
    const req = await s.newRequest();
    const res = await s.book(req.id);
    // The answer comes while the undo waits for its retry; the booking is not usable either way.
    expect(res.statusCode).toBe(202);
    expect(res.json().state).toBe('cancelling');
    await waitFor(() => s.bookingRows()[0]!.state === 'failed');
    expect(s.meeting.calls.map((c) => c.op)).toEqual(['create', 'cancel', 'cancel']);
    expect(s.meeting.live.size).toBe(0);
    expect(s.outbox()).toEqual([]);
  });

  it('a throttled step is retried no sooner than Retry-After, then completes (202, later booked)', async () => {
    const s = await setup({ meeting: { create: [throttled('webex', 1200)] } });
    const req = await s.newRequest();
    const res = await s.book(req.id);
    expect(res.statusCode).toBe(202);
    expect(res.json().state).toBe('pending');
    const booked = await waitFor(() => s.bookingRows().find((b) => b.state === 'booked'));
    const [first, second] = s.meeting.calls;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1200);
    expect(booked.attempts).toBe(0);
    expect(s.outbox()).toHaveLength(1);
    expect((await s.request(req.id)).status).toBe('booked');
  });

  it('gives up after BOOKING_MAX_ATTEMPTS retryable failures and undoes the booking', async () => {
    const boom = () => throttled('webex', 0);
    const s = await setup({ meeting: { create: [boom(), boom()] } }, { booking: { maxAttempts: 2 } });
    const req = await s.newRequest();
    await s.book(req.id);
    const row = await waitFor(() => s.bookingRows().find((b) => b.state === 'failed'));
    expect(row.failureReason).toContain('gave up after 2 attempts');
    expect(s.meeting.live.size).toBe(0);
  });
});

describe('booking saga: crash between steps', () => {
  /** One database file and outbox shared by two "processes", with a short lease. */
  const crashFiles = (name: string) => ({
    config: { databasePath: join(tempDir(name), 'cmss.db') },
    booking: { outboxDir: tempDir(`${name}-outbox`), leaseMs: 300 },
  });
  /** The first process dies; once its lease has run out, a second one starts on the same files. */
  async function restart(first: { app: Ctx['app'] }, options: Parameters<typeof bookingApp>[0]) {
    await first.app.close();
    open.splice(
      open.findIndex((c) => c.app === first.app),
      1,
    );
    await new Promise((r) => setTimeout(r, 350));
    const second = await bookingApp(options);
    open.push(second);
    return { ...second, ...reads(second) };
  }

  it('resumes at start-up from the stored state: one meeting, one invitation, request booked', async () => {
    const options = crashFiles('crash');
    // First process: the meeting is created and stored, then the process "dies" while sending invitations.
    const first = await setup({ calendar: { invite: ['hang'] } }, options);
    const req = await first.newRequest();
    void first.book(req.id);
    const meetingId = (await waitFor(() => first.bookingRows().find((b) => b.state === 'meeting_created')))!
      .meetingId;
    expect(first.calendar.sent).toEqual([]);

    // Second process on the same database: the worker resumes the booking at start-up.
    let meeting!: ReturnType<typeof scriptedMeeting>;
    let calendar!: ReturnType<typeof scriptedCalendar>;
    const second = await restart(first, {
      ...options,
      meeting: (real) => {
        meeting = scriptedMeeting(real);
        return meeting.provider;
      },
      calendar: (real) => {
        calendar = scriptedCalendar(real);
        return calendar.provider;
      },
    });
    const rows = second.bookingRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ state: 'booked', meetingId });
    expect(meeting.calls).toEqual([]); // no second meeting
    expect(calendar.sent).toHaveLength(1);
    expect(second.outbox()).toHaveLength(1);
    expect((await second.request(req.id)).status).toBe('booked');
  });

  it('an invitation sent but not yet recorded when the process died is not sent again on resume', async () => {
    const options = crashFiles('crash3');
    const first = await setup({}, options);
    // The invitation reaches the outbox, then the process "dies" before the booking is marked booked.
    const realInvite = first.calendar.provider.invite.bind(first.calendar.provider);
    first.calendar.provider.invite = async (spec) => {
      await realInvite(spec);
      return new Promise<never>(() => {});
    };
    const req = await first.newRequest();
    void first.book(req.id);
    await waitFor(() => first.outbox().length === 1);
    expect(first.bookingRows()[0]!.state).toBe('meeting_created');

    const second = await restart(first, options);
    const [row] = second.bookingRows();
    expect(row).toMatchObject({ state: 'booked', calendarEventId: row!.icalUid });
    expect(second.outbox()).toHaveLength(1);
    expect((await second.request(req.id)).status).toBe('booked');
  });

  it('a meeting created but not yet recorded when the process died is not duplicated on resume', async () => {
    const options = crashFiles('crash2');
    const first = await setup({ meeting: { create: ['hang'] } }, options);
    const req = await first.newRequest();
    void first.book(req.id);
    await waitFor(() => first.meeting.live.size === 1);
    const [createdAtProvider] = [...first.meeting.live];
    const second = await restart(first, options);
    const [row] = second.bookingRows();
    // The provider recognises the replayed create (same booking) and answers with the same meeting.
    expect(row).toMatchObject({ state: 'booked', meetingId: createdAtProvider });
  });
});

describe('booking requests', () => {
  it('replays a booking POST with the same Idempotency-Key: one booking, one invitation', async () => {
    const s = await setup();
    const req = await s.newRequest();
    const headers = { ...s.staff, 'idempotency-key': `book-${req.id}` };
    const a = await s.book(req.id, headers);
    const b = await s.book(req.id, headers);
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.json()).toEqual(a.json());
    expect(count(s.app, 'bookings')).toBe(1);
    expect(s.meeting.calls).toHaveLength(1);
    expect(s.outbox()).toHaveLength(1);
    // Without the key, a second booking of the same request is a conflict, not a second meeting.
    const again = await s.book(req.id);
    expect(again.statusCode).toBe(409);
    expect(count(s.app, 'bookings')).toBe(1);
  });

  it('refuses a booking with bad times and stores nothing', async () => {
    const s = await setup();
    const req = await s.newRequest();
    const cases: [object, number, string][] = [
      [{ start: futureAt(3, 12), end: futureAt(3, 11), timeZone: 'Europe/Lisbon' }, 422, 'end_before_start'],
      [{ start: futureAt(-1, 10), end: futureAt(-1, 11), timeZone: 'Europe/Lisbon' }, 422, 'in_the_past'],
      [
        { start: futureAt(3, 10), end: futureAt(3, 11), timeZone: 'Europe/Atlantis' },
        400,
        'invalid_time_zone',
      ],
      [
        { start: 'tomorrow at ten', end: futureAt(3, 11), timeZone: 'Europe/Lisbon' },
        400,
        'validation_failed',
      ],
    ];
    for (const [payload, status, code] of cases) {
      const res = await s.app.inject({
        method: 'POST',
        url: `/api/v1/requests/${req.id}/booking`,
        headers: s.staff,
        payload,
      });
      expect(res.statusCode, code).toBe(status);
      expect(res.json().error.code).toBe(code);
    }
    expect(count(s.app, 'bookings')).toBe(0);
    expect(s.meeting.calls).toEqual([]);
  });

  it('books webinars only on webinar-capable hosts with enough capacity', async () => {
    const s = await setup();
    const webinar = await createRequest(
      s.app,
      s.staff,
      requestBody(s.dir[0]!.clinicians[0]!.id, [], {
        kind: 'webinar',
        invitees: Array.from({ length: 150 }, (_, i) => ({ email: `listener${i}@partner.example` })),
      }),
    );
    const start = futureAt(9, 10);
    const payload = { start, end: plusMinutes(start, 60), timeZone: 'Europe/Lisbon' };
    const url = `/api/v1/requests/${webinar.id}/booking`;
    const refused = await s.app.inject({ method: 'POST', url, headers: s.staff, payload });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('no_host_available');
    // Refused, but the request was taken up: it moved from received to scheduling all the same.
    expect((await s.request(webinar.id)).status).toBe('scheduling');
    expect(count(s.app, 'bookings')).toBe(0);
    seedHosts(s.app, 1, { webinarCapable: true, capacity: 100 }); // capable, but too small
    expect((await s.app.inject({ method: 'POST', url, headers: s.staff, payload })).statusCode).toBe(409);
    const [big] = seedHosts(s.app, 1, { webinarCapable: true, capacity: 1000 });
    const ok = await s.app.inject({ method: 'POST', url, headers: s.staff, payload });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().hostAccountId).toBe(big!.id);
  });

  it('keeps the host held during the buffer around a meeting', async () => {
    const s = await setup({}, { booking: { bufferMinutes: 15 } });
    const a = await s.newRequest();
    expect((await s.book(a.id)).statusCode).toBe(201);
    const b = await s.newRequest();
    const start = futureAt(6, 11, 10); // 10 minutes after the first meeting ends: inside the buffer
    const res = await s.app.inject({
      method: 'POST',
      url: `/api/v1/requests/${b.id}/booking`,
      headers: s.staff,
      payload: { start, end: plusMinutes(start, 30), timeZone: 'Europe/Lisbon' },
    });
    expect(res.statusCode).toBe(409);
    const later = futureAt(6, 11, 30); // 30 minutes after: both buffers fit
    const ok = await s.app.inject({
      method: 'POST',
      url: `/api/v1/requests/${b.id}/booking`,
      headers: s.staff,
      payload: { start: later, end: plusMinutes(later, 30), timeZone: 'Europe/Lisbon' },
    });
    expect(ok.statusCode).toBe(201);
    expect(s.app.booking.repos.bookings.overlaps()).toEqual([]);
  });
});

describe('rescheduling', () => {
  it('refuses a time at which the meeting’s host is busy (409) and changes nothing', async () => {
    const s = await setup();
    const a = await s.newRequest();
    expect((await s.book(a.id)).statusCode).toBe(201);
    const b = await s.newRequest();
    const other = futureAt(7, 10);
    const bookedB = await s.app.inject({
      method: 'POST',
      url: `/api/v1/requests/${b.id}/booking`,
      headers: s.staff,
      payload: { start: other, end: plusMinutes(other, 60), timeZone: 'Europe/Lisbon' },
    });
    expect(bookedB.statusCode).toBe(201);
    const before = s.bookingRows();
    const res = await s.app.inject({
      method: 'PATCH',
      url: `/api/v1/requests/${a.id}/booking`,
      headers: s.staff,
      payload: { start: other, end: plusMinutes(other, 30), timeZone: 'Europe/Lisbon' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('host_busy');
    expect(s.bookingRows()).toEqual(before);
    expect(s.outbox()).toHaveLength(2);
  });

  it('a provider refusing the new time puts everything back to the old time (502, reason on the request)', async () => {
    const s = await setup({ calendar: { update: [permanent('graph')] } });
    const req = await s.newRequest();
    const booked = (await s.book(req.id)).json();
    const next = futureAt(8, 14);
    const res = await s.app.inject({
      method: 'PATCH',
      url: `/api/v1/requests/${req.id}/booking`,
      headers: s.staff,
      payload: { start: next, end: plusMinutes(next, 60), timeZone: 'Europe/Lisbon' },
    });
    expect(res.statusCode).toBe(502);
    expect(res.json().error.code).toBe('booking_failed');
    const [row] = s.bookingRows();
    expect(row).toMatchObject({ state: 'booked', start: booked.start, end: booked.end, previousStart: null });
    // The meeting went to the new time and back; the participants' calendars were told the old time again.
    expect(s.meeting.calls.map((c) => c.op)).toEqual(['create', 'update', 'update']);
    expect(s.calendar.sent.map((m) => `${m.method}:${m.sequence}`)).toEqual(['REQUEST:0', 'REQUEST:2']);
    const after = await s.request(req.id);
    expect(after.status).toBe('booked');
    expect(after.history.at(-1)).toMatchObject({ action: 'reschedule_failed' });
    // The host is held at the old time only: the new time is free for someone else.
    expect(s.app.booking.repos.bookings.overlaps()).toEqual([]);
    const other = await s.newRequest();
    const taken = await s.app.inject({
      method: 'POST',
      url: `/api/v1/requests/${other.id}/booking`,
      headers: s.staff,
      payload: { start: next, end: plusMinutes(next, 60), timeZone: 'Europe/Lisbon' },
    });
    expect(taken.statusCode).toBe(201);
  });

  it('a request cancelled while its meeting was being set up is undone with a cancellation', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const s = await setup();
    // Hold the invitation step until the request has been cancelled.
    const realInvite = s.calendar.provider.invite.bind(s.calendar.provider);
    s.calendar.provider.invite = async (spec) => {
      await gate;
      return realInvite(spec);
    };
    const req = await s.newRequest();
    const pending = s.book(req.id);
    await waitFor(() => s.bookingRows()[0]?.state === 'meeting_created');
    const cancel = await s.app.inject({
      method: 'POST',
      url: `/api/v1/requests/${req.id}/cancel`,
      headers: s.staff,
      payload: {},
    });
    expect(cancel.statusCode).toBe(200);
    release();
    const answer = await pending;
    expect(answer.statusCode).toBe(409);
    expect(answer.json().error.code).toBe('request_closed');
    const row = await waitFor(() => s.bookingRows().find((b) => b.state === 'cancelled'));
    expect(row.cancelReason).toMatch(/cancelled while the meeting was being set up/);
    expect(s.meeting.live.size).toBe(0);
    expect(s.calendar.sent.map((m) => m.method)).toEqual(['REQUEST', 'CANCEL']);
    expect((await s.request(req.id)).status).toBe('cancelled');
  });
});
