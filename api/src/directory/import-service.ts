import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { isDeepStrictEqual } from 'node:util';
import {
  createCliniciansRepository,
  createDirectoryImportsRepository,
  createDirectorySearchRepository,
  createHospitalsRepository,
  type Db,
  emptySummary,
  type ImportRecord,
  type ImportRowRecord,
  type ImportSummary,
  normaliseEmail,
  type StoredRowData,
} from '@cmss/db';
import { type Clinician, type ClinicianInput, differingKeys, MAX_CONTACT_PERSONS } from '@cmss/shared';
import { AppError, conflict, notFound } from '../errors.js';
import {
  classifyRow,
  errorRow,
  type Header,
  type HospitalIndex,
  hospitalIndex,
  type MatchedRow,
  pick,
  rowKey,
} from './import-classify.js';
import { createImportWorkerPool } from './import-workers.js';
import { type Column, columnOf } from './spreadsheet/columns.js';
import { openSheet } from './spreadsheet/read.js';
import { type CellError, changedFields, fieldColumn, inputOf } from './spreadsheet/row-input.js';
import {
  columnLetters,
  HEADER_SEARCH_ROWS,
  invalidFile,
  type SheetRow,
  type Worksheet,
} from './spreadsheet/sheet-rows.js';

/**
 * What a workbook row shows before it is read, in its imported columns: a cell without a value to read
 * (#N/A), and a phone stored as a number (+48 42… typed in Excel is stored as 4842…, 030… as 30…).
 */
function cellErrors(header: readonly (Column | null)[], row: SheetRow): CellError[] {
  const errors: CellError[] = [];
  header.forEach((column, i) => {
    if (!column) return;
    if (row.unreadable?.[i]) {
      errors.push({
        column,
        reason:
          'the cell has no value to read: its formula shows an error (such as #N/A) or was never calculated',
      });
    } else if (column === 'phone' && row.numeric?.[i]) {
      errors.push({
        column,
        reason:
          'the phone is stored as a number in the workbook, which drops a leading + or 0: format the column as text and type it again',
      });
    }
  });
  return errors;
}

/**
 * A CSV row places its cells by position alone. One with more cells than the header (a cell holding
 * the delimiter without quotes: "Smith, Jr.") would put every value after it in the wrong column, and
 * one that lacks cells of imported columns (a line cut short, or broken by a line break in a cell
 * without quotes) would clear what it lacks. Either is an error of the whole row (column `row`).
 * A workbook's cells sit in lettered columns: neither can happen there.
 */
function csvRowShapeErrors(header: Header, row: SheetRow): CellError[] {
  const cells = row.cells.length;
  const columns = header.length;
  // Even when the cells past the header are empty: "Smith, Jr." in a row whose last cell is empty
  // leaves an empty one past it, with the row's values shifted. (Spreadsheet applications write every
  // row of a sheet, the header too, with as many cells.)
  if (cells > columns) {
    return [
      {
        column: 'row',
        reason: `the row has ${cells} cells where the header has ${columns}: a cell that holds the delimiter (as "Smith, Jr." holds a comma) must be in double quotes`,
      },
    ];
  }
  const missing = header.slice(cells).find((column) => column !== null);
  if (missing) {
    return [
      {
        column: 'row',
        reason: `the row has ${cells} cells where the header has ${columns}, none for ${missing}: is the line cut short, or broken by a line break in a cell without quotes?`,
      },
    ];
  }
  return [];
}

/** A clinician a commit created or changed (`fields`: those it changed; null for a creation). */
export interface WrittenRow {
  rowNumber: number;
  clinicianId: number;
  action: 'create' | 'update';
  fields: string[] | null;
}

/**
 * The updated rows a commit wrote: as stored (their clinicians' ids), and checked again first (those
 * still changing something).
 */
interface Updates {
  asStored: number[];
  rechecked: RecheckedRow[];
}
/** An updated row checked again at the commit that still changes something: `fields`, those it does. */
interface RecheckedRow {
  rowNumber: number;
  current: Clinician;
  input: ClinicianInput;
  fields: string[];
}
const NO_UPDATES: Updates = { asStored: [], rechecked: [] };

/** A row with the e-mail of an earlier row (`first`), kept until the whole file is read. */
interface Repeat extends MatchedRow {
  first: number;
}

/**
 * Whether two classified rows of one clinician would write the same (both unchanged, or the same data).
 * Their e-mails match ignoring case (they are repeats); a new clinician's is stored as the first row
 * writes it, so its capitals are no other value.
 */
function sameOutcome(a: ImportRowRecord, b: ImportRowRecord): boolean {
  if (a.outcome !== b.outcome) return false;
  if (a.data === null || b.data === null) return a.data === b.data;
  const [x, y] = [JSON.parse(a.data) as StoredRowData, JSON.parse(b.data) as StoredRowData];
  return isDeepStrictEqual({ ...x, email: y.email }, y);
}

export interface ImportServiceOptions {
  /** Worker threads that classify rows of large files (0: all on the calling thread). IMPORT_WORKERS. */
  workers: number;
  /** Rows per batch of a dry run: large enough to amortise queries and messages, small enough to stream. */
  batchRows?: number;
}

export interface DryRunResult {
  import: ImportRecord;
  ignoredColumns: string[];
  /** The rows above the header row (a title, a note), not read: their number and the cells with a value. */
  ignoredRows: { row: number; cells: string[] }[];
  /**
   * Of a workbook, the worksheet read (of several, the first with a header row); null for a CSV. Not
   * stored with the import: the record has no place for it, and only the dry run's user needs it.
   */
  worksheet: Worksheet | null;
}

/**
 * Spreadsheet import of clinicians, in two steps. The dry run streams the file, decides each row's
 * outcome (created / updated / unchanged / error with column and reason) and stores the validated rows;
 * nothing in the directory changes. The commit applies that stored dry run, by id, in one transaction:
 * all of it or, if the directory changed in a way that breaks a row meanwhile, none of it.
 */
export function createImportService(db: Db, options: ImportServiceOptions) {
  const clinicians = createCliniciansRepository(db);
  const hospitals = createHospitalsRepository(db);
  const imports = createDirectoryImportsRepository(db);
  const search = createDirectorySearchRepository(db);
  const batchRows = options.batchRows ?? 2000;
  const pool = options.workers > 0 ? createImportWorkerPool(options.workers) : null;

  async function dryRun(
    file: Readable,
    meta: { fileName: string | null; createdBy: string },
  ): Promise<DryRunResult> {
    // The header row is the first (of the first 10) to name an e-mail column: a title may be above it.
    const sheet = await openSheet(file, undefined, (cells) => cells.some((c) => columnOf(c) === 'email'));
    const id = randomUUID();
    const hospitalList = hospitals.forImport();
    const hospitalLookups = hospitalIndex(hospitalList);
    const summary = emptySummary();
    const seen = new Map<string, number>();
    const repeats: Repeat[] = [];
    let header: Header | null = null;
    let emailAt = -1;
    let ignoredColumns: string[] = [];
    // Columns without a header text, and those of them a row has a value in (reported as ignored).
    let blankHeaders: number[] = [];
    const filledBlankHeaders = new Set<number>();
    let ignoredRows: DryRunResult['ignoredRows'] = [];
    let begun = false;

    /**
     * A batch of rows, classified here or on a worker thread. The rows an e-mail alone decides (none,
     * or one an earlier row has) are decided here, in file order; one query finds the clinicians the
     * other rows' e-mails belong to.
     */
    // (`columns` is `header`, passed because TypeScript does not narrow it inside this closure.)
    const classify = (
      columns: Header,
      batch: MatchedRow[],
      onWorker: boolean,
    ): Promise<ImportRowRecord[]> => {
      const existing = clinicians.byEmails(batch.map((r) => r.key));
      const records: (ImportRowRecord | null)[] = [];
      const rest: MatchedRow[] = [];
      for (const row of batch) {
        const email = (row.cells[emailAt] ?? '').trim();
        const first = seen.get(row.key);
        if (!email) {
          records.push(
            errorRow(row.rowNumber, email, [
              { column: 'email', reason: 'required: rows are matched to clinicians by e-mail' },
            ]),
          );
        } else if (first !== undefined) {
          // Its reason is decided once the whole file is read (refuseConflictingRepeats).
          const current = existing.get(row.key) ?? null;
          records.push(
            errorRow(
              row.rowNumber,
              email,
              [{ column: 'email', reason: `same e-mail as row ${first}` }],
              current?.id ?? null,
            ),
          );
          repeats.push({ ...row, current, first });
        } else {
          seen.set(row.key, row.rowNumber);
          row.current = existing.get(row.key) ?? null;
          records.push(null);
          rest.push(row);
        }
      }
      const merge = (classified: ImportRowRecord[]) => {
        let next = 0;
        return records.map((r) => r ?? classified[next++]!);
      };
      if (onWorker) return pool!.classify(columns, hospitalList, rest).then(merge);
      return Promise.resolve(merge(rest.map((r) => classifyRow(r, columns, hospitalLookups))));
    };

    // Classified batches in file order, stored in that order as each one is ready.
    const classified: Promise<ImportRowRecord[]>[] = [];
    const storeOldest = async () => {
      const records = await classified.shift()!;
      const createdBefore = summary.created;
      for (const record of records) {
        summary.rows++;
        summary[record.outcome]++;
      }
      imports.addRows(id, records, createdBefore);
    };
    let pending: MatchedRow[] = [];

    try {
      for await (const row of sheet.rows) {
        if (!header) {
          header = row.cells.map(columnOf);
          ignoredColumns = row.cells.filter((c, i) => c !== '' && header![i] === null);
          blankHeaders = row.cells.flatMap((c, i) => (c === '' ? [i] : []));
          ignoredRows = sheet.aboveHeader.map((r) => ({
            row: r.rowNumber,
            cells: r.cells.filter((c) => c !== '').slice(0, 50),
          }));
          // Two headers for one field ("given_name" and "Given Name"): which cell is meant is a guess.
          const duplicate = header.findIndex((c, i) => c !== null && header!.indexOf(c) < i);
          if (duplicate >= 0) {
            const first = row.cells[header.indexOf(header[duplicate]!)];
            throw invalidFile(
              `the headers "${first}" and "${row.cells[duplicate]}" both name the column ${header[duplicate]}: remove one`,
              { headers: row.cells.slice(0, 50) },
            );
          }
          if (!header.includes('email')) {
            throw invalidFile(
              `the file has no e-mail column: the header row, naming one, must be within the first ${HEADER_SEARCH_ROWS} rows that are not empty${sheet.format === 'xlsx' ? ' of a worksheet' : ''} (GET /api/v1/imports/template.csv)`,
              { headers: row.cells.slice(0, 50) },
            );
          }
          emailAt = header.indexOf('email');
          imports.begin({
            id,
            fileName: meta.fileName,
            format: sheet.format,
            encoding: sheet.encoding,
            createdBy: meta.createdBy,
          });
          begun = true;
          continue;
        }
        for (const i of blankHeaders) if (row.cells[i]) filledBlankHeaders.add(i);
        const fileErrors =
          sheet.format === 'csv'
            ? csvRowShapeErrors(header, row)
            : row.numeric
              ? cellErrors(header, row)
              : [];
        pending.push({
          rowNumber: row.rowNumber,
          cells: row.cells,
          key: rowKey(row.cells[emailAt]),
          current: null,
          errors: fileErrors.length ? fileErrors : undefined,
        });
        if (pending.length >= batchRows) {
          // Full batches go to the worker threads once one is ready (a small file never fills a batch
          // and never starts a thread). At most two batches per thread wait, so the file streams.
          pool?.start().catch(() => {}); // a thread that dies before it is ready is never sent a batch
          const onWorker = pool?.ready() ?? false;
          const batch = classify(header, pending, onWorker);
          batch.catch(() => {}); // awaited in order below; a failure must not surface as unhandled meanwhile
          classified.push(batch);
          pending = [];
          while (classified.length > (onWorker ? 2 * pool!.size : 0)) await storeOldest();
        }
      }
      if (!header) throw invalidFile('the file has no header row');
      classified.push(classify(header, pending, false));
      while (classified.length) await storeOldest();
      refuseConflictingRepeats(id, summary, repeats, header, hospitalLookups);
      refuseExtraContactPersons(id, summary);
      imports.finishDryRun(id, summary, sheet.encoding);
      for (const i of [...filledBlankHeaders].sort((a, b) => a - b)) {
        ignoredColumns.push(`column ${columnLetters(i + 1)} (values without a header)`);
      }
    } catch (error) {
      if (begun) imports.discard(id);
      throw error;
    }
    return { import: imports.get(id)!, ignoredColumns, ignoredRows, worksheet: sheet.worksheet };
  }

  /**
   * A row with the e-mail of an earlier row is never imported. When it says the same as that row, the
   * earlier row is read alone; when it says something else (another hospital, another name), which of
   * them the file means is a guess, so the earlier row becomes an error too and neither is written.
   * A repeat's own errors are named with it, so that one correction of the file is enough.
   * Decided after the whole file is read: the earlier row may have been classified on a worker thread.
   */
  function refuseConflictingRepeats(
    importId: string,
    summary: ImportSummary,
    repeats: readonly Repeat[],
    header: Header,
    hospitals: HospitalIndex,
  ) {
    if (repeats.length === 0) return;
    const firsts = new Map(
      imports.rowsNumbered(importId, [...new Set(repeats.map((r) => r.first))]).map((r) => [r.rowNumber, r]),
    );
    // Each repeat as classified: its own errors, and whether it says the same as its earlier row
    // (undecided when that row is an error: the repeat's errors are its own).
    const verdicts = repeats.map((repeat) => {
      const again = classifyRow(repeat, header, hospitals);
      const first = firsts.get(repeat.first)!;
      const own = again.outcome === 'error' ? (JSON.parse(again.details!) as CellError[]) : [];
      const same = first.outcome === 'error' ? null : sameOutcome(first, again);
      return { repeat, own, same };
    });
    const otherValues = new Map<number, number[]>(); // an earlier valid row → the later rows that differ
    for (const { repeat, same } of verdicts) {
      if (same === false)
        otherValues.set(repeat.first, [...(otherValues.get(repeat.first) ?? []), repeat.rowNumber]);
    }
    const guess =
      'with other values: which row is meant is a guess, so neither is imported; keep one of them';
    const marks = verdicts.map(({ repeat, own, same }) => {
      const first = repeat.first;
      const reason = same
        ? `repeats row ${first} (same e-mail and values), which is read instead`
        : otherValues.has(first)
          ? `same e-mail as row ${first}, ${guess}`
          : `same e-mail as row ${first}: keep one of them`;
      return { rowNumber: repeat.rowNumber, details: JSON.stringify([{ column: 'email', reason }, ...own]) };
    });
    for (const [rowNumber, later] of otherValues) {
      const rows = later.length === 1 ? `row ${later[0]}` : `rows ${later.join(', ')}`;
      marks.push({
        rowNumber,
        details: JSON.stringify([{ column: 'email', reason: `same e-mail as ${rows}, ${guess}` }]),
      });
      summary[firsts.get(rowNumber)!.outcome]--;
      summary.error++;
    }
    imports.markErrors(importId, marks);
  }

  /**
   * Rows that would leave a hospital with more than MAX_CONTACT_PERSONS active contact persons become
   * error rows. Counted over the whole file and the directory, after every row is classified: a file
   * may hand the role from one person to another, which no single row shows. Counted again until no
   * hospital has too many: a row made an error here may have been handing the role on, so that the row
   * taking it over is one too many in its turn.
   */
  /**
   * The advice that comes first when error rows belong to the hospital's present contact persons: one
   * of them may be the row that hands the role on.
   */
  const mendFirst = (rows: readonly number[]) =>
    rows.length === 0
      ? ''
      : rows.length === 1
        ? `row ${rows[0]}, of a contact person there, has an error: if it hands the role on, mend it; else `
        : `rows ${rows.join(', ')}, of contact persons there, have errors: if they hand the role on, mend them; else `;

  function refuseExtraContactPersons(importId: string, summary: ImportSummary) {
    for (;;) {
      const rows = imports.contactPersonsExceeded(importId, MAX_CONTACT_PERSONS);
      if (rows.length === 0) return;
      imports.markErrors(
        importId,
        rows.map(({ rowNumber, hospitalId, n, errorRowsThere }) => ({
          rowNumber,
          details: JSON.stringify([
            {
              column: 'contact_person',
              reason: `hospital ${hospitalId} would have ${n} contact persons (at most ${MAX_CONTACT_PERSONS}): ${mendFirst(errorRowsThere)}set contact_person to no for one of them, here or in the directory`,
            },
          ]),
        })),
      );
      for (const { outcome } of rows) {
        summary[outcome]--;
        summary.error++;
      }
    }
  }

  /**
   * Applies the dry run. `onWritten`, when given, is told every clinician the commit created or changed
   * (and the fields it changed), once the transaction is committed: the API records each in the audit
   * trail under the clinician, as it does an edit.
   */
  function commit(
    importId: string,
    committedBy: string,
    onWritten?: (rows: WrittenRow[]) => void,
  ): ImportRecord {
    const record = imports.get(importId);
    if (!record) throw notFound('Import');
    if (record.status === 'committed') {
      throw conflict('already_committed', `Import ${importId} was committed at ${record.committedAt}`);
    }
    const result: ImportSummary = emptySummary();
    let written: WrittenRow[] = [];

    clinicians.transaction(() => {
      // The rows as stored now: an erasure since the dry run removed the rows of its clinician.
      const stored = imports.outcomeCounts(importId);
      result.rows = stored.rows;
      result.error = stored.error;
      result.unchanged = stored.unchanged;
      const check = imports.check(importId);
      if (check.fromEarlierVersion !== null) {
        throw stale(check.fromEarlierVersion, 'the dry run was made by an earlier version of CMSS');
      }
      if (check.unusableHospital !== null) {
        const hospitalId = imports.rowHospital(importId, check.unusableHospital);
        throw stale(check.unusableHospital, `hospital ${hospitalId} no longer exists or was deactivated`);
      }
      result.created = search.bulkInsertClinicians(record.summary.dryRun.created, () =>
        insertCreated(importId),
      );
      // The dry run derived the new rows' search columns from their hospital's name and city: if the
      // hospital changed since, derive them again (after the bulk insert has indexed the rows).
      if (check.hospitalChanged) search.reindexClinicians(imports.createdAtChangedHospitals(importId));
      // (Each of its queries reads every row of the import: none to look for, none to read.)
      const updates = record.summary.dryRun.updated > 0 ? writeUpdates(importId, result) : NO_UPDATES;
      const exceeded = imports.firstContactPersonsExceeded(importId, MAX_CONTACT_PERSONS);
      if (exceeded) {
        throw stale(
          exceeded.rowNumber,
          `hospital ${exceeded.hospitalId} would have ${exceeded.n} contact persons (at most ${MAX_CONTACT_PERSONS})`,
        );
      }
      if (!imports.markCommitted(importId, committedBy, { dryRun: record.summary.dryRun, commit: result })) {
        throw conflict('already_committed', `Import ${importId} was committed meanwhile`);
      }
      if (onWritten) written = writtenRows(importId, updates);
    });
    if (onWritten) onWritten(written);
    return imports.get(importId)!;
  }

  /**
   * What the commit wrote: the created rows, the updated rows written as stored (with the fields the dry
   * run found changed), and those checked again that still changed something (with the fields they did).
   */
  function writtenRows(importId: string, updates: Updates): WrittenRow[] {
    const asStored = new Set(updates.asStored);
    const rechecked = new Map(updates.rechecked.map((row) => [row.rowNumber, row]));
    return imports
      .createdAndUpdated(importId)
      .flatMap(({ rowNumber, outcome, clinicianId, fields }): WrittenRow[] => {
        if (outcome === 'created') return [{ rowNumber, clinicianId, action: 'create', fields: null }];
        if (asStored.has(clinicianId))
          return [{ rowNumber, clinicianId, action: 'update', fields: fields ?? [] }];
        const row = rechecked.get(rowNumber);
        return row ? [{ rowNumber, clinicianId, action: 'update', fields: row.fields }] : []; // none: nothing left to change
      });
  }

  /** The created rows, in set-based statements (the bulk of a first import). */
  function insertCreated(importId: string): number {
    try {
      return imports.insertCreatedClinicians(importId);
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
      // The dry run saw these e-mails free: someone added one since.
      const taken = imports.firstTakenEmail(importId);
      if (!taken) throw error;
      throw stale(taken.rowNumber, `${taken.email} was added to the directory since the dry run`);
    }
  }

  /**
   * The updated rows. Those whose clinician and hospital are as the dry run saw them are written as
   * stored, in set-based statements. Each other row is checked against the clinician's current record
   * (a change made meanwhile can leave nothing to write) and written on its own. The search index is
   * kept in step for all of them in two statements.
   */
  function writeUpdates(importId: string, result: ImportSummary): Updates {
    const asStored = imports.updatedAsStored(importId);
    const rechecked = recheckUpdates(importId, result);
    search.bulkUpdateClinicians([...asStored, ...rechecked.map((c) => c.current.id)], () => {
      if (imports.updateClinicians(importId, asStored) !== asStored.length) {
        throw new Error(`import ${importId}: not every updated row was written`);
      }
      for (const { rowNumber, current, input } of rechecked) {
        if (!clinicians.overwrite(current, input))
          throw stale(rowNumber, 'the clinician changed while importing');
      }
    });
    result.updated += asStored.length + rechecked.length;
    return { asStored, rechecked };
  }

  /**
   * The updated rows to check again (see `writeUpdates`), as they now apply: the fields the dry run
   * found changed take the file's values, every other field keeps the clinician's current one (so an
   * edit made since the dry run to a field the file does not change is not undone). A field the file
   * changes that someone else changed since the dry run (an edit, another import) to another value is a
   * conflict: the file would overwrite a value its user never saw, so nothing is written. Rows that no longer change
   * anything count as unchanged.
   */
  function recheckUpdates(importId: string, result: ImportSummary) {
    const changed: RecheckedRow[] = [];
    let after = 0;
    for (;;) {
      const rows = imports.updatedToRecheck(importId, { after, limit: 5000 });
      if (rows.length === 0) return changed;
      const stored = rows.map((row) => JSON.parse(row.data!) as StoredRowData);
      const currents = clinicians.byEmails(stored.map((input) => normaliseEmail(input.email)));
      for (const [i, row] of rows.entries()) {
        after = row.rowNumber;
        const { email, before } = stored[i]!;
        const current = currents.get(normaliseEmail(email));
        if (!current) throw stale(row.rowNumber, `${email} is no longer in the directory`);
        const fields = JSON.parse(row.details!) as (keyof ClinicianInput)[];
        const now = inputOf(current);
        // Changed since the dry run, to something else than the file says.
        const overtaken = differingKeys(now, stored[i]!, differingKeys({ ...now, ...before }, now, fields));
        if (overtaken.length) {
          const columns = overtaken.map((field) => fieldColumn[field]).join(', ');
          throw stale(row.rowNumber, `${columns} of ${email} changed since the dry run`);
        }
        const input = { ...now, ...pick(stored[i]!, fields) };
        const changing = changedFields(now, input);
        if (changing.length === 0) result.unchanged++;
        else changed.push({ rowNumber: row.rowNumber, current, input, fields: changing });
      }
    }
  }

  const stale = (rowNumber: number, reason: string) =>
    new AppError(
      409,
      'stale_dry_run',
      `Row ${rowNumber}: ${reason}. Nothing was written; run the dry run again.`,
      {
        row: rowNumber,
      },
    );

  /** Starts the worker threads now rather than with the first large file; settles when they are ready. */
  const startWorkers = async () => pool?.start();
  /** Stops the worker threads (when the API closes). */
  const close = async () => pool?.close();

  return { dryRun, commit, startWorkers, close, imports };
}

export type ImportService = ReturnType<typeof createImportService>;
