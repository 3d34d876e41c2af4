import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  count,
  createRequest,
  halfHours,
  hours,
  requestBody,
  seededBookingApp,
  suggestedSlots,
} from './fixtures.js';

/**
 * Guests outside the directory may say where they work (IANA zone and/or network country): slot
 * suggestions then keep to their working day there, and to that country's public holidays.
 */
let { ctx, dir, staff } = {} as Awaited<ReturnType<typeof seededBookingApp>>;
beforeAll(async () => {
  ({ ctx, dir, staff } = await seededBookingApp(['PT', 'DE']));
});
afterAll(() => ctx.app.close());

/** A request from the Lisbon requester (request zone Europe/Lisbon) inviting just these guests. */
const lisbonRequest = (guests: Record<string, unknown>[]) =>
  requestBody(dir[0]!.clinicians[0]!.id, [], { invitees: guests });

interface Slot {
  start: string;
  localTimes: { timeZone: string; start: string; participants: number }[];
}
const suggest = async (guests: Record<string, unknown>[], from: string, to: string) =>
  (await suggestedSlots<Slot>(ctx.app, staff, lisbonRequest(guests), from, to)).items;

// Tuesday 12 January 2027: Lisbon is on UTC, New York on UTC−5, Tokyo on UTC+9.
const TUESDAY = ['2027-01-12T00:00:00Z', '2027-01-13T00:00:00Z'] as const;

describe('guests placed in a time zone', () => {
  it('a guest given in the old form (e-mail only) still counts in the request’s zone', async () => {
    const items = await suggest([{ email: 'plain@partner.example', displayName: 'Plain Guest' }], ...TUESDAY);
    // Lisbon 08:00–18:00 for both: 60-minute slots from 08:00 to 17:00 UTC.
    expect(hours(items)).toEqual(halfHours('08:00', '17:00'));
    // Today's behaviour: the requester (by Portugal) and the unplaced guest (by the request) are both in Lisbon.
    expect(new Set(items[0]!.localTimes.map((l) => l.timeZone))).toEqual(new Set(['Europe/Lisbon']));
  });

  it('a guest in New York moves the day to the afternoon in Lisbon (08:00 in New York is 13:00 UTC)', async () => {
    const items = await suggest([{ email: 'ny@partner.example', timeZone: 'America/New_York' }], ...TUESDAY);
    expect(hours(items)).toEqual(halfHours('13:00', '17:00'));
    const first = items.find((i) => i.start === '2027-01-12T13:00:00.000Z')!;
    expect(first.localTimes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ timeZone: 'Europe/Lisbon', start: '2027-01-12T13:00' }),
        expect.objectContaining({ timeZone: 'America/New_York', start: '2027-01-12T08:00', participants: 1 }),
      ]),
    );
  });

  it('a guest in Tokyo leaves one hour: 08:00 in Lisbon, 17:00 in Tokyo', async () => {
    const items = await suggest([{ email: 'tokyo@partner.example', timeZone: 'Asia/Tokyo' }], ...TUESDAY);
    expect(items.map((i) => i.start)).toEqual(['2027-01-12T08:00:00.000Z']);
    expect(items[0]!.localTimes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ timeZone: 'Asia/Tokyo', start: '2027-01-12T17:00' }),
      ]),
    );
  });

  it('a guest in New York and one in Tokyo have no working hour in common with Lisbon', async () => {
    const items = await suggest(
      [
        { email: 'ny2@partner.example', timeZone: 'America/New_York' },
        { email: 'tokyo2@partner.example', timeZone: 'Asia/Tokyo' },
      ],
      ...TUESDAY,
    );
    expect(items).toEqual([]);
  });
});

describe('guests placed in a country', () => {
  // Whit Monday, 17 May 2027, is a public holiday in Germany, not in Portugal. In May Lisbon is UTC+1 and
  // Berlin UTC+2: both working days overlap 07:00–16:00 UTC.
  const WHITSUN_WEEK = ['2027-05-17T00:00:00Z', '2027-05-19T00:00:00Z'] as const;
  const days = (items: Slot[]) => new Set(items.map((i) => i.start.slice(0, 10)));

  it('a German guest: no slot on the German holiday, Berlin hours the day after', async () => {
    const items = await suggest([{ email: 'de@partner.example', countryCode: 'DE' }], ...WHITSUN_WEEK);
    expect(days(items)).toEqual(new Set(['2027-05-18']));
    expect(hours(items)).toEqual(halfHours('07:00', '15:00'));
    expect(items[0]!.localTimes).toEqual(
      expect.arrayContaining([expect.objectContaining({ timeZone: 'Europe/Berlin' })]),
    );
  });

  it('a zone alone brings no holidays: a guest in Europe/Berlin is offered Whit Monday', async () => {
    const items = await suggest(
      [{ email: 'berlin@partner.example', timeZone: 'Europe/Berlin' }],
      ...WHITSUN_WEEK,
    );
    expect(days(items)).toEqual(new Set(['2027-05-17', '2027-05-18']));
  });

  it('zone and country together: the zone’s hours and the country’s holidays', async () => {
    const items = await suggest(
      [{ email: 'de-ny@partner.example', timeZone: 'America/New_York', countryCode: 'DE' }],
      ...WHITSUN_WEEK,
    );
    // New York in May is UTC−4: 08:00 there is 12:00 UTC; Lisbon's day ends 17:00 UTC.
    expect(days(items)).toEqual(new Set(['2027-05-18']));
    expect(hours(items)).toEqual(halfHours('12:00', '16:00'));
  });
});

describe('storing and returning a guest’s location', () => {
  it('returns the zone and country with the invitee, null for guests who gave none', async () => {
    const created = await createRequest(
      ctx.app,
      staff,
      lisbonRequest([
        { email: 'where@partner.example', timeZone: 'America/New_York', countryCode: 'IE' },
        { email: 'nowhere@partner.example' },
      ]),
    );
    const res = await ctx.app.inject({ url: `/api/v1/requests/${created.id}`, headers: staff });
    expect(res.statusCode).toBe(200);
    expect(res.json().invitees).toEqual([
      expect.objectContaining({
        email: 'where@partner.example',
        clinicianId: null,
        timeZone: 'America/New_York',
        countryCode: 'IE',
      }),
      expect.objectContaining({ email: 'nowhere@partner.example', timeZone: null, countryCode: null }),
    ]);
  });

  it('a location given with a directory clinician’s address applies to that clinician', async () => {
    const german = dir[1]!.clinicians[1]!;
    const items = await suggest([{ email: german.email, timeZone: 'Asia/Tokyo' }], ...TUESDAY);
    expect(items.map((i) => i.start)).toEqual(['2027-01-12T08:00:00.000Z']);
  });

  it.each([
    {
      what: 'an unknown zone',
      location: { timeZone: 'Mars/Olympus_Mons' },
      status: 400,
      code: 'invalid_time_zone',
    },
    {
      what: 'an offset instead of a zone',
      location: { timeZone: '+02:00' },
      status: 400,
      code: 'invalid_time_zone',
    },
    {
      what: 'a country outside the network',
      location: { countryCode: 'US' },
      status: 422,
      code: 'unknown_country',
    },
    { what: 'a country that is no code', location: { countryCode: 'Germany' }, status: 400, code: undefined },
  ])('refuses $what with $status and stores nothing', async ({ location, status, code }) => {
    const requests = count(ctx.app, 'conference_requests');
    const invitees = count(ctx.app, 'request_invitees');
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/requests',
      headers: staff,
      payload: lisbonRequest([
        { email: 'ok@partner.example' },
        { email: 'bad@partner.example', ...location },
      ]),
    });
    expect(res.statusCode).toBe(status);
    if (code) {
      expect(res.json().error).toMatchObject({
        code,
        details: { field: expect.stringMatching(/^invitees\[1\]\./) },
      });
    }
    expect(res.json().error.message).toBeTruthy();
    expect(count(ctx.app, 'conference_requests')).toBe(requests);
    expect(count(ctx.app, 'request_invitees')).toBe(invitees);
  });
});

describe('OpenAPI', () => {
  it('documents a guest’s timeZone and countryCode with an example, in the request and in the answer', async () => {
    const doc = (await ctx.app.inject('/openapi.json')).json();
    const body = JSON.stringify(doc.paths['/api/v1/requests'].post.requestBody);
    // The request itself has a timeZone too: look for the guest's own.
    expect(body).toMatch(/"timeZone":\{[^}]*"America\/New_York"[^}]*"description":"IANA zone of the guest/);
    expect(body).toContain('"countryCode"');
    expect(body).toContain('America/New_York');
    const created = JSON.stringify(doc.paths['/api/v1/requests'].post.responses['201']);
    expect(created).toMatch(/"invitees".*"timeZone".*"countryCode"/);
    expect(doc.paths['/api/v1/requests'].post.description).toContain('request’s `timeZone`');
  });
});
