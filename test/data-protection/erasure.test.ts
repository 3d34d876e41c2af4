import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { searchableText } from '../../api/src/data-protection/outbox-files.js';
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

/** Every cell of every table (FTS shadow tables and blobs included), as text. */
function dumpDatabase(ctx: Ctx): string {
  const sqlite = ctx.app.database.sqlite;
  const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
    name: string;
  }[];
  return tables
    .map(({ name }) => {
      let rows: unknown[] = [];
      try {
        rows = sqlite.prepare(`SELECT * FROM "${name}"`).all();
      } catch {
        return ''; // contentless virtual tables cannot be selected from; their shadow tables are
      }
      return JSON.stringify(rows, (_, v) =>
        v instanceof Uint8Array || Buffer.isBuffer(v) ? Buffer.from(v).toString('latin1') : v,
      );
    })
    .join('\n');
}

const outboxText = (dir: string) =>
  readdirSync(dir)
    .map((f) => searchableText(readFileSync(join(dir, f), 'utf8')))
    .join('\n');

describe('erasure of a clinician', () => {
  it('leaves no row, outbox file or export with their name, e-mail or phone; counts stay the same', async () => {
    const ctx = await bookingApp();
    open.push(ctx);
    const dir = seedDirectory(ctx.app, ['PL', 'DE', 'FR']);
    seedHosts(ctx.app, 3);
    const staff = ctx.auth('helpdesk');
    const admin = ctx.auth('admin');
    const target = dir[0]!.clinicians[0]!;
    const colleague = dir[1]!.clinicians[0]!;
    const third = dir[2]!.clinicians[0]!;
    const phone = '+48601234567';
    ctx.app.database.sqlite.prepare('UPDATE clinicians SET phone = ? WHERE id = ?').run(phone, target.id);
    const fullName = `${target.givenName} ${target.familyName}`;

    // The target makes one request, is invited to another, and both are booked (ICS invitations written).
    const own = await createRequest(ctx.app, staff, requestBody(target.id, [colleague.id, third.id]));
    const invited = await createRequest(
      ctx.app,
      staff,
      requestBody(colleague.id, [target.id, third.id], {
        notes: `Dr ${target.familyName} will present the imaging; reach ${fullName} at ${target.email} or ${phone}`,
      }),
    );
    const start = '2027-02-02T10:00:00.000Z';
    for (const [i, id] of [own.id, invited.id].entries()) {
      const s = plusMinutes(start, i * 120);
      const res = await ctx.app.inject({
        method: 'POST',
        url: `/api/v1/requests/${id}/booking`,
        headers: staff,
        payload: { start: s, end: plusMinutes(s, 60), timeZone: 'Europe/Warsaw' },
      });
      expect([201, 202]).toContain(res.statusCode);
    }
    // Reads of the entry, by helpdesk and by the clinician themself, are in the audit trail.
    const ownKey = ctx.auth('clinician', target.id);
    await ctx.app.inject({ url: `/api/v1/clinicians/${target.id}`, headers: staff });
    const exported = await ctx.app.inject({
      url: `/api/v1/clinicians/${target.id}/personal-data`,
      headers: ownKey,
    });
    expect(exported.statusCode).toBe(200);
    const data = exported.json();
    expect(data.clinician.email).toBe(target.email);
    expect(data.requestsMade.map((r: { id: number }) => r.id)).toEqual([own.id]);
    expect(data.invitations.map((r: { request_id: number }) => r.request_id)).toEqual([invited.id]);
    expect(data.bookings).toHaveLength(2);
    expect(data.auditEntries.length).toBeGreaterThan(0);
    expect(data.outboxInvitationFiles.length).toBeGreaterThan(0);

    expect(dumpDatabase(ctx)).toContain(target.email);
    expect(outboxText(ctx.outboxDir)).toContain(target.email);
    const countsBefore = (await ctx.app.inject({ url: `/api/v1/requests?limit=100`, headers: staff })).json()
      .items.length;
    const sqlite = ctx.app.database.sqlite;
    const count = (table: string) =>
      (sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    const tablesCounted = ['conference_requests', 'bookings', 'booking_participants', 'request_invitees'];
    const before = Object.fromEntries(tablesCounted.map((t) => [t, count(t)]));

    const erased = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/clinicians/${target.id}/erasure`,
      headers: admin,
      payload: { reason: 'Request of the data subject' },
    });
    expect(erased.statusCode).toBe(200);
    expect(erased.json().outboxFilesDeleted).toBeGreaterThan(0);
    // Local meetings and ICS invitations: no copy left with an external provider.
    expect(erased.json().externalCopies).toEqual([]);

    // Nothing left anywhere: database (every table), outbox, exports.
    const needles = [fullName, target.email, phone, phone.slice(3), `Dr ${target.familyName}`];
    const dump = dumpDatabase(ctx).toLowerCase();
    const outbox = outboxText(ctx.outboxDir).toLowerCase();
    // The family name alone ("Family12" is unique here) must be gone too, even from the search index.
    expect(dump).not.toContain(target.familyName.toLowerCase());
    for (const needle of needles) {
      expect(dump).not.toContain(needle.toLowerCase());
      expect(outbox).not.toContain(needle.toLowerCase());
    }
    const auditCsv = await ctx.app.inject({ url: '/api/v1/audit/export', headers: admin });
    const colleagueExport = await ctx.app.inject({
      url: `/api/v1/clinicians/${colleague.id}/personal-data`,
      headers: admin,
    });
    const requestsList = await ctx.app.inject({ url: `/api/v1/requests?limit=100`, headers: staff });
    for (const body of [auditCsv.body, colleagueExport.body, requestsList.body]) {
      for (const needle of needles) expect(body.toLowerCase()).not.toContain(needle.toLowerCase());
    }
    expect(
      (await ctx.app.inject({ url: `/api/v1/clinicians/${target.id}/personal-data`, headers: admin }))
        .statusCode,
    ).toBe(404);

    // Report counts unchanged: requests, bookings, participants and invitees are all still there.
    expect(Object.fromEntries(tablesCounted.map((t) => [t, count(t)]))).toEqual(before);
    expect(requestsList.json().items).toHaveLength(countsBefore);
    expect(requestsList.json().items.find((r: { id: number }) => r.id === own.id).requesterId).toBeNull();

    // Audit rows about the person remain, pseudonymised.
    const about = (
      await ctx.app.inject({ url: '/api/v1/audit?entity=clinician&limit=500', headers: admin })
    ).json().items;
    expect(about.some((r: { entityId: string | null }) => r.entityId === String(target.id))).toBe(false);
    expect(
      about.filter((r: { entityId: string | null }) => r.entityId === erased.json().pseudonym).length,
    ).toBeGreaterThan(1);
  });

  it('is for admins only', async () => {
    const ctx = await bookingApp();
    open.push(ctx);
    const target = seedDirectory(ctx.app, ['PL'])[0]!.clinicians[0]!;
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/clinicians/${target.id}/erasure`,
      headers: ctx.auth('helpdesk'),
    });
    expect(res.statusCode).toBe(403);
    const other = await ctx.app.inject({
      url: `/api/v1/clinicians/${target.id}/personal-data`,
      headers: ctx.auth('clinician', target.id + 1),
    });
    expect(other.statusCode).toBe(404);
  });

  it('erases nothing while the outbox cannot be searched, so it can be run again once mended', async () => {
    const ctx = await bookingApp();
    open.push(ctx);
    const target = seedDirectory(ctx.app, ['PL'])[0]!.clinicians[0]!;
    const admin = ctx.auth('admin');
    const invitation = join(ctx.outboxDir, 'invitation.eml');
    writeFileSync(invitation, `To: ${target.email}\r\n\r\nBEGIN:VCALENDAR\r\n`);
    // The outbox folder is unreadable: here a file stands where it should be.
    const moved = `${ctx.outboxDir}.moved`;
    renameSync(ctx.outboxDir, moved);
    writeFileSync(ctx.outboxDir, '');
    const erase = () =>
      ctx.app.inject({
        method: 'POST',
        url: `/api/v1/clinicians/${target.id}/erasure`,
        headers: admin,
        payload: { reason: 'Request of the data subject' },
      });
    const refused = await erase();
    expect(refused.statusCode).toBe(503);
    expect(refused.json().error.code).toBe('outbox_unavailable');
    expect(refused.json().error.message).toMatch(/^Nothing was erased/);
    // Still in the directory (the personal-data export needs the outbox too).
    const still = await ctx.app.inject({ url: `/api/v1/clinicians/${target.id}`, headers: admin });
    expect(still.json().email).toBe(target.email);

    rmSync(ctx.outboxDir);
    renameSync(moved, ctx.outboxDir);
    const erased = await erase();
    expect(erased.statusCode, erased.body).toBe(200);
    expect(erased.json().outboxFilesDeleted).toBe(1);
    expect(existsSync(invitation)).toBe(false);
  });
});
