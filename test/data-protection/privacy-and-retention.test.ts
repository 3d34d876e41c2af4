import { existsSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '@cmss/api';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { recordOfProcessing } from '../../api/src/data-protection/record-of-processing.js';
import { runRetention } from '../../api/src/data-protection/retention.js';
import {
  bookingApp,
  createRequest,
  plusMinutes,
  requestBody,
  seedDirectory,
  seedHosts,
} from '../booking/fixtures.js';

type Ctx = Awaited<ReturnType<typeof bookingApp>>;
const open: Ctx[] = [];
afterEach(async () => {
  for (const c of open.splice(0)) await c.app.close();
});

async function setup() {
  const ctx = await bookingApp();
  open.push(ctx);
  const dir = seedDirectory(ctx.app, ['IT', 'ES']);
  seedHosts(ctx.app, 2);
  return { ...ctx, a: dir[0]!.clinicians[0]!, b: dir[1]!.clinicians[0]! };
}

/** A retention run with the default periods: 24 months for requests, 30 days for files and imports. */
const retentionRun = (s: Awaited<ReturnType<typeof setup>>) =>
  runRetention(s.app.database.db, {
    retentionMonths: 24,
    outboxRetentionDays: 30,
    importRetentionDays: 30,
    outboxDir: s.outboxDir,
  });

describe('privacy notice and acknowledgement', () => {
  it('serves a versioned notice publicly and records a clinician’s acknowledgement', async () => {
    const s = await setup();
    const notice = await s.app.inject('/api/v1/privacy/notice');
    expect(notice.statusCode).toBe(200);
    const { version, controller, sections } = notice.json();
    expect(version).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(controller.email).toBe('privacy@cmss.example');
    expect(sections.length).toBeGreaterThan(3);
    const retention = sections.find((section: { heading: string }) => section.heading === 'Retention');
    expect(retention.text).toMatch(/24 months after they close/);
    expect(retention.text).toMatch(/spreadsheet .* deleted 30 days after it was uploaded/);

    const clinician = s.auth('clinician', s.a.id);
    const stale = await s.app.inject({
      method: 'POST',
      url: '/api/v1/privacy/acknowledgements',
      headers: clinician,
      payload: { version: '1999-01-01' },
    });
    expect(stale.statusCode).toBe(409);
    const ack = await s.app.inject({
      method: 'POST',
      url: '/api/v1/privacy/acknowledgements',
      headers: clinician,
      payload: { version },
    });
    expect(ack.statusCode).toBe(201);
    const stored = s.app.database.sqlite
      .prepare('SELECT privacy_notice_acknowledged_at AS at FROM clinicians WHERE id = ?')
      .get(s.a.id) as { at: string };
    expect(stored.at).toBe(ack.json().acknowledgedAt);
    const staff = await s.app.inject({
      method: 'POST',
      url: '/api/v1/privacy/acknowledgements',
      headers: s.auth('helpdesk'),
      payload: { version },
    });
    expect(staff.statusCode).toBe(403);
  });

  it('describes the processing from the configuration, naming Webex and Microsoft 365 only when used', async () => {
    const s = await setup();
    const record = (await s.app.inject('/api/v1/privacy/record')).json();
    expect(record.purposes.length).toBeGreaterThan(0);
    expect(record.retention.closedRequestsAndBookings).toContain('24 months');
    expect(record.retention.importedSpreadsheets).toContain('30 days');
    expect(JSON.stringify(record.recipients)).not.toMatch(/Webex|Microsoft/);
    const withProviders = recordOfProcessing({
      ...s.config,
      booking: { ...s.config.booking, meetingProvider: 'webex', calendarProvider: 'graph' },
    });
    const names = withProviders.recipients.map((r) => r.name).join(' | ');
    expect(names).toMatch(/Webex/);
    expect(names).toMatch(/Microsoft 365/);
  });
});

describe('retention', () => {
  it('purges closed requests and their bookings after RETENTION_MONTHS, and old outbox files', async () => {
    const s = await setup();
    const staff = s.auth('helpdesk');
    const sqlite = s.app.database.sqlite;
    const old = await createRequest(s.app, staff, requestBody(s.a.id, [s.b.id]));
    const start = '2027-04-06T09:00:00.000Z';
    const booked = await s.app.inject({
      method: 'POST',
      url: `/api/v1/requests/${old.id}/booking`,
      headers: staff,
      payload: { start, end: plusMinutes(start, 60), timeZone: 'Europe/Rome' },
    });
    expect([201, 202]).toContain(booked.statusCode);
    const recentClosed = await createRequest(s.app, staff, requestBody(s.a.id, [s.b.id]));
    const stillOpen = await createRequest(s.app, staff, requestBody(s.b.id, [s.a.id]));
    for (const id of [old.id, recentClosed.id]) {
      // Closed the way the service closes requests; then the clock is moved back for the old one.
      sqlite
        .prepare("UPDATE conference_requests SET status = 'held', closed_at = ? WHERE id = ?")
        .run(new Date().toISOString(), id);
    }
    const longAgo = new Date();
    longAgo.setUTCMonth(longAgo.getUTCMonth() - 25);
    sqlite
      .prepare('UPDATE conference_requests SET closed_at = ? WHERE id = ?')
      .run(longAgo.toISOString(), old.id);

    const staleFile = join(s.outboxDir, 'stale.eml');
    const freshFile = join(s.outboxDir, 'fresh.eml');
    writeFileSync(staleFile, 'Subject: old\r\n\r\nold invitation');
    writeFileSync(freshFile, 'Subject: new\r\n\r\nnew invitation');
    const fortyDaysAgo = new Date(Date.now() - 40 * 86_400_000);
    utimesSync(staleFile, fortyDaysAgo, fortyDaysAgo);

    const result = await retentionRun(s);
    expect(result).toMatchObject({ requests: 1, bookings: 1 });
    // The stale file, and the invitation of the purged booking although it is recent.
    expect(result.outboxFiles).toBeGreaterThanOrEqual(2);
    expect(existsSync(staleFile)).toBe(false);
    expect(existsSync(freshFile)).toBe(true);
    const ids = (
      sqlite.prepare('SELECT id FROM conference_requests ORDER BY id').all() as { id: number }[]
    ).map((r) => r.id);
    expect(ids).toEqual([recentClosed.id, stillOpen.id]);
    expect((sqlite.prepare('SELECT count(*) AS n FROM bookings').get() as { n: number }).n).toBe(0);
  });
});

describe('retention of imports', () => {
  it('deletes stored dry runs, committed or not, IMPORT_RETENTION_DAYS after the upload', async () => {
    const s = await setup();
    const admin = s.auth('admin');
    const upload = async (email: string) => {
      const res = await s.app.inject({
        method: 'POST',
        url: '/api/v1/imports?fileName=contacts.csv',
        headers: { ...admin, 'content-type': 'text/csv' },
        payload: `email,given_name,family_name,hospital_id\n${email},Jan,Nowak,${s.a.hospitalId}\n`,
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().import.id as string;
    };
    const committed = await upload('old.committed@example.org');
    const commit = await s.app.inject({
      method: 'POST',
      url: `/api/v1/imports/${committed}/commit`,
      headers: admin,
    });
    expect(commit.statusCode, commit.body).toBe(200);
    const uncommitted = await upload('old.dry@example.org');
    const recent = await upload('recent@example.org');
    const sqlite = s.app.database.sqlite;
    const fortyDaysAgo = new Date(Date.now() - 40 * 86_400_000).toISOString();
    sqlite
      .prepare('UPDATE directory_imports SET created_at = ? WHERE id IN (?, ?)')
      .run(fortyDaysAgo, committed, uncommitted);

    const result = await retentionRun(s);
    expect(result).toMatchObject({ imports: 2, importRows: 2 });
    for (const id of [committed, uncommitted]) {
      const gone = await s.app.inject({ url: `/api/v1/imports/${id}`, headers: admin });
      expect(gone.statusCode).toBe(404);
    }
    const kept = await s.app.inject({ url: `/api/v1/imports/${recent}`, headers: admin });
    expect(kept.statusCode).toBe(200);
    expect(sqlite.prepare('SELECT count(*) FROM directory_import_rows').pluck().get()).toBe(1);
    // What the committed import wrote stays in the directory: only the copy of the file goes.
    expect(
      sqlite
        .prepare("SELECT count(*) FROM clinicians WHERE email = 'old.committed@example.org'")
        .pluck()
        .get(),
    ).toBe(1);
  });
});

describe('retention job', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('purges 5 s after start-up and then every 24 h, audits what went, and stops with the app', async () => {
    // Only the timers are faked (not Date): the purge compares closed_at with the real clock.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const s = await setup();
    const staff = s.auth('helpdesk');
    const sqlite = s.app.database.sqlite;
    const closeLongAgo = async () => {
      const request = await createRequest(s.app, staff, requestBody(s.a.id, [s.b.id]));
      const longAgo = new Date();
      longAgo.setUTCMonth(longAgo.getUTCMonth() - 25);
      sqlite
        .prepare("UPDATE conference_requests SET status = 'held', closed_at = ? WHERE id = ?")
        .run(longAgo.toISOString(), request.id);
      return request.id as number;
    };
    const exists = (id: number) =>
      sqlite.prepare('SELECT 1 FROM conference_requests WHERE id = ?').get(id) !== undefined;
    const purges = () =>
      sqlite.prepare("SELECT details FROM audit_log WHERE action = 'retention_purge'").all() as {
        details: string;
      }[];

    const first = await closeLongAgo();
    await vi.advanceTimersByTimeAsync(4_000);
    expect(exists(first)).toBe(true);
    await vi.advanceTimersByTimeAsync(1_000);
    await vi.waitFor(() => expect(exists(first)).toBe(false));
    // The audit trail is written in batches, at the next turn of the event loop.
    await vi.waitFor(() => expect(purges()).toHaveLength(1));
    expect(JSON.parse(purges()[0]!.details)).toMatchObject({ requests: 1 });

    const second = await closeLongAgo();
    await vi.advanceTimersByTimeAsync(86_400_000 - 10_000);
    expect(exists(second)).toBe(true);
    await vi.advanceTimersByTimeAsync(10_000);
    await vi.waitFor(() => expect(exists(second)).toBe(false));
    await vi.waitFor(() => expect(purges()).toHaveLength(2));
    // A day with nothing to purge leaves no audit row.
    await vi.advanceTimersByTimeAsync(86_400_000);
    await new Promise((resolve) => setImmediate(resolve));
    expect(purges()).toHaveLength(2);

    // Closed, the app runs no purge: one would find its database closed, and log that it failed.
    const failed = vi.spyOn(s.app.log, 'error');
    await s.app.close();
    open.splice(open.indexOf(s), 1);
    await vi.advanceTimersByTimeAsync(86_400_000);
    await new Promise((resolve) => setImmediate(resolve));
    expect(failed).not.toHaveBeenCalled();
  });
});

describe('data-protection configuration', () => {
  it('defaults to 24 months and 30 days, and names a bad variable', () => {
    const config = loadConfig({});
    expect(config.dataProtection).toMatchObject({
      retentionMonths: 24,
      outboxRetentionDays: 30,
      retentionJob: true,
    });
    expect(() => loadConfig({ RETENTION_MONTHS: '0' })).toThrow(/RETENTION_MONTHS/);
    expect(() => loadConfig({ PRIVACY_CONTROLLER_EMAIL: 'nobody' })).toThrow(/PRIVACY_CONTROLLER_EMAIL/);
  });
});
