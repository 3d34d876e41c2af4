import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { seedDemoDirectory } from '@cmss/db';
import type Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { turnsDuring } from '../helpers/event-loop.js';
import { type DirectoryTestApp, directoryApp } from './helpers.js';

/**
 * How the listings and the export scale: what a 100k-clinician directory shows as speed (measured in
 * `npm run bench`) is checked here by what causes it, the query plans, and by the event loop's turns.
 */

/** The query plan of every listing page the app reads from now on (statements ordered by a sort key). */
function recordPlans(sqlite: Database.Database): string[] {
  const plans: string[] = [];
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((source: string) => {
    const statement = prepare(source);
    if (!/ORDER BY _(sort|updated)/.test(source)) return statement;
    const all = statement.all.bind(statement);
    statement.all = (...params: unknown[]) => {
      const rows = prepare(`EXPLAIN QUERY PLAN ${source}`).all(...params) as { detail: string }[];
      plans.push(rows.map((r) => r.detail).join(' | '));
      return all(...params);
    };
    return statement;
  }) as typeof sqlite.prepare;
  return plans;
}

describe('listing and export of a large directory', () => {
  let t: DirectoryTestApp;
  beforeAll(async () => {
    t = await directoryApp();
    seedDemoDirectory(t.app.database, { clinicians: 3000 });
  });

  const get = (url: string) => t.app.inject({ url, headers: t.admin });

  it('reads each page through the sort index from where the last one ended, never sorting the table', async () => {
    const plans = recordPlans(t.app.database.sqlite);
    for (const [sort, index] of [
      ['name', 'clinicians_sort_idx'],
      ['-name', 'clinicians_sort_idx'],
      ['updatedAt', 'clinicians_updated_idx'],
      ['-updatedAt', 'clinicians_updated_idx'],
    ]) {
      const first = await get(`/api/v1/clinicians?sort=${sort}&limit=20`);
      const cursor = first.json().nextCursor as string;
      const second = await get(`/api/v1/clinicians?sort=${sort}&limit=20&cursor=${cursor}`);
      expect(second.statusCode).toBe(200);
      const [firstPlan, nextPlan] = plans.splice(0);
      expect(firstPlan, sort).toContain(`SCAN c USING INDEX ${index}`);
      // A seek to the cursor, not a scan from the first entry of the index.
      expect(nextPlan, sort).toMatch(new RegExp(`SEARCH c USING INDEX ${index} \\(`));
      for (const plan of [firstPlan, nextPlan]) expect(plan, sort).not.toContain('TEMP B-TREE');
    }
    // The export pages the same way (1,000 clinicians a query).
    expect((await get('/api/v1/exports/directory.csv?status=all')).statusCode).toBe(200);
    expect(plans.length).toBeGreaterThanOrEqual(3);
    for (const plan of plans.slice(1)) expect(plan).toMatch(/SEARCH c USING INDEX clinicians_sort_idx \(/);
  });

  // A socket that keeps up takes a synchronous source in one go: 100k clinicians froze the API 7.6 s.
  it('lets other requests in while it writes a CSV export', async () => {
    const { result: res, turns } = await turnsDuring(() => get('/api/v1/exports/directory.csv?status=all'));
    expect(res.statusCode).toBe(200);
    expect(res.body.split('\r\n').length).toBe(3000 + 2); // header, rows, the empty string after the last CRLF
    // At least one turn of the event loop per 64 KB chunk written.
    expect(turns).toBeGreaterThanOrEqual(Math.floor(res.body.length / 65_536));
  });

  // What the client received before it went away is personal data all the same.
  it('audits an export the client abandoned, with what was read for it', async () => {
    const exportAudited = (requestId: string) => {
      const row = t.app.database.sqlite
        .prepare("SELECT details FROM audit_log WHERE action = 'export' AND request_id = ?")
        .get(requestId) as { details: string } | undefined;
      return row ? (JSON.parse(row.details) as { count: number; complete: boolean }) : null;
    };
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = t.app.server.address() as AddressInfo;
    await new Promise<void>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/api/v1/exports/directory.csv?status=all',
          headers: { ...t.admin, 'x-request-id': 'abandoned-export' },
        },
        () => req.destroy(), // on the response's head, before reading its body
      );
      req.on('close', resolve);
      req.on('error', (error) => ((error as { code?: string }).code === 'ECONNRESET' ? null : reject(error)));
      req.end();
    });
    await expect.poll(() => exportAudited('abandoned-export')).not.toBeNull();
    const abandoned = exportAudited('abandoned-export')!;
    expect(abandoned.complete).toBe(false);
    expect(abandoned.count).toBeGreaterThan(0);
    expect(abandoned.count).toBeLessThanOrEqual(3000);
    // A whole download is audited as complete, with every clinician in it.
    await t.app.inject({
      url: '/api/v1/exports/directory.csv?status=all',
      headers: { ...t.admin, 'x-request-id': 'whole-export' },
    });
    await expect.poll(() => exportAudited('whole-export')).toMatchObject({ count: 3000, complete: true });
  });
});
