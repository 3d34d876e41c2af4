import {
  nextRequestStatus,
  REQUEST_ACTIONS,
  REQUEST_STATUSES,
  type RequestAction,
  type RequestStatus,
} from '@cmss/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bookingApp,
  createRequest,
  futureAt,
  plusMinutes,
  requestBody,
  seedDirectory,
  seedHosts,
} from './fixtures.js';

type Ctx = Awaited<ReturnType<typeof bookingApp>>;
let ctx: Ctx;
let staff: Record<string, string>;
let requesterId: number;
let inviteeId: number;
let day = 3;

beforeAll(async () => {
  ctx = await bookingApp();
  const [pt, de] = seedDirectory(ctx.app);
  seedHosts(ctx.app, 3);
  staff = ctx.auth('helpdesk');
  requesterId = pt!.clinicians[0]!.id;
  inviteeId = de!.clinicians[1]!.id;
});
afterAll(() => ctx.app.close());

/** Performs an action the way staff do, through the API. */
async function perform(id: number, action: RequestAction) {
  const { app } = ctx;
  switch (action) {
    case 'schedule':
      return app.inject({ method: 'POST', url: `/api/v1/requests/${id}/schedule`, headers: staff });
    case 'reject':
      return app.inject({
        method: 'POST',
        url: `/api/v1/requests/${id}/reject`,
        headers: staff,
        payload: { reason: 'Out of scope' },
      });
    case 'cancel':
      return app.inject({
        method: 'POST',
        url: `/api/v1/requests/${id}/cancel`,
        headers: staff,
        payload: {},
      });
    case 'markHeld':
      return app.inject({ method: 'POST', url: `/api/v1/requests/${id}/mark-held`, headers: staff });
    case 'book': {
      const start = futureAt(day++, 10);
      return app.inject({
        method: 'POST',
        url: `/api/v1/requests/${id}/booking`,
        headers: staff,
        payload: { start, end: plusMinutes(start, 60), timeZone: 'Europe/Lisbon' },
      });
    }
  }
}

/** The shortest path of actions from `received` to each status. */
const PATH: Record<RequestStatus, RequestAction[]> = {
  received: [],
  scheduling: ['schedule'],
  booked: ['schedule', 'book'],
  held: ['schedule', 'book', 'markHeld'],
  cancelled: ['cancel'],
  rejected: ['reject'],
};

async function requestIn(status: RequestStatus) {
  const created = await createRequest(ctx.app, staff, requestBody(requesterId, [inviteeId]));
  for (const action of PATH[status]) {
    const res = await perform(created.id, action);
    expect(res.statusCode, `${action} on the way to ${status}: ${res.body}`).toBeLessThan(300);
  }
  return created.id;
}

const status = async (id: number) =>
  (await ctx.app.inject({ url: `/api/v1/requests/${id}`, headers: staff })).json().status as RequestStatus;

describe('request status machine', () => {
  const cases = REQUEST_STATUSES.flatMap((from) => REQUEST_ACTIONS.map((action) => ({ from, action })));
  const illegal = cases.filter(({ from, action }) => nextRequestStatus(from, action) === null);
  // "book" from received is allowed by the booking endpoint (it schedules first), so it is not illegal there.
  const illegalViaApi = illegal.filter(({ from, action }) => !(from === 'received' && action === 'book'));

  it('has illegal transitions to test (the table is not empty)', () => {
    expect(illegalViaApi.length).toBeGreaterThanOrEqual(20);
  });

  it.each(illegalViaApi)(
    'refuses $action from $from with 409 and leaves the status unchanged',
    async ({ from, action }) => {
      const id = await requestIn(from);
      const res = await perform(id, action);
      expect(res.statusCode).toBe(409);
      expect(['illegal_transition', 'already_booked']).toContain(res.json().error.code);
      expect(await status(id)).toBe(from);
    },
  );

  it('records every transition with who and when, in order', async () => {
    const id = await requestIn('held');
    const history = (await ctx.app.inject({ url: `/api/v1/requests/${id}`, headers: staff })).json()
      .history as {
      action: string;
      fromStatus: string | null;
      toStatus: string;
      actor: string;
      at: string;
    }[];
    expect(history.map((h) => `${h.action}:${h.fromStatus}->${h.toStatus}`)).toEqual([
      'create:null->received',
      'schedule:received->scheduling',
      'book:scheduling->booked',
      'markHeld:booked->held',
    ]);
    expect(history.every((h) => h.actor && !Number.isNaN(Date.parse(h.at)))).toBe(true);
    expect(history[1]!.actor).toMatch(/^apikey:/);
  });

  it('keeps the rejection reason on the request', async () => {
    const id = await requestIn('rejected');
    const body = (await ctx.app.inject({ url: `/api/v1/requests/${id}`, headers: staff })).json();
    expect(body.statusReason).toBe('Out of scope');
  });

  it('needs a reason to reject (400, nothing changes)', async () => {
    const id = await requestIn('received');
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/requests/${id}/reject`,
      headers: staff,
      payload: {},
    });
    expect(res.statusCode).toBe(400);
    expect(await status(id)).toBe('received');
  });
});
