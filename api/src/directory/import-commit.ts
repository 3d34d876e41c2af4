import {
  createCliniciansRepository,
  createDirectoryImportsRepository,
  createDirectorySearchRepository,
  type Db,
  emptySummary,
  type ImportRecord,
  type ImportSummary,
  normaliseEmail,
  type StoredRowData,
} from '@cmss/db';
import { type Clinician, type ClinicianInput, differingKeys, MAX_CONTACT_PERSONS } from '@cmss/shared';
import { AppError, conflict, notFound } from '../errors.js';
import { pick } from './import-classify.js';
import { changedFields, fieldColumn, inputOf } from './spreadsheet/row-input.js';

/**
 * The commit of a stored import dry run (import-service.ts), by id, in one transaction: all of it or,
 * if the directory changed in a way that breaks a row meanwhile, none of it. Only SQL and the rows'
 * stored values, no file: so that it can also run on an import worker thread with a connection of its
 * own (import-worker.ts), keeping a 100k-row commit off the API's event loop.
 */
export function createImportCommitter(db: Db) {
  const clinicians = createCliniciansRepository(db);
  const imports = createDirectoryImportsRepository(db);
  const search = createDirectorySearchRepository(db);

  function commit(importId: string, committedBy: string): ImportRecord {
    const record = imports.get(importId);
    if (!record) throw notFound('Import');
    if (record.status === 'committed') {
      throw conflict('already_committed', `Import ${importId} was committed at ${record.committedAt}`);
    }
    const result: ImportSummary = emptySummary();

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
      if (record.summary.dryRun.updated > 0) writeUpdates(importId, result);
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

  /**
   * The updated rows. Those whose clinician and hospital are as the dry run saw them are written as
   * stored, in set-based statements. Each other row is checked against the clinician's current record
   * (a change made meanwhile can leave nothing to write) and written on its own. The search index is
   * kept in step for all of them in two statements.
   */
  function writeUpdates(importId: string, result: ImportSummary) {
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
    const changed: { rowNumber: number; current: Clinician; input: ClinicianInput }[] = [];
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
        if (changedFields(now, input).length === 0) result.unchanged++;
        else changed.push({ rowNumber: row.rowNumber, current, input });
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

  return { commit };
}
