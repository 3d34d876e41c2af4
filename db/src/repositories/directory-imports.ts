import type { Db } from '../client.js';
import { nowIso } from '../time.js';
import { rawSqlite } from './raw-sqlite.js';

export type ImportOutcome = 'created' | 'updated' | 'unchanged' | 'error';
export type ImportSummary = Record<ImportOutcome, number> & { rows: number };

export interface ImportRowRecord {
  rowNumber: number;
  outcome: ImportOutcome;
  clinicianId: number | null;
  email: string | null;
  /** Validated input to write (JSON), null for error rows. */
  data: string | null;
  /** JSON: errors of an error row, changed fields of an update. */
  details: string | null;
}

export interface ImportRecord {
  id: string;
  status: 'dry_run' | 'committed';
  fileName: string | null;
  format: 'csv' | 'xlsx';
  encoding: string | null;
  createdBy: string;
  createdAt: string;
  committedBy: string | null;
  committedAt: string | null;
  summary: { dryRun: ImportSummary; commit?: ImportSummary };
}

export const emptySummary = (): ImportSummary => ({
  rows: 0,
  created: 0,
  updated: 0,
  unchanged: 0,
  error: 0,
});

/** Stored dry runs of spreadsheet imports and their per-row outcomes. */
export function createDirectoryImportsRepository(db: Db) {
  const sqlite = rawSqlite(db);
  const insertImport = sqlite.prepare(
    `INSERT INTO directory_imports (id, status, file_name, format, encoding, created_by, created_at, summary)
     VALUES (?, 'dry_run', ?, ?, ?, ?, ?, ?)`,
  );
  const insertRow = sqlite.prepare(
    `INSERT INTO directory_import_rows (import_id, row_number, outcome, clinician_id, email, data, details)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const linkCreated = sqlite.prepare(
    `UPDATE directory_import_rows
        SET clinician_id = (SELECT c.id FROM clinicians c WHERE c.email_normalised = lower(trim(directory_import_rows.email)))
      WHERE import_id = ? AND outcome = 'created'`,
  );
  const selectImport = sqlite.prepare<[string], Omit<ImportRecord, 'summary'> & { summary: string }>(
    `SELECT id, status, file_name AS fileName, format, encoding, created_by AS createdBy, created_at AS createdAt,
            committed_by AS committedBy, committed_at AS committedAt, summary FROM directory_imports WHERE id = ?`,
  );

  return {
    /** Starts a dry run; rows are added in batches as the file streams in. */
    begin(meta: {
      id: string;
      fileName: string | null;
      format: 'csv' | 'xlsx';
      encoding: string | null;
      createdBy: string;
    }): void {
      insertImport.run(
        meta.id,
        meta.fileName,
        meta.format,
        meta.encoding,
        meta.createdBy,
        nowIso(),
        JSON.stringify({ dryRun: emptySummary() }),
      );
    },

    addRows(importId: string, rows: readonly ImportRowRecord[]): void {
      sqlite.transaction(() => {
        for (const r of rows) {
          insertRow.run(importId, r.rowNumber, r.outcome, r.clinicianId, r.email, r.data, r.details);
        }
      })();
    },

    finishDryRun(importId: string, summary: ImportSummary): void {
      sqlite
        .prepare('UPDATE directory_imports SET summary = ? WHERE id = ?')
        .run(JSON.stringify({ dryRun: summary }), importId);
    },

    /** A dry run that could not finish (broken file) leaves nothing behind. */
    discard(importId: string): void {
      sqlite.prepare('DELETE FROM directory_imports WHERE id = ?').run(importId);
    },

    get(importId: string): ImportRecord | null {
      const row = selectImport.get(importId);
      return row ? { ...row, summary: JSON.parse(row.summary) as ImportRecord['summary'] } : null;
    },

    /** Rows in spreadsheet order, optionally only one outcome; `after` is the last row number seen. */
    rows(
      importId: string,
      options: { outcome?: ImportOutcome; after?: number; limit?: number } = {},
    ): ImportRowRecord[] {
      const params: unknown[] = [importId, options.after ?? 0];
      let where = 'import_id = ? AND row_number > ?';
      if (options.outcome) {
        where += ' AND outcome = ?';
        params.push(options.outcome);
      }
      params.push(options.limit ?? -1);
      return sqlite
        .prepare<unknown[], ImportRowRecord>(
          `SELECT row_number AS rowNumber, outcome, clinician_id AS clinicianId, email, data, details
             FROM directory_import_rows WHERE ${where} ORDER BY row_number LIMIT ?`,
        )
        .all(...params);
    },

    /** Up to `limit` rows to write on commit (created/updated in the dry run) after row `after`. */
    writableRows(importId: string, after: number, limit: number): ImportRowRecord[] {
      return sqlite
        .prepare<[string, number, number], ImportRowRecord>(
          `SELECT row_number AS rowNumber, outcome, clinician_id AS clinicianId, email, data, details
             FROM directory_import_rows
            WHERE import_id = ? AND row_number > ? AND outcome IN ('created', 'updated')
            ORDER BY row_number LIMIT ?`,
        )
        .all(importId, after, limit);
    },

    /**
     * Records which clinician each created row became (the import's trail, row by row): one set-based
     * statement at the end of the commit instead of an update per row.
     */
    linkCreatedClinicians(importId: string): void {
      linkCreated.run(importId);
    },

    /** Marks the dry run committed; false when another commit got there first. */
    markCommitted(importId: string, by: string, summary: ImportRecord['summary']): boolean {
      const { changes } = sqlite
        .prepare(
          `UPDATE directory_imports SET status = 'committed', committed_by = ?, committed_at = ?, summary = ?
            WHERE id = ? AND status = 'dry_run'`,
        )
        .run(by, nowIso(), JSON.stringify(summary), importId);
      return changes === 1;
    },
  };
}

export type DirectoryImportsRepository = ReturnType<typeof createDirectoryImportsRepository>;
