import {
  clinicianSearchColumns,
  type HospitalForImport,
  type ImportRowRecord,
  normaliseEmail,
  type StoredRowData,
} from '@cmss/db';
import { type Clinician, type ClinicianInput, sortKey } from '@cmss/shared';
import { checkClinician, type DirectoryLookups } from './clinician-rules.js';
import { type Column, unneutraliseCell } from './spreadsheet/columns.js';
import { type CellError, changedFields, fieldColumn, inputOf, rowToInput } from './spreadsheet/row-input.js';

/**
 * Deciding each row of an import dry run: created / updated / unchanged / error. Pure computation over
 * the row, the clinician it matches (if any) and the hospitals, with no database access, so that the
 * dry run can hand batches of rows to worker threads (import-workers.ts) and use every core.
 */

/**
 * A spreadsheet row: its cells in file order, its e-mail key, and the clinician that key belongs to.
 * The cells stay an array until they are classified (`header` says which column each is): a batch of
 * arrays is copied to a worker thread in half the time of one of objects keyed by column.
 */
export interface MatchedRow {
  rowNumber: number;
  cells: string[];
  key: string;
  current: Clinician | null;
  /** Errors the file shows before the row is read (a phone stored as a number). */
  errors?: CellError[];
}

export type HospitalIndex = ReturnType<typeof hospitalIndex>;

/** The directory's hospitals, read once per dry run, by id and by country and folded name. */
export function hospitalIndex(hospitals: readonly HospitalForImport[]) {
  const byId = new Map(hospitals.map((h) => [h.id, h]));
  const named = new Map<string, HospitalForImport[]>();
  for (const h of hospitals) {
    const key = `${h.countryCode}:${h.sortName}`;
    const same = named.get(key);
    if (same) same.push(h);
    else named.set(key, [h]);
  }
  // The hospitals a name means: the active ones of that name, else all of them (decided once, not per row).
  const byName = new Map<string, HospitalForImport[]>();
  for (const [key, same] of named) {
    const active = same.filter((h) => h.status === 'active');
    byName.set(key, active.length ? active : same);
  }
  return {
    hospital: (id: number) => byId.get(id) ?? null,
    hospitalsByName: (country: string, name: string) => byName.get(`${country}:${sortKey(name)}`) ?? [],
  };
}

/**
 * A row's e-mail key: how rows are matched to clinicians and to each other. Taken after the export's
 * formula neutralisation is undone, exactly as the e-mail the row will store.
 */
export const rowKey = (emailCell: string | undefined): string =>
  normaliseEmail(unneutraliseCell(emailCell ?? ''));

/** `clinicianId`: the clinician the row's e-mail belongs to, if any (the row would have updated them). */
export const errorRow = (
  rowNumber: number,
  email: string,
  errors: CellError[],
  clinicianId: number | null = null,
): ImportRowRecord => ({
  rowNumber,
  outcome: 'error',
  clinicianId,
  email: email || null,
  data: null,
  details: JSON.stringify(errors),
});

export const pick = <T extends object>(value: T, keys: readonly (keyof T)[]): Partial<T> =>
  Object.fromEntries(keys.map((key) => [key, value[key]])) as Partial<T>;

/** The header row read as columns: a column per cell, or null for a cell the import ignores. */
export type Header = readonly (Column | null)[];

export function classifyRow(
  { rowNumber, cells: row, key, current, errors: fileErrors = [] }: MatchedRow,
  header: Header,
  hospitals: HospitalIndex,
): ImportRowRecord {
  const cells: Partial<Record<Column, string>> = {};
  header.forEach((column, i) => {
    if (column) cells[column] = row[i] ?? '';
  });
  const email = (cells.email ?? '').trim();
  const was = current ? inputOf(current) : null;
  const { input, errors: cellErrors } = rowToInput(cells, current, hospitals, was);
  const lookups: DirectoryLookups = {
    hospital: hospitals.hospital,
    // The row's e-mail is its key (rowKey), and the clinician holding that key is `current`: the
    // dry run looked it up for the whole batch.
    clinicianIdByEmail: (e) => {
      if (normaliseEmail(e) !== key) throw new Error(`row ${rowNumber}: e-mail does not match its key`);
      return current?.id ?? null;
    },
  };
  const checked = checkClinician(input, lookups, current);
  const errors = [...fileErrors, ...cellErrors];
  if (!checked.ok) {
    // All of a row's errors at once, so that one correction of the file is enough; a column the cells
    // already found wrong is not named again (a hospital not found is then also "No hospital 0").
    const named = new Set(errors.map((e) => e.column));
    const hospitalNamed = named.has('hospital') || named.has('hospital_id') || named.has('country');
    for (const e of checked.errors) {
      const column =
        e.field === 'hospitalId' && cells.hospital_id === undefined
          ? 'hospital'
          : (fieldColumn[e.field] ?? e.field);
      if (named.has(column) || (e.field === 'hospitalId' && hospitalNamed)) continue;
      errors.push({ column, reason: e.message });
    }
  }
  if (errors.length || !checked.ok) return errorRow(rowNumber, email, errors, current?.id ?? null);
  const value = checked.value;
  if (!current || !was) {
    return {
      rowNumber,
      outcome: 'created',
      clinicianId: null,
      email,
      data: storedData(value, key, hospitals, null, null),
      details: null,
    };
  }
  const changes = changedFields(was, value);
  const before = pick(was, changes as (keyof ClinicianInput)[]);
  return {
    rowNumber,
    outcome: changes.length ? 'updated' : 'unchanged',
    clinicianId: current.id,
    email,
    data: changes.length ? storedData(value, key, hospitals, current.version, before) : null,
    details: changes.length ? JSON.stringify(changes) : null,
  };
}

/**
 * What the dry run stores for a row to write (JSON): the validated input with every column derived
 * from it, so that the commit writes it in set-based statements.
 */
function storedData(
  value: ClinicianInput,
  key: string,
  hospitals: HospitalIndex,
  clinicianVersion: number | null,
  before: StoredRowData['before'],
): string {
  // checkClinician found the hospital (active, or the one the clinician is kept at).
  const hospital = hospitals.hospital(value.hospitalId)!;
  const columns = clinicianSearchColumns({
    givenName: value.givenName,
    familyName: value.familyName,
    specialties: value.specialties,
    hospitalName: hospital.name,
    city: hospital.city,
    countryCode: hospital.countryCode,
  });
  // One literal with every field: adding the derived columns to `value` instead (Object.assign, or a
  // spread of it) left an object that V8 builds and stringifies slowly (measured: a fifth of the row's time).
  const data: StoredRowData = {
    title: value.title,
    givenName: value.givenName,
    familyName: value.familyName,
    role: value.role,
    hospitalId: value.hospitalId,
    email: value.email,
    phone: value.phone,
    specialties: value.specialties,
    languages: value.languages,
    networks: value.networks,
    contactPerson: value.contactPerson,
    status: value.status,
    searchName: columns.searchName,
    searchText: columns.searchText,
    sortName: columns.sortName,
    emailNormalised: key,
    hospitalVersion: hospital.version,
    clinicianVersion,
    before,
  };
  return JSON.stringify(data);
}
