import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  bookingApp,
  createRequest,
  futureAt,
  overlappingHolds,
  plusMinutes,
  requestBody,
  seedDirectory,
  seedHosts,
} from './fixtures.js';

type Ctx = Awaited<ReturnType<typeof bookingApp>>;
let ctx: Ctx;
beforeAll(async () => {
  ctx = await bookingApp();
});
afterAll(() => ctx.app.close());

it('50 concurrent bookings competing for 10 hosts never double-book a host', async () => {
  const dir = seedDirectory(ctx.app, ['PT', 'DE']);
  seedHosts(ctx.app, 10);
  const staff = ctx.auth('helpdesk');
  const requests = [];
  for (let i = 0; i < 50; i++) {
    requests.push(
      await createRequest(
        ctx.app,
        staff,
        requestBody(dir[0]!.clinicians[0]!.id, [dir[1]!.clinicians[1]!.id]),
      ),
    );
  }
  // Five start times 30 minutes apart, one hour each: every request overlaps its neighbours.
  const base = futureAt(10, 8);
  const results = await Promise.all(
    requests.map((r, i) => {
      const start = plusMinutes(base, (i % 5) * 30);
      return ctx.app.inject({
        method: 'POST',
        url: `/api/v1/requests/${r.id}/booking`,
        headers: staff,
        payload: { start, end: plusMinutes(start, 60), timeZone: 'Europe/Lisbon' },
      });
    }),
  );
  const statuses = results.map((r) => r.statusCode);
  expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
  const booked = statuses.filter((s) => s === 201).length;
  // With a 15-minute buffer the slots at +0 and +90 min (and +30/+120) can share a host, so more than 10 fit, but never 50.
  expect(booked).toBeGreaterThanOrEqual(10);
  expect(booked).toBeLessThan(50);
  expect(
    results.filter((r) => r.statusCode === 409).every((r) => r.json().error.code === 'no_host_available'),
  ).toBe(true);
  expect(overlappingHolds(ctx.app)).toEqual([]);
  expect(ctx.app.booking.repos.bookings.overlaps()).toEqual([]);
});
