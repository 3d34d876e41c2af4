import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  createCliniciansRepository,
  createDirectoryImportsRepository,
  createHospitalsRepository,
  type Db,
  databaseFileOf,
  emptySummary,
  type ImportRecord,
  type ImportRowRecord,
  type ImportSummary,
} from '@cmss/db';
import { MAX_CONTACT_PERSONS } from '@cmss/shared';
import {
  classifyRow,
  errorRow,
  type Header,
  hospitalIndex,
  type MatchedRow,
  rowKey,
} from './import-classify.js';
import { createImportCommitter } from './import-commit.js';
import { createImportWorkerPool } from './import-workers.js';
import { type Column, columnOf } from './spreadsheet/columns.js';
import {
  HEADER_SEARCH_ROWS,
  invalidFile,
  openSheet,
  type SheetRow,
  type Worksheet,
} from './spreadsheet/read.js';
import type { CellError } from './spreadsheet/row-input.js';

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
  const committer = createImportCommitter(db);
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
    let header: Header | null = null;
    let emailAt = -1;
    let ignoredColumns: string[] = [];
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
          records.push(
            errorRow(row.rowNumber, email, [{ column: 'email', reason: `same e-mail as row ${first}` }]),
          );
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
        pending.push({
          rowNumber: row.rowNumber,
          cells: row.cells,
          key: rowKey(row.cells[emailAt]),
          current: null,
          errors: row.numeric ? cellErrors(header, row) : undefined,
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
      refuseExtraContactPersons(id, summary);
      imports.finishDryRun(id, summary, sheet.encoding);
    } catch (error) {
      if (begun) imports.discard(id);
      throw error;
    }
    return { import: imports.get(id)!, ignoredColumns, ignoredRows, worksheet: sheet.worksheet };
  }

  /**
   * Rows that would leave a hospital with more than MAX_CONTACT_PERSONS active contact persons become
   * error rows. Counted over the whole file and the directory, after every row is classified: a file
   * may hand the role from one person to another, which no single row shows.
   */
  function refuseExtraContactPersons(importId: string, summary: ImportSummary) {
    const rows = imports.contactPersonsExceeded(importId, MAX_CONTACT_PERSONS);
    if (rows.length === 0) return;
    imports.markErrors(
      importId,
      rows.map(({ rowNumber, hospitalId, n }) => ({
        rowNumber,
        details: JSON.stringify([
          {
            column: 'contact_person',
            reason: `hospital ${hospitalId} would have ${n} contact persons (at most ${MAX_CONTACT_PERSONS}): set contact_person to no for one of them, here or in the directory`,
          },
        ]),
      })),
    );
    for (const { outcome } of rows) {
      summary[outcome]--;
      summary.error++;
    }
  }

  /**
   * Commits a stored dry run (import-commit.ts). On an import worker thread, with its own connection,
   * when one is ready and the database is a file: a 100k-row commit holds the write lock for seconds,
   * and the API's event loop stays free meanwhile (searches, reads of the WAL's last snapshot). The
   * threads are started for a commit of at least a batch of rows (after a restart, the dry run that
   * started them was made by another process). Else here: `:memory:`, IMPORT_WORKERS=0, a small commit.
   */
  async function commit(importId: string, committedBy: string): Promise<ImportRecord> {
    const database = databaseFileOf(db);
    if (pool && database) {
      const writes = imports.get(importId)?.summary.dryRun;
      if (!pool.ready() && writes && writes.created + writes.updated >= batchRows) {
        await pool.start().catch(() => {}); // a thread that cannot start leaves the commit to this one
      }
      if (pool.ready()) return pool.commit({ database, importId, committedBy });
    }
    return committer.commit(importId, committedBy);
  }

  /** Starts the worker threads now rather than with the first large file; settles when they are ready. */
  const startWorkers = async () => pool?.start();
  /** Stops the worker threads (when the API closes). */
  const close = async () => pool?.close();

  return { dryRun, commit, startWorkers, close, imports };
}

export type ImportService = ReturnType<typeof createImportService>;
