import { createAuditRepository } from '@cmss/db';
import { afterEach, describe, expect, it } from 'vitest';
import { bookingApp, seedDirectory } from '../booking/fixtures.js';
import { turnsDuring } from '../helpers/event-loop.js';

type Ctx = Awaited<ReturnType<typeof bookingApp>>;
const open: Ctx[] = [];
afterEach(async () => {
  for (const c of open.splice(0)) await c.app.close();
});

async function setup() {
  const ctx = await bookingApp();
  open.push(ctx);
  const dir = seedDirectory(ctx.app, ['BE', 'NL']);
  return { ...ctx, clinician: dir[0]!.clinicians[0]!, admin: ctx.auth('admin') };
}

describe('audit trail', () => {
  it('records a directory read by a helpdesk user: who, role, which record, which fields, request id, address', async () => {
    const s = await setup();
    const helpdesk = s.auth('helpdesk');
    const read = await s.app.inject({ url: `/api/v1/clinicians/${s.clinician.id}`, headers: helpdesk });
    expect(read.statusCode).toBe(200);
    const res = await s.app.inject({
      url: `/api/v1/audit?entity=clinician&entityId=${s.clinician.id}&action=read`,
      headers: s.admin,
    });
    expect(res.statusCode).toBe(200);
    const [entry] = res.json().items;
    expect(entry).toMatchObject({
      actor: expect.stringMatching(/^apikey:\d+$/),
      actorRole: 'helpdesk',
      action: 'read',
      entity: 'clinician',
      entityId: String(s.clinician.id),
      requestId: read.headers['x-request-id'] ?? expect.any(String),
      sourceIp: '127.0.0.1',
    });
    expect(entry.fields).toEqual(expect.arrayContaining(['email']));
  });

  it('commits the entry of every concurrent read before that read is answered', async () => {
    const s = await setup();
    const helpdesk = s.auth('helpdesk');
    const recorded = s.app.database.sqlite.prepare(
      'SELECT count(*) AS n FROM audit_log WHERE request_id = ?',
    );
    const countsAtResponse = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        s.app
          .inject({
            url: `/api/v1/clinicians?q=${i % 2 ? 'a' : 'e'}`,
            headers: { ...helpdesk, 'x-request-id': `concurrent-${i}` },
          })
          .then((res) => {
            expect(res.statusCode).toBe(200);
            // Read the moment the response arrives, before anything else can run.
            return (recorded.get(`concurrent-${i}`) as { n: number }).n;
          }),
      ),
    );
    expect(countsAtResponse).toEqual(Array(30).fill(1));
  });

  it('answers 500, not the data, when the read cannot be put on record', async () => {
    const s = await setup();
    s.app.database.sqlite.exec(
      "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'disk full'); END",
    );
    const res = await s.app.inject({
      url: `/api/v1/clinicians/${s.clinician.id}`,
      headers: s.auth('helpdesk'),
    });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain(s.clinician.email);
  });

  it('filters by actor and time, pages with a cursor, and exports CSV', async () => {
    const s = await setup();
    const helpdesk = s.auth('helpdesk');
    for (let i = 0; i < 3; i++)
      await s.app.inject({ url: `/api/v1/clinicians/${s.clinician.id}`, headers: helpdesk });
    const all = (
      await s.app.inject({ url: '/api/v1/audit?action=read&entity=clinician', headers: s.admin })
    ).json();
    expect(all.items).toHaveLength(3);
    const actor = all.items[0].actor as string;
    const first = (
      await s.app.inject({
        url: `/api/v1/audit?actor=${encodeURIComponent(actor)}&limit=2`,
        headers: s.admin,
      })
    ).json();
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (
      await s.app.inject({
        url: `/api/v1/audit?actor=${encodeURIComponent(actor)}&limit=2&cursor=${first.nextCursor}`,
        headers: s.admin,
      })
    ).json();
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect(second.items[0].id).toBeLessThan(first.items[1].id);

    const future = new Date(Date.now() + 3_600_000).toISOString();
    const none = (await s.app.inject({ url: `/api/v1/audit?from=${future}`, headers: s.admin })).json();
    expect(none.items).toHaveLength(0);

    const csv = await s.app.inject({
      url: '/api/v1/audit/export?entity=clinician&action=read',
      headers: s.admin,
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('id,at,actor,actorRole,action,entity,entityId,fields,requestId,sourceIp,details');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain(',helpdesk,read,clinician,');
  });

  // The trail grows with every audited request: the export used to build the whole file in memory
  // and hold the event loop while doing it.
  it('streams a large trail as CSV, with turns of the event loop in between, every row once', async () => {
    const s = await setup();
    const entries = Array.from({ length: 6000 }, (_, i) => ({
      at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
      actor: `apikey:${i}`,
      actorRole: 'helpdesk',
      action: 'bulk',
      entity: 'clinician',
      entityId: i === 0 ? '=1+2' : String(i),
      fields: ['email'],
      details: { note: `entry ${i}, with a comma` },
    }));
    createAuditRepository(s.app.database.db).appendAll(entries);
    const { result: csv, turns } = await turnsDuring(() =>
      s.app.inject({ url: '/api/v1/audit/export?action=bulk', headers: s.admin }),
    );
    expect(csv.statusCode).toBe(200);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('id,at,actor,actorRole,action,entity,entityId,fields,requestId,sourceIp,details');
    expect(lines).toHaveLength(6001);
    // Newest first, each once.
    expect(new Set(lines.slice(1).map((l) => l.split(',')[6])).size).toBe(6000);
    expect(lines[1]).toContain(',apikey:5999,helpdesk,bulk,clinician,5999,');
    // A cell that would run as a formula is defused; a JSON cell with a comma is quoted.
    expect(lines[6000]).toContain(`,'=1+2,`);
    expect(lines[6000]).toContain(`,"{""note"":""entry 0, with a comma""}"`);
    expect(turns).toBeGreaterThanOrEqual(Math.floor(csv.body.length / 65_536));
    expect(csv.body.length).toBeGreaterThan(2 * 65_536);
  });

  it('is for admins only', async () => {
    const s = await setup();
    expect((await s.app.inject({ url: '/api/v1/audit', headers: s.auth('helpdesk') })).statusCode).toBe(403);
    expect(
      (await s.app.inject({ url: '/api/v1/audit/export', headers: s.auth('clinician') })).statusCode,
    ).toBe(403);
  });

  it('cannot be changed through any route, nor by SQL', async () => {
    const s = await setup();
    await s.app.inject({ url: `/api/v1/clinicians/${s.clinician.id}`, headers: s.auth('helpdesk') });
    const before = (await s.app.inject({ url: '/api/v1/audit', headers: s.admin })).json().items;
    expect(before.length).toBeGreaterThan(0);

    // No operation in the API description writes to anything audit-shaped.
    const doc = (await s.app.inject('/openapi.json')).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const writes = Object.entries(doc.paths)
      .filter(([path]) => /audit/i.test(path))
      .flatMap(([path, ops]) =>
        Object.keys(ops)
          .filter((m) => m !== 'get')
          .map((m) => `${m} ${path}`),
      );
    expect(writes).toEqual([]);
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      for (const url of ['/api/v1/audit', `/api/v1/audit/${before[0].id}`]) {
        const res = await s.app.inject({ method, url, headers: s.admin, payload: { actor: 'someone else' } });
        expect([404, 405]).toContain(res.statusCode);
      }
    }

    // The database itself refuses, whatever code might try.
    const sqlite = s.app.database.sqlite;
    expect(() => sqlite.prepare("UPDATE audit_log SET actor = 'x'").run()).toThrow(/append-only/);
    expect(() => sqlite.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);

    const after = (await s.app.inject({ url: `/api/v1/audit?limit=500`, headers: s.admin })).json().items;
    for (const row of before) expect(after).toContainEqual(row);
  });
});
