import { afterEach, describe, expect, it, vi } from 'vitest';
import { bookingApp, count, createRequest, requestBody, seedDirectory, seedHosts } from './fixtures.js';
import { readOutbox } from './mime.js';

// Each test starts its own app (the first start in a worker compiles the whole API).
vi.setConfig({ testTimeout: 60_000 });

type Ctx = Awaited<ReturnType<typeof bookingApp>>;
const open: Ctx[] = [];
afterEach(async () => {
  for (const c of open.splice(0)) await c.app.close();
});

async function setup(hosts = 2) {
  const ctx = await bookingApp({ booking: { bufferMinutes: 15 } });
  open.push(ctx);
  const dir = seedDirectory(ctx.app, ['BE', 'PL']);
  seedHosts(ctx.app, hosts);
  const staff = ctx.auth('helpdesk');
  const newRequest = () =>
    createRequest(
      ctx.app,
      staff,
      requestBody(dir[0]!.clinicians[0]!.id, [dir[1]!.clinicians[1]!.id], { timeZone: 'Europe/Brussels' }),
    );
  return { ...ctx, staff, newRequest };
}

describe('recurring series', () => {
  it('weekly: keeps 10:00 Brussels time across the DST change, every occurrence holds a host and gets its own invitation', async () => {
    const s = await setup();
    const req = await s.newRequest();
    const res = await s.app.inject({
      method: 'POST',
      url: `/api/v1/requests/${req.id}/series`,
      headers: s.staff,
      payload: {
        start: '2027-03-15T09:00:00Z',
        end: '2027-03-15T10:00:00Z',
        timeZone: 'Europe/Brussels',
        recurrence: { frequency: 'weekly', count: 4 },
      },
    });
    expect(res.statusCode).toBe(201);
    const { seriesId, bookings } = res.json();
    expect(bookings.map((b: { start: string }) => b.start)).toEqual([
      '2027-03-15T09:00:00.000Z',
      '2027-03-22T09:00:00.000Z',
      '2027-03-29T08:00:00.000Z', // summer time from 28 March: still 10:00 in Brussels
      '2027-04-05T08:00:00.000Z',
    ]);
    expect(
      bookings.every(
        (b: { state: string; seriesId: string }) => b.state === 'booked' && b.seriesId === seriesId,
      ),
    ).toBe(true);
    // One series, one host account: the pool prefers keeping a standing meeting on the same account.
    expect(new Set(bookings.map((b: { hostAccountId: number }) => b.hostAccountId)).size).toBe(1);
    const invitations = readOutbox(s.outboxDir);
    expect(invitations).toHaveLength(4);
    expect(new Set(invitations.map((i) => i.localStart.slice(11)))).toEqual(new Set(['10:00:00']));
    expect((await s.app.inject({ url: `/api/v1/requests/${req.id}`, headers: s.staff })).json().status).toBe(
      'booked',
    );
    expect(s.app.booking.repos.bookings.overlaps()).toEqual([]);
  });

  it('monthly until a date', async () => {
    const s = await setup();
    const req = await s.newRequest();
    const res = await s.app.inject({
      method: 'POST',
      url: `/api/v1/requests/${req.id}/series`,
      headers: s.staff,
      payload: {
        start: '2027-01-20T13:00:00Z',
        end: '2027-01-20T14:00:00Z',
        timeZone: 'Europe/Brussels',
        recurrence: { frequency: 'monthly', until: '2027-06-30T00:00:00Z' },
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().bookings.map((b: { start: string }) => b.start.slice(0, 10))).toEqual([
      '2027-01-20',
      '2027-02-20',
      '2027-03-20',
      '2027-04-20',
      '2027-05-20',
      '2027-06-20',
    ]);
  });

  it('is all or nothing: an occurrence no host can take refuses the whole series (409, nothing stored)', async () => {
    const s = await setup(1);
    const blocker = await s.newRequest();
    const blocked = await s.app.inject({
      method: 'POST',
      url: `/api/v1/requests/${blocker.id}/booking`,
      headers: s.staff,
      payload: { start: '2027-03-22T09:30:00Z', end: '2027-03-22T10:30:00Z', timeZone: 'Europe/Brussels' },
    });
    expect(blocked.statusCode).toBe(201);
    const before = count(s.app, 'bookings');
    const req = await s.newRequest();
    const res = await s.app.inject({
      method: 'POST',
      url: `/api/v1/requests/${req.id}/series`,
      headers: s.staff,
      payload: {
        start: '2027-03-15T09:00:00Z',
        end: '2027-03-15T10:00:00Z',
        timeZone: 'Europe/Brussels',
        recurrence: { frequency: 'weekly', count: 3 },
      },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({
      code: 'no_host_available',
      details: { start: '2027-03-22T09:00:00.000Z' },
    });
    expect(count(s.app, 'bookings')).toBe(before);
    expect(readOutbox(s.outboxDir)).toHaveLength(1);
  });

  it('cancelling one occurrence leaves the rest; cancelling the last one cancels the conference', async () => {
    const s = await setup();
    const req = await s.newRequest();
    const series = (
      await s.app.inject({
        method: 'POST',
        url: `/api/v1/requests/${req.id}/series`,
        headers: s.staff,
        payload: {
          start: '2027-02-01T09:00:00Z',
          end: '2027-02-01T10:00:00Z',
          timeZone: 'Europe/Brussels',
          recurrence: { frequency: 'weekly', count: 2 },
        },
      })
    ).json();
    const [first, second] = series.bookings as { id: number }[];
    const one = await s.app.inject({
      method: 'DELETE',
      url: `/api/v1/requests/${req.id}/bookings/${first!.id}`,
      headers: s.staff,
    });
    expect(one.statusCode).toBe(200);
    expect(one.json().state).toBe('cancelled');
    const status = async () =>
      (await s.app.inject({ url: `/api/v1/requests/${req.id}`, headers: s.staff })).json().status;
    expect(await status()).toBe('booked');
    // Without a booking id the request's booking is ambiguous only while several are active.
    const last = await s.app.inject({
      method: 'DELETE',
      url: `/api/v1/requests/${req.id}/bookings/${second!.id}`,
      headers: s.staff,
    });
    expect(last.json().state).toBe('cancelled');
    expect(await status()).toBe('cancelled');
    expect(
      readOutbox(s.outboxDir)
        .map((i) => i.method)
        .sort(),
    ).toEqual(['CANCEL', 'CANCEL', 'REQUEST', 'REQUEST']);
  });

  it('refuses a recurrence with both count and until, or more than 52 occurrences', async () => {
    const s = await setup();
    const req = await s.newRequest();
    const post = (recurrence: object) =>
      s.app.inject({
        method: 'POST',
        url: `/api/v1/requests/${req.id}/series`,
        headers: s.staff,
        payload: {
          start: '2027-02-01T09:00:00Z',
          end: '2027-02-01T10:00:00Z',
          timeZone: 'Europe/Brussels',
          recurrence,
        },
      });
    expect(
      (await post({ frequency: 'weekly', count: 3, until: '2027-05-01T00:00:00Z' })).json().error.code,
    ).toBe('invalid_recurrence');
    expect((await post({ frequency: 'weekly', until: '2029-01-01T00:00:00Z' })).json().error.code).toBe(
      'too_many_occurrences',
    );
    expect(count(s.app, 'bookings')).toBe(0);
  });
});
