import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  type CreatedRowData,
  clinicianSearchColumns,
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
} from '@cmss/db';
import { type Clinician, type ClinicianInput, foldText, type Hospital } from '@cmss/shared';
import { AppError, conflict, notFound } from '../errors.js';
import { checkClinician, type DirectoryLookups } from './clinician-rules.js';
import { type Column, columnOf } from './spreadsheet/columns.js';
import { invalidFile, openSheet } from './spreadsheet/read.js';
import { type CellError, changedFields, fieldColumn, inputOf, rowToInput } from './spreadsheet/row-input.js';

/** Rows per batch of a dry run: large enough to amortise the queries, small enough to stay responsive. */
const BATCH = 2000;

/** A spreadsheet row waiting for its batch, with the e-mail key it is matched by. */
interface PendingRow {
  rowNumber: number;
  cells: Partial<Record<Column, string>>;
  key: string;
}

export interface DryRunResult {
  import: ImportRecord;
  ignoredColumns: string[];
}

/**
 * Spreadsheet import of clinicians, in two steps. The dry run streams the file, decides each row's
 * outcome (created / updated / unchanged / error with column and reason) and stores the validated rows;
 * nothing in the directory changes. The commit applies that stored dry run, by id, in one transaction:
 * all of it or, if the directory changed in a way that breaks a row meanwhile, none of it.
 */
export function createImportService(db: Db) {
  const clinicians = createCliniciansRepository(db);
  const hospitals = createHospitalsRepository(db);
  const imports = createDirectoryImportsRepository(db);
  const search = createDirectorySearchRepository(db);

  /** Hospital lookups are cached per import: 100k rows name a few hundred hospitals. */
  const hospitalCache = () => {
    const byId = new Map<number, Hospital | null>();
    const byName = new Map<string, number | null>();
    const hospital = (id: number) => {
      if (!byId.has(id)) byId.set(id, hospitals.get(id));
      return byId.get(id) ?? null;
    };
    return {
      hospital,
      hospitalCountry: (id: number) => hospital(id)?.countryCode ?? null,
      hospitalByName: (country: string, name: string) => {
        const key = `${country}:${foldText(name)}`;
        if (!byName.has(key)) byName.set(key, hospitals.findByName(country, foldText(name))?.id ?? null);
        return byName.get(key) ?? null;
      },
    };
  };

  async function dryRun(
    file: Readable,
    meta: { fileName: string | null; createdBy: string },
  ): Promise<DryRunResult> {
    const sheet = await openSheet(file);
    const id = randomUUID();
    const cache = hospitalCache();
    const lookups: DirectoryLookups = {
      hospital: cache.hospital,
      clinicianIdByEmail: (email) => clinicians.findIdByEmail(email),
    };
    const summary = emptySummary();
    const seen = new Map<string, number>();
    let header: (Column | null)[] | null = null;
    let ignoredColumns: string[] = [];
    let begun = false;

    // Rows are classified in batches: one query finds the clinicians a batch's e-mails already belong
    // to, and one transaction stores the batch's outcomes.
    let pending: PendingRow[] = [];
    const classifyPending = () => {
      const existing = clinicians.byEmails(pending.map((r) => r.key));
      const records = pending.map((r) => classify(r, seen, existing, cache, lookups));
      for (const record of records) {
        summary.rows++;
        summary[record.outcome]++;
      }
      if (records.length) imports.addRows(id, records);
      pending = [];
    };

    try {
      for await (const row of sheet.rows) {
        if (!header) {
          header = row.cells.map(columnOf);
          ignoredColumns = row.cells.filter((c, i) => c !== '' && header![i] === null);
          if (!header.includes('email')) {
            throw invalidFile('the header row has no e-mail column (GET /api/v1/imports/template.csv)', {
              headers: row.cells.slice(0, 50),
            });
          }
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
        const cells: Partial<Record<Column, string>> = {};
        header.forEach((column, i) => {
          if (column && cells[column] === undefined) cells[column] = row.cells[i] ?? '';
        });
        pending.push({ rowNumber: row.rowNumber, cells, key: normaliseEmail(cells.email ?? '') });
        if (pending.length >= BATCH) classifyPending();
      }
      if (!header) throw invalidFile('the file has no header row');
      classifyPending();
      imports.finishDryRun(id, summary);
    } catch (error) {
      if (begun) imports.discard(id);
      throw error;
    }
    return { import: imports.get(id)!, ignoredColumns };
  }

  function classify(
    { rowNumber, cells, key }: PendingRow,
    seen: Map<string, number>,
    existing: Map<string, Clinician>,
    cache: ReturnType<typeof hospitalCache>,
    lookups: DirectoryLookups,
  ): ImportRowRecord {
    const email = (cells.email ?? '').trim();
    const error = (errors: CellError[]): ImportRowRecord => ({
      rowNumber,
      outcome: 'error',
      clinicianId: null,
      email: email || null,
      data: null,
      details: JSON.stringify(errors),
    });
    if (!email)
      return error([{ column: 'email', reason: 'required: rows are matched to clinicians by e-mail' }]);
    const first = seen.get(key);
    if (first !== undefined) return error([{ column: 'email', reason: `same e-mail as row ${first}` }]);
    seen.set(key, rowNumber);

    const current = existing.get(key) ?? null;
    const existingId = current?.id ?? null;
    const { input, errors } = rowToInput(cells, current, cache);
    if (errors.length) return error(errors);
    // The row's own e-mail was just looked up; only a changed spelling needs another lookup.
    const rowLookups: DirectoryLookups = {
      hospital: lookups.hospital,
      clinicianIdByEmail: (e) => (normaliseEmail(e) === key ? existingId : lookups.clinicianIdByEmail(e)),
    };
    const checked = checkClinician(input, rowLookups, current);
    if (!checked.ok) {
      return error(
        checked.errors.map((e) => ({
          column:
            e.field === 'hospitalId' && cells.hospital_id === undefined
              ? 'hospital'
              : (fieldColumn[e.field] ?? e.field),
          reason: e.message,
        })),
      );
    }
    const value = checked.value;
    if (!current) {
      // checkClinician found the hospital active.
      const hospital = cache.hospital(value.hospitalId)!;
      const columns = clinicianSearchColumns({
        givenName: value.givenName,
        familyName: value.familyName,
        specialties: value.specialties,
        hospitalName: hospital.name,
        city: hospital.city,
        countryCode: hospital.countryCode,
      });
      // Object.assign onto checkClinician's fresh object: spreading it twice per row was measurable.
      const data: CreatedRowData = Object.assign(value, columns, {
        emailNormalised: key,
        hospitalVersion: hospital.version,
      });
      return {
        rowNumber,
        outcome: 'created',
        clinicianId: null,
        email,
        data: JSON.stringify(data),
        details: null,
      };
    }
    const changes = changedFields(inputOf(current), value);
    return {
      rowNumber,
      outcome: changes.length ? 'updated' : 'unchanged',
      clinicianId: current.id,
      email,
      data: changes.length ? JSON.stringify(value) : null,
      details: changes.length ? JSON.stringify(changes) : null,
    };
  }

  function commit(importId: string, committedBy: string): ImportRecord {
    const record = imports.get(importId);
    if (!record) throw notFound('Import');
    if (record.status === 'committed') {
      throw conflict('already_committed', `Import ${importId} was committed at ${record.committedAt}`);
    }
    const result: ImportSummary = { ...emptySummary(), rows: record.summary.dryRun.rows };
    result.error = record.summary.dryRun.error;
    result.unchanged = record.summary.dryRun.unchanged;

    clinicians.transaction(() => {
      const earlier = imports.firstRowFromEarlierVersion(importId);
      if (earlier !== null) throw stale(earlier, 'the dry run was made by an earlier version of CMSS');
      const unusable = imports.firstUnusableHospital(importId);
      if (unusable) {
        throw stale(
          unusable.rowNumber,
          `hospital ${unusable.hospitalId} no longer exists or was deactivated`,
        );
      }
      result.created = search.bulkInsertClinicians(() => insertCreated(importId));
      // The dry run derived the new rows' search columns from their hospital's name and city: if the
      // hospital changed since, derive them again (after the bulk insert has indexed the rows).
      for (const hospitalId of imports.hospitalsChangedSinceDryRun(importId)) {
        search.reindexHospitalClinicians(hospitalId);
      }
      writeUpdates(importId, result);
      if (!imports.markCommitted(importId, committedBy, { dryRun: record.summary.dryRun, commit: result })) {
        throw conflict('already_committed', `Import ${importId} was committed meanwhile`);
      }
    });
    return imports.get(importId)!;
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

  /** The updated rows, one by one: each is checked against the clinician's current record. */
  function writeUpdates(importId: string, result: ImportSummary) {
    let after = 0;
    for (;;) {
      const rows = imports.rows(importId, { outcome: 'updated', after, limit: 5000 });
      if (rows.length === 0) break;
      const inputs = rows.map((row) => JSON.parse(row.data!) as ClinicianInput);
      const currents = clinicians.byEmails(inputs.map((input) => normaliseEmail(input.email)));
      for (const [i, row] of rows.entries()) {
        after = row.rowNumber;
        const input = inputs[i]!;
        const current = currents.get(normaliseEmail(input.email));
        if (!current) throw stale(row.rowNumber, `${input.email} is no longer in the directory`);
        if (changedFields(inputOf(current), input).length === 0) {
          result.unchanged++;
          continue;
        }
        const written = clinicians.update(current.id, current.version, input);
        if (!written.ok) throw stale(row.rowNumber, 'the clinician changed while importing');
        result.updated++;
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

  return { dryRun, commit, imports };
}

export type ImportService = ReturnType<typeof createImportService>;
