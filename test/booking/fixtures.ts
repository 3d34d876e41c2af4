import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type App, buildApp, type Config } from '@cmss/api';
import { createApiKeysRepository, type KeyRole, schema } from '@cmss/db';
import type { CalendarProvider, MeetingProvider } from '@cmss/shared';
import { testConfig } from '../helpers/app.js';

/** A fresh outbox folder per app, so tests can read exactly the invitations they caused. */
export const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), `cmss-${prefix}-`));

export interface BookingTestOptions {
  config?: Partial<Config>;
  booking?: Partial<Config['booking']>;
  /** Replace providers before the app is ready (so the start-up worker uses them too). */
  meeting?: (real: MeetingProvider) => MeetingProvider;
  calendar?: (real: CalendarProvider) => CalendarProvider;
}

/**
 * The real app on a real SQLite database (in memory unless DATABASE_PATH is given), with the booking
 * worker's polling effectively off unless a test asks for it.
 */
export async function bookingApp(options: BookingTestOptions = {}) {
  const base = testConfig(options.config);
  const outboxDir = options.booking?.outboxDir ?? tempDir('outbox');
  // Rate limits (#7) are tested elsewhere; here one staff key sends hundreds of requests a minute.
  const identity = { ...base.identity, rateLimitMax: 1_000_000 };
  const config: Config = {
    ...base,
    identity,
    ...options.config,
    booking: { ...base.booking, outboxDir, workerIntervalMs: 3_600_000, ...options.booking },
  };
  const app = await buildApp(config);
  if (options.meeting) app.booking.providers.meeting = options.meeting(app.booking.providers.meeting);
  if (options.calendar) app.booking.providers.calendar = options.calendar(app.booking.providers.calendar);
  await app.ready();
  const keys = createApiKeysRepository(app.database.db);
  const auth = (role: KeyRole, clinicianId: number | null = null) => ({
    authorization: `Bearer ${keys.create({ name: `test ${role}`, role, clinicianId, createdBy: 'test' }).key}`,
  });
  return { app, auth, outboxDir, config };
}

let sequence = 0;
const now = () => new Date().toISOString();

/** A small directory: hospitals in the given countries, each with clinicians (the first is the contact person). */
export function seedDirectory(app: App, countries: string[] = ['PT', 'DE', 'FI'], perHospital = 2) {
  const db = app.database.db;
  const hospitals = countries.map((countryCode) => {
    const h = db
      .insert(schema.hospitals)
      .values({
        name: `Hospital ${countryCode} ${++sequence}`,
        city: 'City',
        countryCode,
        createdAt: now(),
        updatedAt: now(),
      })
      .returning()
      .get();
    const clinicians = Array.from({ length: perHospital }, (_, i) => {
      const email = `doc${++sequence}.${countryCode.toLowerCase()}@example.org`;
      return db
        .insert(schema.clinicians)
        .values({
          title: 'Dr',
          givenName: `Given${sequence}`,
          familyName: `Family${sequence}`,
          role: 'clinician',
          hospitalId: h.id,
          email,
          emailNormalised: email,
          contactPerson: i === 0,
          createdAt: now(),
          updatedAt: now(),
        })
        .returning()
        .get();
    });
    return { ...h, clinicians };
  });
  return hospitals;
}

export function seedHosts(
  app: App,
  count: number,
  options: { webinarCapable?: boolean; capacity?: number } = {},
) {
  return Array.from({ length: count }, () =>
    app.database.db
      .insert(schema.hostAccounts)
      .values({
        email: `host${++sequence}@cmss.example`,
        displayName: `Host ${sequence}`,
        capacity: options.capacity ?? 100,
        webinarCapable: options.webinarCapable ?? false,
        createdAt: now(),
      })
      .returning()
      .get(),
  );
}

/**
 * What the suggestion suites start from: the app, a directory in `countries`, one host account and a
 * helpdesk principal.
 */
export async function seededBookingApp(countries: string[], options: BookingTestOptions = {}) {
  const ctx = await bookingApp(options);
  const dir = seedDirectory(ctx.app, countries);
  seedHosts(ctx.app, 1);
  return { ctx, dir, staff: ctx.auth('helpdesk') };
}

/** An instant `days` from now at the given UTC hour (tests book in the future). */
export function futureAt(days: number, hourUtc: number, minute = 0): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  d.setUTCHours(hourUtc, minute, 0, 0);
  return d.toISOString();
}

export const plusMinutes = (iso: string, minutes: number) =>
  new Date(Date.parse(iso) + minutes * 60_000).toISOString();

/** A valid request body from `requesterId`, inviting the given clinicians. */
export function requestBody(requesterId: number, inviteeIds: number[], extra: Record<string, unknown> = {}) {
  return {
    requesterId,
    kind: 'conference',
    topic: 'Refractory ARDS, second opinion on ECMO',
    invitees: inviteeIds.map((clinicianId) => ({ clinicianId })),
    proposedWindows: [],
    durationMinutes: 60,
    timeZone: 'Europe/Lisbon',
    source: 'api',
    ...extra,
  };
}

export async function createRequest(
  app: App,
  headers: Record<string, string>,
  body: Record<string, unknown>,
): Promise<{ id: number; status: string }> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/requests', headers, payload: body });
  if (res.statusCode !== 201) throw new Error(`request not created: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** A new request with `body`, and the slots suggested for it between `from` and `to` (up to 50). */
export async function suggestedSlots<Slot>(
  app: App,
  headers: Record<string, string>,
  body: Record<string, unknown>,
  from: string,
  to: string,
): Promise<{ id: number; items: Slot[] }> {
  const req = await createRequest(app, headers, body);
  const res = await app.inject({
    url: `/api/v1/requests/${req.id}/suggestions?from=${from}&to=${to}&limit=50`,
    headers,
  });
  if (res.statusCode !== 200) throw new Error(`no suggestions: ${res.statusCode} ${res.body}`);
  return { id: req.id, items: res.json().items as Slot[] };
}

/**
 * Pairs of live holds on one host that overlap, read straight from the table: independent of the
 * repository's own allocation check, so tests and the benchmark can hold it to account.
 */
export function overlappingHolds(app: App): { a: number; b: number }[] {
  return app.database.sqlite
    .prepare(
      `select a.id as a, b.id as b from bookings a join bookings b
         on a.host_account_id = b.host_account_id and a.id < b.id
        where a.state not in ('cancelled', 'failed') and b.state not in ('cancelled', 'failed')
          and a.hold_start < b.hold_end and b.hold_start < a.hold_end`,
    )
    .all() as { a: number; b: number }[];
}

export function count(
  app: App,
  table: 'conference_requests' | 'bookings' | 'request_invitees' | 'request_windows',
) {
  return (app.database.sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
}

/** Suggested slots' UTC start times (HH:mm), sorted: what a test compares with `halfHours`. */
export const hours = (items: { start: string }[]) => items.map((i) => i.start.slice(11, 16)).sort();

/** Every half hour from `from` to `to` (UTC HH:mm), both included. */
export const halfHours = (from: string, to: string) => {
  const out: string[] = [];
  for (let t = Date.parse(`2000-01-01T${from}Z`); t <= Date.parse(`2000-01-01T${to}Z`); t += 30 * 60_000) {
    out.push(new Date(t).toISOString().slice(11, 16));
  }
  return out;
};
