import type { ClinicianInput } from '@cmss/shared';
import type { Db } from '../client.js';
import { nowIso } from '../time.js';
import { nextId, rawSqlite, writeTransaction } from './raw-sqlite.js';

export type ImportOutcome = 'created' | 'updated' | 'unchanged' | 'error';
export type ImportSummary = Record<ImportOutcome, number> & { rows: number };

export interface ImportRowRecord {
  rowNumber: number;
  outcome: ImportOutcome;
  clinicianId: number | null;
  email: string | null;
  /**
   * JSON, stored as JSONB: a created or updated row's validated input with its derived columns
   * (StoredRowData); null for error and unchanged rows.
   */
  data: string | null;
  /** JSON: errors of an error row, changed fields of an update. */
  details: string | null;
}

/**
 * What the dry run stores for a row that creates or updates a clinician: the validated input and every
 * column derived from it, so that the commit is a handful of set-based statements rather than a write
 * per row.
 */
export interface StoredRowData extends ClinicianInput {
  emailNormalised: string;
  searchName: string;
  searchText: string;
  sortName: string;
  /** The hospital's version the search columns were derived from: the commit re-derives them if it changed. */
  hospitalVersion: number;
  /**
   * Of an updated row, the version of the clinician it was compared with (null for a created row).
   * The commit writes the row as stored only while the clinician is still at that version.
   */
  clinicianVersion: number | null;
  /**
   * Of an updated row, the clinician's values of the fields it changes, as the dry run saw them (null
   * for a created row): the commit refuses to overwrite a value someone else changed since.
   */
  before: Partial<ClinicianInput> | null;
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

/** A row that would give its hospital `n` active contact persons, too many. */
export interface ExceedingRow {
  rowNumber: number;
  outcome: 'created' | 'updated';
  hospitalId: number;
  n: number;
  /** Error rows of the file's that belong to contact persons of that hospital now, in file order. */
  errorRowsThere: number[];
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

/**
 * The clinicians columns a stored row writes, each with its value read from the row's data as `d`
 * (StoredRowData). `->>` reads JSON true/false as 1/0 and null as NULL, which is what the columns hold.
 */
const STORED_COLUMNS: readonly [column: string, value: string][] = [
  ['title', "d->>'title'"],
  ['given_name', "d->>'givenName'"],
  ['family_name', "d->>'familyName'"],
  ['role', "d->>'role'"],
  ['hospital_id', "d->>'hospitalId'"],
  ['email', "trim(d->>'email')"],
  ['email_normalised', "d->>'emailNormalised'"],
  ['phone', "d->>'phone'"],
  ['contact_person', "d->>'contactPerson'"],
  ['search_name', "d->>'searchName'"],
  ['search_text', "d->>'searchText'"],
  ['sort_name', "d->>'sortName'"],
];

/** A clinician's lists: their table, its value column and the field of StoredRowData. */
const JUNCTIONS = [
  { table: 'clinician_specialties', column: 'specialty', field: 'specialties' },
  { table: 'clinician_languages', column: 'language', field: 'languages' },
  { table: 'clinician_networks', column: 'network', field: 'networks' },
] as const;

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
  // (The ids are computed here, not read from the linked rows: measured faster.)
  const insertCreated = sqlite.prepare<[{ now: string; importId: string; firstId: number }]>(
    `INSERT INTO clinicians (id, ${STORED_COLUMNS.map(([column]) => column).join(', ')},
       status, created_at, updated_at, version)
     SELECT @firstId + created_ordinal, ${STORED_COLUMNS.map(([, value]) => value).join(', ')},
            coalesce(d->>'status', 'active'), @now, @now, 1
       FROM (SELECT created_ordinal, data AS d FROM directory_import_rows
              WHERE import_id = @importId AND outcome = 'created' ORDER BY row_number)`,
  );
  const insertCreatedJunctions = JUNCTIONS.map(({ table, column, field }) =>
    sqlite.prepare<[{ importId: string }]>(
      `INSERT INTO ${table} (clinician_id, ${column})
       SELECT r.clinician_id, j.value FROM directory_import_rows r, json_each(r.data, '$.${field}') j
        WHERE r.import_id = @importId AND r.outcome = 'created'`,
    ),
  );
  // The updated rows the commit writes as stored: their clinician and hospital are as the dry run saw
  // them (the stored values and derived columns are still right). Others are checked again, one by one.
  const asStored = `EXISTS (SELECT 1 FROM clinicians c JOIN hospitals h ON h.id = r.data->>'hospitalId'
                             WHERE c.id = r.clinician_id AND c.version = r.data->>'clinicianVersion'
                               AND h.version = r.data->>'hospitalVersion')`;
  const updatedAsStored = sqlite
    .prepare<[string], number>(
      `SELECT r.clinician_id FROM directory_import_rows r
        WHERE r.import_id = ? AND r.outcome = 'updated' AND ${asStored}`,
    )
    .pluck();
  const updatedToRecheck = sqlite.prepare<[string, number, number], ImportRowRecord>(
    `SELECT row_number AS rowNumber, outcome, clinician_id AS clinicianId, email, json(data) AS data, details
       FROM directory_import_rows r
      WHERE r.import_id = ? AND r.outcome = 'updated' AND r.row_number > ? AND NOT ${asStored}
      ORDER BY r.row_number LIMIT ?`,
  );
  type UpdateParams = { importId: string; ids: string };
  const updatedRows = `r.import_id = @importId AND r.outcome = 'updated'
                       AND r.clinician_id IN (SELECT value FROM json_each(@ids))`;
  const updateClinicians = sqlite.prepare<[UpdateParams & { now: string }]>(
    `UPDATE clinicians SET ${STORED_COLUMNS.map(([column, value]) => `${column} = ${value}`).join(', ')},
       status = coalesce(d->>'status', clinicians.status), updated_at = @now, version = clinicians.version + 1
       FROM (SELECT r.clinician_id AS id, r.data AS d FROM directory_import_rows r WHERE ${updatedRows}) AS r
      WHERE clinicians.id = r.id`,
  );
  // An update rewrites only the lists its row changed (`details` names the changed fields).
  const updateJunctions = JUNCTIONS.flatMap(({ table, column, field }) => {
    const changedRows = `${updatedRows} AND EXISTS (SELECT 1 FROM json_each(r.details) WHERE value = '${field}')`;
    return [
      sqlite.prepare<[UpdateParams]>(
        `DELETE FROM ${table} WHERE clinician_id IN (SELECT r.clinician_id FROM directory_import_rows r WHERE ${changedRows})`,
      ),
      sqlite.prepare<[UpdateParams]>(
        `INSERT INTO ${table} (clinician_id, ${column})
         SELECT r.clinician_id, j.value FROM directory_import_rows r, json_each(r.data, '$.${field}') j
          WHERE ${changedRows}`,
      ),
    ];
  });
  const createdAndUpdatedRows = sqlite.prepare<
    [string],
    { rowNumber: number; outcome: 'created' | 'updated'; clinicianId: number; details: string | null }
  >(
    `SELECT row_number AS rowNumber, outcome, clinician_id AS clinicianId, details FROM directory_import_rows
      WHERE import_id = ? AND outcome IN ('created', 'updated') ORDER BY row_number`,
  );
  const firstTakenEmail = sqlite.prepare<[string], { rowNumber: number; email: string }>(
    `SELECT r.row_number AS rowNumber, r.email FROM directory_import_rows r
       JOIN clinicians c ON c.email_normalised = r.data->>'emailNormalised'
      WHERE r.import_id = ? AND r.outcome = 'created' ORDER BY r.row_number LIMIT 1`,
  );
  // What the commit must know before writing, in one pass over the rows to write.
  const checkRows = sqlite.prepare<[string], DryRunCheck>(
    `SELECT min(CASE WHEN (r.outcome = 'created'
                           AND (r.created_ordinal IS NULL OR r.data->>'emailNormalised' IS NULL))
                          OR (r.outcome = 'updated' AND r.data->'before' IS NULL) THEN r.row_number END)
              AS fromEarlierVersion,
            min(CASE WHEN h.id IS NULL
                       OR (h.status <> 'active'
                           AND (r.outcome = 'created'
                                OR EXISTS (SELECT 1 FROM json_each(r.details) WHERE value = 'hospitalId')))
                     THEN r.row_number END) AS unusableHospital,
            coalesce(max(r.outcome = 'created' AND h.version IS NOT r.data->>'hospitalVersion'), 0)
              AS hospitalChanged
       FROM directory_import_rows r LEFT JOIN hospitals h ON h.id = r.data->>'hospitalId'
      WHERE r.import_id = ? AND r.outcome IN ('created', 'updated')`,
  );
  // Contact persons (at most MAX_CONTACT_PERSONS active ones per hospital). A stored row "becomes" one
  // when it is created as one, or its update makes it one (promoted, moved, reactivated): as
  // `becomesContactPerson` in clinician-rules.ts, from the fields the row changes.
  const countsAsContact = (r: string) =>
    `(${r}.data->>'contactPerson' = 1 AND coalesce(${r}.data->>'status', 'active') = 'active')`;
  const becomesContact = (r: string) =>
    `(${r}.outcome IN ('created', 'updated') AND ${countsAsContact(r)}
      AND (${r}.outcome = 'created'
           OR EXISTS (SELECT 1 FROM json_each(${r}.details) WHERE value IN ('contactPerson', 'hospitalId', 'status'))))`;
  // The active contact persons per hospital once the import is committed: those the file does not
  // update, plus the created and updated rows that are one.
  const contactPersonsAfter = `
    SELECT hospital_id, count(*) AS n FROM (
      SELECT c.hospital_id FROM clinicians c
       WHERE c.contact_person = 1 AND c.status = 'active'
         AND c.id NOT IN (SELECT clinician_id FROM directory_import_rows
                           WHERE import_id = @importId AND outcome = 'updated')
      UNION ALL
      SELECT r.data->>'hospitalId' FROM directory_import_rows r
       WHERE r.import_id = @importId AND r.outcome IN ('created', 'updated') AND ${countsAsContact('r')}
    ) GROUP BY hospital_id HAVING n > @max`;
  // With each such row, the error rows of the hospital's present contact persons (`errorRowsThere`, a
  // JSON array in file order): a row that would have handed the role on and cannot be imported leaves
  // them there.
  const contactPersonsExceeded = sqlite.prepare<
    [{ importId: string; max: number }],
    ExceedingRow & { errorRowsThere: string }
  >(
    `WITH over AS (${contactPersonsAfter})
     SELECT r.row_number AS rowNumber, r.outcome, over.hospital_id AS hospitalId, over.n,
            (SELECT json_group_array(row_number) FROM (
               SELECT e.row_number FROM directory_import_rows e JOIN clinicians ec ON ec.id = e.clinician_id
                WHERE e.import_id = @importId AND e.outcome = 'error' AND ec.hospital_id = over.hospital_id
                  AND ec.contact_person = 1 AND ec.status = 'active' ORDER BY e.row_number)) AS errorRowsThere
       FROM directory_import_rows r JOIN over ON over.hospital_id = r.data->>'hospitalId'
      WHERE r.import_id = @importId AND ${becomesContact('r')} ORDER BY r.row_number`,
  );
  // After the commit wrote its rows, from the clinicians as written: a row checked again at the commit
  // keeps a hospital changed since the dry run, where the row's contact person now counts. Only the
  // hospitals this import gives a contact person: one the import does not touch may have more from
  // before the rule.
  const firstContactPersonsExceeded = sqlite.prepare<
    [{ importId: string; max: number }],
    { rowNumber: number; hospitalId: number; n: number }
  >(
    `SELECT min(r.row_number) AS rowNumber, c.hospital_id AS hospitalId, count(DISTINCT c.id) AS n
       FROM directory_import_rows r
       JOIN clinicians written ON written.id = r.clinician_id AND written.contact_person = 1 AND written.status = 'active'
       JOIN clinicians c ON c.hospital_id = written.hospital_id AND c.contact_person = 1 AND c.status = 'active'
      WHERE r.import_id = @importId AND ${becomesContact('r')}
      GROUP BY c.hospital_id HAVING count(DISTINCT c.id) > @max ORDER BY 1 LIMIT 1`,
  );
  const rowsNumbered = sqlite.prepare<[string, string], ImportRowRecord>(
    `SELECT row_number AS rowNumber, outcome, clinician_id AS clinicianId, email, json(data) AS data, details
       FROM directory_import_rows WHERE import_id = ? AND row_number IN (SELECT value FROM json_each(?))
      ORDER BY row_number`,
  );
  const markError = sqlite.prepare<[{ importId: string; rowNumber: number; details: string }]>(
    `UPDATE directory_import_rows SET outcome = 'error', created_ordinal = NULL,
            data = NULL, details = @details
      WHERE import_id = @importId AND row_number = @rowNumber`,
  );
  const countOutcomes = sqlite.prepare<[string], { outcome: ImportOutcome; n: number }>(
    'SELECT outcome, count(*) AS n FROM directory_import_rows WHERE import_id = ? GROUP BY outcome',
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
      writeTransaction(sqlite, () => {
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
      });
    },

    /**
     * The rows that would make a hospital exceed `max` active contact persons once committed (counted
     * over the whole file and the directory: a file may hand the role from one person to another).
     */
    contactPersonsExceeded(importId: string, max: number): ExceedingRow[] {
      return contactPersonsExceeded
        .all({ importId, max })
        .map((row) => ({ ...row, errorRowsThere: JSON.parse(row.errorRowsThere) as number[] }));
    },

    /** After the commit wrote its rows: the first row making a hospital exceed `max` contact persons. */
    firstContactPersonsExceeded(
      importId: string,
      max: number,
    ): { rowNumber: number; hospitalId: number; n: number } | null {
      return firstContactPersonsExceeded.get({ importId, max }) ?? null;
    },

    /** Turns stored rows into error rows (checks made over the whole dry run). */
    markErrors(importId: string, rows: readonly { rowNumber: number; details: string }[]): void {
      writeTransaction(sqlite, () => {
        for (const { rowNumber, details } of rows) markError.run({ importId, rowNumber, details });
      });
    },

    /** `encoding`: the one the file was read in, which can differ from the one it began with. */
    finishDryRun(importId: string, summary: ImportSummary, encoding: string | null): void {
      sqlite
        .prepare('UPDATE directory_imports SET summary = ?, encoding = ? WHERE id = ?')
        .run(JSON.stringify({ dryRun: summary }), encoding, importId);
    },

    /**
     * Retention: the dry runs made before `before`, committed or not, with their rows (each a copy of a
     * spreadsheet row: personal data). Returns how many of each went.
     */
    purgeMadeBefore(before: string): { imports: number; rows: number } {
      return writeTransaction(sqlite, () => {
        const rows = sqlite
          .prepare<[string], number>(
            `SELECT count(*) FROM directory_import_rows
              WHERE import_id IN (SELECT id FROM directory_imports WHERE created_at < ?)`,
          )
          .pluck()
          .get(before)!;
        const imports = sqlite
          .prepare('DELETE FROM directory_imports WHERE created_at < ?')
          .run(before).changes;
        return { imports, rows };
      });
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

    /** The rows of these numbers (in spreadsheet order). */
    rowsNumbered(importId: string, rowNumbers: readonly number[]): ImportRowRecord[] {
      return rowsNumbered.all(importId, JSON.stringify(rowNumbers));
    },

    /**
     * Whether the stored dry run can still be committed: the first row stored by an earlier version
     * of CMSS without what the commit needs (such a dry run has to be run again), the first row whose
     * hospital no longer exists or was deactivated (for an update, only when the row moves the clinician
     * there: a clinician kept at a deactivated hospital can still be edited), and whether a created row's
     * hospital changed since.
     */
    check(importId: string): DryRunCheck {
      return checkRows.get(importId)!;
    },

    /** How many rows of the import are stored, by outcome. */
    outcomeCounts(importId: string): ImportSummary {
      const counts = emptySummary();
      for (const { outcome, n } of countOutcomes.all(importId)) {
        counts[outcome] = n;
        counts.rows += n;
      }
      return counts;
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
      for (const statement of insertCreatedJunctions) statement.run({ importId });
      return changes;
    },

    /** The clinicians of updated rows the commit can write as stored (see `updateClinicians`). */
    updatedAsStored(importId: string): number[] {
      return updatedAsStored.all(importId);
    },

    /**
     * The other updated rows (their clinician or hospital changed since the dry run, or the dry run was
     * stored by an earlier version), to be checked again and written one by one; paged like `rows`.
     */
    updatedToRecheck(importId: string, options: { after: number; limit: number }): ImportRowRecord[] {
      return updatedToRecheck.all(importId, options.after, options.limit);
    },

    /**
     * Writes the updated rows of the clinicians `ids` (from `updatedAsStored`) as stored, with the lists
     * they changed, in set-based statements; call inside a transaction. Returns how many were written.
     */
    updateClinicians(importId: string, ids: readonly number[]): number {
      const params = { importId, ids: JSON.stringify(ids) };
      for (const statement of updateJunctions) statement.run(params);
      return updateClinicians.run({ ...params, now: nowIso() }).changes;
    },

    /**
     * The created and updated rows with their clinicians (after the commit linked the created ones) and,
     * of an updated row, the fields it changes.
     */
    createdAndUpdated(
      importId: string,
    ): { rowNumber: number; outcome: 'created' | 'updated'; clinicianId: number; fields: string[] | null }[] {
      return createdAndUpdatedRows.all(importId).map(({ details, ...row }) => ({
        ...row,
        fields: row.outcome === 'updated' && details ? (JSON.parse(details) as string[]) : null,
      }));
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
