import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingApp, count, createRequest, futureAt, requestBody, seedDirectory } from './fixtures.js';

type Ctx = Awaited<ReturnType<typeof bookingApp>>;
let ctx: Ctx;
let staff: Record<string, string>;
let dir: ReturnType<typeof seedDirectory>;

beforeAll(async () => {
  ctx = await bookingApp();
  dir = seedDirectory(ctx.app, ['PT', 'DE', 'FI', 'PL'], 3);
  staff = ctx.auth('helpdesk');
});
afterAll(() => ctx.app.close());

const post = (body: unknown, headers = staff) =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/requests', headers, payload: body as object });

describe('creating a request', () => {
  it('resolves clinicians, hospitals (their active contact persons) and guests, without duplicates', async () => {
    const [pt, de, fi] = dir;
    const res = await post(
      requestBody(pt!.clinicians[0]!.id, [], {
        invitees: [
          { clinicianId: de!.clinicians[1]!.id },
          { hospitalId: fi!.id },
          // The same person twice (once by id, once by e-mail) is invited once.
          { email: de!.clinicians[1]!.email.toUpperCase() },
          { email: 'guest@partner.example', displayName: 'Guest Expert' },
        ],
        proposedWindows: [{ start: futureAt(5, 9), end: futureAt(5, 12) }],
      }),
    );
    expect(res.statusCode).toBe(201);
    expect(res.headers.location).toBe(`/api/v1/requests/${res.json().id}`);
    const body = res.json();
    expect(body.status).toBe('received');
    expect(body.invitees).toEqual([
      expect.objectContaining({ clinicianId: de!.clinicians[1]!.id, viaHospitalId: null }),
      expect.objectContaining({
        clinicianId: fi!.clinicians[0]!.id,
        viaHospitalId: fi!.id,
        email: fi!.clinicians[0]!.email,
      }),
      {
        clinicianId: null,
        hospitalId: null,
        email: 'guest@partner.example',
        displayName: 'Guest Expert',
        viaHospitalId: null,
        timeZone: null,
        countryCode: null,
      },
    ]);
    expect(body.proposedWindows).toHaveLength(1);
    expect(body.history).toEqual([expect.objectContaining({ action: 'create', toStatus: 'received' })]);
  });

  it('rejects a second request from the same Outlook message with 409 naming the first', async () => {
    const body = requestBody(dir[0]!.clinicians[0]!.id, [dir[1]!.clinicians[0]!.id], {
      source: 'outlook',
      sourceMessageId: '<CAF=abc123@mail.example.org>',
    });
    const first = await post(body);
    expect(first.statusCode).toBe(201);
    const before = count(ctx.app, 'conference_requests');
    const second = await post({ ...body, topic: 'Another topic' });
    expect(second.statusCode).toBe(409);
    expect(second.json().error).toMatchObject({
      code: 'duplicate_request',
      details: { requestId: first.json().id },
    });
    expect(count(ctx.app, 'conference_requests')).toBe(before);
  });

  it('replays a create sent twice with the same Idempotency-Key instead of logging it twice', async () => {
    const headers = { ...staff, 'idempotency-key': 'create-request-1' };
    const body = requestBody(dir[0]!.clinicians[0]!.id, [dir[2]!.clinicians[1]!.id]);
    const before = count(ctx.app, 'conference_requests');
    const a = await post(body, headers);
    const b = await post(body, headers);
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.json().id).toBe(a.json().id);
    expect(count(ctx.app, 'conference_requests')).toBe(before + 1);
    const other = await post({ ...body, topic: 'Different request, same key' }, headers);
    expect(other.statusCode).toBe(422);
  });
});

describe('bad input is refused with a reason and nothing is stored', () => {
  const requester = () => dir[0]!.clinicians[0]!.id;
  const invitee = () => dir[1]!.clinicians[1]!.id;
  const cases: [string, () => unknown, number, string][] = [
    [
      'a window ending before it starts',
      () =>
        requestBody(requester(), [invitee()], {
          proposedWindows: [{ start: futureAt(4, 12), end: futureAt(4, 10) }],
        }),
      422,
      'end_before_start',
    ],
    [
      'a window in the past',
      () =>
        requestBody(requester(), [invitee()], {
          proposedWindows: [{ start: futureAt(-2, 10), end: futureAt(-2, 12) }],
        }),
      422,
      'in_the_past',
    ],
    [
      'overlapping proposed windows',
      () =>
        requestBody(requester(), [invitee()], {
          proposedWindows: [
            { start: futureAt(4, 9), end: futureAt(4, 12) },
            { start: futureAt(4, 11), end: futureAt(4, 14) },
          ],
        }),
      422,
      'overlapping_windows',
    ],
    ['an unknown clinician', () => requestBody(requester(), [999_999]), 422, 'unknown_invitees'],
    [
      'an unknown hospital',
      () => requestBody(requester(), [], { invitees: [{ hospitalId: 999_999 }] }),
      422,
      'unknown_invitees',
    ],
    ['an unknown requester', () => requestBody(999_999, [invitee()]), 422, 'unknown_requester'],
    [
      'a garbage time zone',
      () => requestBody(requester(), [invitee()], { timeZone: 'Mars/Olympus_Mons' }),
      400,
      'invalid_time_zone',
    ],
    [
      'an offset instead of a zone',
      () => requestBody(requester(), [invitee()], { timeZone: '+02:00' }),
      400,
      'invalid_time_zone',
    ],
    [
      'more than 100 participants in a meeting',
      () =>
        requestBody(requester(), [], {
          invitees: Array.from({ length: 100 }, (_, i) => ({ email: `guest${i}@partner.example` })),
        }),
      422,
      'capacity_exceeded',
    ],
    [
      'an Outlook request without its message id',
      () => requestBody(requester(), [invitee()], { source: 'outlook' }),
      422,
      'missing_message_id',
    ],
    [
      'a window shorter than the conference',
      () =>
        requestBody(requester(), [invitee()], {
          proposedWindows: [{ start: futureAt(4, 9), end: futureAt(4, 9, 30) }],
        }),
      422,
      'too_short',
    ],
    [
      'an unknown field',
      () => ({ ...requestBody(requester(), [invitee()]), patientName: 'x' }),
      400,
      'validation_failed',
    ],
  ];

  it.each(cases)('%s', async (_name, body, status, code) => {
    const before = ['conference_requests', 'request_invitees', 'request_windows'].map((t) =>
      count(ctx.app, t as never),
    );
    const res = await post(body());
    expect(res.statusCode).toBe(status);
    expect(res.json().error.code).toBe(code);
    expect(res.json().error.message).toEqual(expect.any(String));
    expect(
      ['conference_requests', 'request_invitees', 'request_windows'].map((t) => count(ctx.app, t as never)),
    ).toEqual(before);
  });

  it('holds at most 100 in a meeting counting requester and host, and more in a webinar', async () => {
    const guests = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ email: `g${n}-${i}@partner.example` }));
    // requester + 98 invitees + host = 100: the largest meeting.
    expect((await post(requestBody(requester(), [], { invitees: guests(98) }))).statusCode).toBe(201);
    expect((await post(requestBody(requester(), [], { invitees: guests(99) }))).statusCode).toBe(422);
    expect(
      (await post(requestBody(requester(), [], { kind: 'webinar', invitees: guests(150) }))).statusCode,
    ).toBe(201);
  });
});

describe('reading requests', () => {
  it('lets a clinician submit as themself, see their own, and not even see that others exist', async () => {
    const me = dir[3]!.clinicians[0]!;
    const other = dir[3]!.clinicians[1]!;
    const mine = ctx.auth('clinician', me.id);
    const own = await post(requestBody(me.id, [dir[0]!.clinicians[1]!.id]), mine);
    expect(own.statusCode).toBe(201);
    const forOther = await post(requestBody(other.id, [dir[0]!.clinicians[1]!.id]), mine);
    expect(forOther.statusCode).toBe(403);
    const someoneElses = await createRequest(
      ctx.app,
      staff,
      requestBody(other.id, [dir[0]!.clinicians[1]!.id]),
    );
    expect(
      (await ctx.app.inject({ url: `/api/v1/requests/${own.json().id}`, headers: mine })).statusCode,
    ).toBe(200);
    expect(
      (await ctx.app.inject({ url: `/api/v1/requests/${someoneElses.id}`, headers: mine })).statusCode,
    ).toBe(404);
    const list = (
      await ctx.app.inject({ url: `/api/v1/requests?requesterId=${other.id}`, headers: mine })
    ).json();
    expect(list.items.map((r: { requesterId: number }) => r.requesterId)).toEqual([me.id]);
    // Acting on requests is for staff.
    const act = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/requests/${own.json().id}/schedule`,
      headers: mine,
    });
    expect(act.statusCode).toBe(403);
  });

  it('filters by status, requester country, requester and creation time, newest first, with paging', async () => {
    const fi = dir[2]!;
    const a = await createRequest(
      ctx.app,
      staff,
      requestBody(fi.clinicians[1]!.id, [dir[0]!.clinicians[2]!.id]),
    );
    const b = await createRequest(
      ctx.app,
      staff,
      requestBody(fi.clinicians[2]!.id, [dir[0]!.clinicians[2]!.id]),
    );
    await ctx.app.inject({ method: 'POST', url: `/api/v1/requests/${b.id}/schedule`, headers: staff });
    const get = async (qs: string) =>
      (await ctx.app.inject({ url: `/api/v1/requests?${qs}`, headers: staff })).json() as {
        items: { id: number; status: string }[];
        nextCursor: string | null;
      };
    const finnish = await get('country=FI');
    expect(finnish.items.map((r) => r.id)).toEqual([b.id, a.id]);
    expect((await get('country=FI&status=scheduling')).items.map((r) => r.id)).toEqual([b.id]);
    expect((await get(`requesterId=${fi.clinicians[1]!.id}`)).items.map((r) => r.id)).toEqual([a.id]);
    expect((await get(`from=${encodeURIComponent(futureAt(1, 0))}`)).items).toEqual([]);
    const page1 = await get('country=FI&limit=1');
    expect(page1.items.map((r) => r.id)).toEqual([b.id]);
    const page2 = await get(`country=FI&limit=1&cursor=${page1.nextCursor}`);
    expect(page2.items.map((r) => r.id)).toEqual([a.id]);
  });
});
