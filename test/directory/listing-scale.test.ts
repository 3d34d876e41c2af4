import { seedDemoDirectory } from '@cmss/db';
import type Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
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
    let turns = 0;
    let exporting = true;
    const spin = () => {
      if (!exporting) return;
      turns++;
      setImmediate(spin);
    };
    setImmediate(spin);
    const res = await get('/api/v1/exports/directory.csv?status=all');
    exporting = false;
    expect(res.statusCode).toBe(200);
    expect(res.body.split('\r\n').length).toBe(3000 + 2); // header, rows, the empty string after the last CRLF
    // At least one turn of the event loop per 64 KB chunk written.
    expect(turns).toBeGreaterThanOrEqual(Math.floor(res.body.length / 65_536));
  });
});
