import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRequest,
  halfHours,
  hours,
  requestBody,
  seededBookingApp,
  suggestedSlots,
} from './fixtures.js';

let { ctx, dir, staff } = {} as Awaited<ReturnType<typeof seededBookingApp>>;
beforeAll(async () => {
  ({ ctx, dir, staff } = await seededBookingApp(['PT', 'FI', 'IS', 'DE'], {
    booking: { bufferMinutes: 15 },
  }));
});
afterAll(() => ctx.app.close());

const [PT, FI, IS, DE] = [0, 1, 2, 3];
interface Slot {
  start: string;
  end: string;
  inProposedWindow: boolean;
  localTimes: { timeZone: string; start: string }[];
}
const suggestions = (
  requester: number,
  invitees: number[],
  from: string,
  to: string,
  extra: Record<string, unknown> = {},
) =>
  suggestedSlots<Slot>(
    ctx.app,
    staff,
    requestBody(
      dir[requester]!.clinicians[0]!.id,
      invitees.map((i) => dir[i]!.clinicians[1]!.id),
      extra,
    ),
    from,
    to,
  );

/** A new request (Lisbon with Germany) booked from `start` to `end`: its id and its host account. */
const bookAt = async (start: string, end: string) => {
  const req = await createRequest(
    ctx.app,
    staff,
    requestBody(dir[PT]!.clinicians[1]!.id, [dir[DE]!.clinicians[0]!.id]),
  );
  const res = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/requests/${req.id}/booking`,
    headers: staff,
    payload: { start, end, timeZone: 'Europe/Lisbon' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return { id: req.id, host: res.json().hostAccountId as number };
};

describe('slot suggestions', () => {
  it('Lisbon and Helsinki: only the hours inside both working days (08:00–16:00 UTC in winter)', async () => {
    const { items } = await suggestions(PT, [FI], '2027-01-11T00:00:00Z', '2027-01-12T00:00:00Z');
    // Lisbon 08:00–18:00 is 08:00–18:00 UTC, Helsinki 08:00–18:00 is 06:00–16:00 UTC; a 60-minute slot starts by 15:00.
    expect(hours(items)).toEqual(halfHours('08:00', '15:00'));
    const sample = items.find((i) => i.start === '2027-01-11T08:00:00.000Z')!;
    expect(sample.localTimes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ timeZone: 'Europe/Lisbon', start: '2027-01-11T08:00' }),
        expect.objectContaining({ timeZone: 'Europe/Helsinki', start: '2027-01-11T10:00' }),
      ]),
    );
  });

  it('follows the DST change in Helsinki while Reykjavik keeps UTC all year', async () => {
    // The clocks change on Sunday 28 March 2027 (Easter: the days around it are holidays in both countries).
    const before = await suggestions(IS, [FI], '2027-03-24T00:00:00Z', '2027-03-25T00:00:00Z');
    const after = await suggestions(IS, [FI], '2027-03-31T00:00:00Z', '2027-04-01T00:00:00Z');
    expect(hours(before.items)).toEqual(halfHours('08:00', '15:00')); // Helsinki UTC+2: work ends 16:00 UTC
    expect(hours(after.items)).toEqual(halfHours('08:00', '14:00')); // Helsinki UTC+3: work ends 15:00 UTC
  });

  it('skips weekends and public holidays of any participant’s country', async () => {
    // Thursday 10 June 2027 is Portugal Day: no slot that day; Friday 11 June has slots; the weekend none.
    const { items } = await suggestions(PT, [DE], '2027-06-10T00:00:00Z', '2027-06-14T00:00:00Z');
    const days = new Set(items.map((i) => i.start.slice(0, 10)));
    expect(days).toEqual(new Set(['2027-06-11']));
  });

  it('only offers times at which a host account is free, buffer included', async () => {
    await bookAt('2027-02-02T10:00:00Z', '2027-02-02T11:00:00Z');
    const { items } = await suggestions(PT, [DE], '2027-02-02T00:00:00Z', '2027-02-03T00:00:00Z');
    // The only host is held 09:45–11:15: slots starting 09:00 … 11:00 collide with it (their own buffer included);
    // 08:30–09:30 (held until 09:45) and 11:30–12:30 (held from 11:15) just fit.
    expect(hours(items)).toEqual([...halfHours('08:00', '08:30'), ...halfHours('11:30', '16:00')]);
  });

  it('offers a booked request only the times its own host is free (a reschedule keeps the host)', async () => {
    // A second host, free all day: before, its free times were offered to move the first request to,
    // and the reschedule then failed with 409 host_busy.
    const added = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/host-accounts',
      headers: ctx.auth('admin'),
      payload: { email: 'second-host@example.org', displayName: 'Second host' },
    });
    expect(added.statusCode, added.body).toBe(201);
    try {
      const first = await bookAt('2027-02-09T09:00:00Z', '2027-02-09T10:00:00Z');
      const second = await bookAt('2027-02-09T13:00:00Z', '2027-02-09T14:00:00Z');
      expect(second.host).toBe(first.host); // both on the first free host
      const res = await ctx.app.inject({
        url: `/api/v1/requests/${first.id}/suggestions?from=2027-02-09T00:00:00Z&to=2027-02-10T00:00:00Z&limit=50`,
        headers: staff,
      });
      const starts = hours(res.json().items as Slot[]);
      // Its own hold does not stand in its way; the second booking's (12:45–14:15) does.
      expect(starts).toContain('09:00');
      expect(starts).toContain('11:30');
      expect(starts).not.toContain('13:00');
      expect(starts).not.toContain('12:30');
      expect(starts).toContain('14:30');
      // Every time offered can be booked: moving there is no 409.
      const moved = await ctx.app.inject({
        method: 'PATCH',
        url: `/api/v1/requests/${first.id}/booking`,
        headers: staff,
        payload: { start: '2027-02-09T14:30:00Z', end: '2027-02-09T15:30:00Z', timeZone: 'Europe/Lisbon' },
      });
      expect(moved.statusCode, moved.body).toBe(200);
    } finally {
      await ctx.app.inject({
        method: 'POST',
        url: `/api/v1/host-accounts/${added.json().id}/deactivate`,
        headers: ctx.auth('admin'),
      });
    }
  });

  it('ranks slots inside the proposed windows first', async () => {
    const { items } = await suggestions(PT, [DE], '2027-01-18T00:00:00Z', '2027-01-20T00:00:00Z', {
      proposedWindows: [{ start: '2027-01-19T13:00:00Z', end: '2027-01-19T15:00:00Z' }],
    });
    expect(items.slice(0, 3).map((i) => [i.start, i.inProposedWindow])).toEqual([
      ['2027-01-19T13:00:00.000Z', true],
      ['2027-01-19T13:30:00.000Z', true],
      ['2027-01-19T14:00:00.000Z', true],
    ]);
    expect(items[3]!.inProposedWindow).toBe(false);
  });

  it('refuses a reversed or huge range', async () => {
    const req = await createRequest(
      ctx.app,
      staff,
      requestBody(dir[PT]!.clinicians[0]!.id, [dir[DE]!.clinicians[1]!.id]),
    );
    const reversed = await ctx.app.inject({
      url: `/api/v1/requests/${req.id}/suggestions?from=2027-01-12T00:00:00Z&to=2027-01-11T00:00:00Z`,
      headers: staff,
    });
    expect(reversed.statusCode).toBe(422);
    const huge = await ctx.app.inject({
      url: `/api/v1/requests/${req.id}/suggestions?from=2027-01-01T00:00:00Z&to=2027-12-31T00:00:00Z`,
      headers: staff,
    });
    expect(huge.statusCode).toBe(422);
  });
});
