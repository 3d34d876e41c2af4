import type { ClinicianInput } from '@cmss/shared';
import type { Db } from '../client.js';
import { nowIso } from '../time.js';
import { nextId, rawSqlite } from './raw-sqlite.js';

export type ImportOutcome = 'created' | 'updated' | 'unchanged' | 'error';
export type ImportSummary = Record<ImportOutcome, number> & { rows: number };

export interface ImportRowRecord {
  rowNumber: number;
  outcome: ImportOutcome;
  clinicianId: number | null;
  email: string | null;
  /**
   * JSON, stored as JSONB: the validated input of an updated row, with the derived columns of a created
   * row (CreatedRowData); null for error and unchanged rows.
   */
  data: string | null;
  /** JSON: errors of an error row, changed fields of an update. */
  details: string | null;
}

/**
 * What the dry run stores for a row that creates a clinician: the validated input and every column
 * derived from it, so that the commit is a handful of set-based statements rather than a write per row.
 */
export interface CreatedRowData extends ClinicianInput {
  emailNormalised: string;
  searchName: string;
  searchText: string;
  sortName: string;
  /** The hospital's version the search columns were derived from: the commit re-derives them if it changed. */
  hospitalVersion: number;
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

/** See `check`: row numbers, null when no row has the problem. */
export interface DryRunCheck {
  fromEarlierVersion: number | null;
  unusableHospital: number | null;
  hospitalChanged: 0 | 1;
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
  // `data` is stored as JSONB, which the commit's set-based statements read without parsing text again.
  // (One statement per row: measured faster than one per batch through json_each.)
  const insertRow = sqlite.prepare(
    `INSERT INTO directory_import_rows (import_id, row_number, outcome, clinician_id, created_ordinal, email, data, details)
     VALUES (?, ?, ?, ?, ?, ?, jsonb(?), ?)`,
  );
  // The commit's set-based statements over the created rows of one import. Each row's clinician gets
  // the first free id (`nextId`: an erased clinician's id is never given to someone else) plus the
  // row's ordinal.
  const linkCreated = sqlite.prepare<[{ firstId: number; importId: string }]>(
    `UPDATE directory_import_rows SET clinician_id = @firstId + created_ordinal
      WHERE import_id = @importId AND outcome = 'created'`,
  );
  // `->>` reads JSON true/false as 1/0 and null as NULL, which is what the columns hold.
  // (The ids are computed here, not read from the linked rows: measured faster.)
  const insertCreated = sqlite.prepare<[{ now: string; importId: string; firstId: number }]>(
    `INSERT INTO clinicians (id, title, given_name, family_name, role, hospital_id, email, email_normalised, phone,
       contact_person, status, created_at, updated_at, version, search_name, search_text, sort_name)
     SELECT @firstId + created_ordinal, d->>'title', d->>'givenName', d->>'familyName', d->>'role', d->>'hospitalId', trim(d->>'email'),
            d->>'emailNormalised', d->>'phone', d->>'contactPerson', coalesce(d->>'status', 'active'), @now, @now, 1,
            d->>'searchName', d->>'searchText', d->>'sortName'
       FROM (SELECT created_ordinal, data AS d FROM directory_import_rows
              WHERE import_id = @importId AND outcome = 'created' ORDER BY row_number)`,
  );
  const insertCreatedJunction = (table: string, column: string, field: string) =>
    sqlite.prepare<[string]>(
      `INSERT INTO ${table} (clinician_id, ${column})
       SELECT r.clinician_id, j.value FROM directory_import_rows r, json_each(r.data, '$.${field}') j
        WHERE r.import_id = ? AND r.outcome = 'created'`,
    );
  const insertCreatedJunctions = [
    insertCreatedJunction('clinician_specialties', 'specialty', 'specialties'),
    insertCreatedJunction('clinician_languages', 'language', 'languages'),
    insertCreatedJunction('clinician_networks', 'network', 'networks'),
  ];
  const firstTakenEmail = sqlite.prepare<[string], { rowNumber: number; email: string }>(
    `SELECT r.row_number AS rowNumber, r.email FROM directory_import_rows r
       JOIN clinicians c ON c.email_normalised = r.data->>'emailNormalised'
      WHERE r.import_id = ? AND r.outcome = 'created' ORDER BY r.row_number LIMIT 1`,
  );
  // What the commit must know before writing, in one pass over the rows to write.
  const checkRows = sqlite.prepare<[string], DryRunCheck>(
    `SELECT min(CASE WHEN r.outcome = 'created'
                      AND (r.created_ordinal IS NULL OR r.data->>'emailNormalised' IS NULL) THEN r.row_number END)
              AS fromEarlierVersion,
            min(CASE WHEN h.id IS NULL OR h.status <> 'active' THEN r.row_number END) AS unusableHospital,
            coalesce(max(r.outcome = 'created' AND h.version IS NOT r.data->>'hospitalVersion'), 0)
              AS hospitalChanged
       FROM directory_import_rows r LEFT JOIN hospitals h ON h.id = r.data->>'hospitalId'
      WHERE r.import_id = ? AND r.outcome IN ('created', 'updated')`,
  );
  const rowHospital = sqlite
    .prepare<[string, number], number>(
      `SELECT data->>'hospitalId' FROM directory_import_rows WHERE import_id = ? AND row_number = ?`,
    )
    .pluck();
  const createdAtChangedHospitals = sqlite
    .prepare<[string], number>(
      `SELECT r.clinician_id FROM directory_import_rows r JOIN hospitals h ON h.id = r.data->>'hospitalId'
        WHERE r.import_id = ? AND r.outcome = 'created' AND h.version IS NOT r.data->>'hospitalVersion'`,
    )
    .pluck();
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

    /** Stores rows in file order; `createdBefore` rows of this dry run were created in earlier calls. */
    addRows(importId: string, rows: readonly ImportRowRecord[], createdBefore: number): void {
      let ordinal = createdBefore;
      sqlite.transaction(() => {
        for (const r of rows) {
          const createdOrdinal = r.outcome === 'created' ? ordinal++ : null;
          insertRow.run(
            importId,
            r.rowNumber,
            r.outcome,
            r.clinicianId,
            createdOrdinal,
            r.email,
            r.data,
            r.details,
          );
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
          `SELECT row_number AS rowNumber, outcome, clinician_id AS clinicianId, email, json(data) AS data, details
             FROM directory_import_rows WHERE ${where} ORDER BY row_number LIMIT ?`,
        )
        .all(...params);
    },

    /**
     * Whether the stored dry run can still be committed: the first row stored by an earlier version
     * of CMSS without what the commit needs (such a dry run has to be run again), the first row whose
     * hospital no longer exists or was deactivated, and whether a created row's hospital changed since.
     */
    check(importId: string): DryRunCheck {
      return checkRows.get(importId)!;
    },

    /** The hospital a stored row names. */
    rowHospital(importId: string, rowNumber: number): number {
      return rowHospital.get(importId, rowNumber)!;
    },

    /**
     * Inserts the clinicians of every created row, with their specialties, languages and networks, in
     * set-based statements (call inside a transaction), and records which clinician each row became.
     * Throws SQLite's unique-constraint error if one of the e-mails is taken meanwhile:
     * `firstTakenEmail` then names the row.
     */
    insertCreatedClinicians(importId: string): number {
      const firstId = nextId(sqlite, 'clinicians');
      const { changes } = insertCreated.run({ now: nowIso(), importId, firstId });
      linkCreated.run({ firstId, importId });
      for (const statement of insertCreatedJunctions) statement.run(importId);
      return changes;
    },

    firstTakenEmail(importId: string): { rowNumber: number; email: string } | null {
      return firstTakenEmail.get(importId) ?? null;
    },

    /** Clinicians created (after the commit's insert) at hospitals changed since the dry run. */
    createdAtChangedHospitals(importId: string): number[] {
      return createdAtChangedHospitals.all(importId);
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
