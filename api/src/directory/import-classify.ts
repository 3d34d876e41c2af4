import {
  clinicianSearchColumns,
  type HospitalForImport,
  type ImportRowRecord,
  normaliseEmail,
  type StoredRowData,
} from '@cmss/db';
import { type Clinician, type ClinicianInput, foldText } from '@cmss/shared';
import { checkClinician, type DirectoryLookups } from './clinician-rules.js';
import { type Column, unneutraliseCell } from './spreadsheet/columns.js';
import { type CellError, changedFields, fieldColumn, inputOf, rowToInput } from './spreadsheet/row-input.js';

/**
 * Deciding each row of an import dry run: created / updated / unchanged / error. Pure computation over
 * the row, the clinician it matches (if any) and the hospitals, with no database access, so that the
 * dry run can hand batches of rows to worker threads (import-workers.ts) and use every core.
 */

/** A spreadsheet row: its cells by column, its e-mail key, and the clinician that key belongs to. */
export interface MatchedRow {
  rowNumber: number;
  cells: Partial<Record<Column, string>>;
  key: string;
  current: Clinician | null;
  /** Errors the file shows before the row is read (a phone stored as a number). */
  errors?: CellError[];
}

export type HospitalIndex = ReturnType<typeof hospitalIndex>;

/** The directory's hospitals, read once per dry run, by id and by country and folded name. */
export function hospitalIndex(hospitals: readonly HospitalForImport[]) {
  const byId = new Map(hospitals.map((h) => [h.id, h]));
  const byName = new Map<string, number>();
  for (const h of hospitals) {
    // Two hospitals of one country with the same folded name: the older one (lowest id) is meant.
    const key = `${h.countryCode}:${h.sortName}`;
    if (!byName.has(key)) byName.set(key, h.id);
  }
  return {
    hospital: (id: number) => byId.get(id) ?? null,
    hospitalCountry: (id: number) => byId.get(id)?.countryCode ?? null,
    hospitalByName: (country: string, name: string) => byName.get(`${country}:${foldText(name)}`) ?? null,
  };
}

/**
 * A row's e-mail key: how rows are matched to clinicians and to each other. Taken after the export's
 * formula neutralisation is undone, exactly as the e-mail the row will store.
 */
export const rowKey = (emailCell: string | undefined): string =>
  normaliseEmail(unneutraliseCell(emailCell ?? ''));

export const errorRow = (rowNumber: number, email: string, errors: CellError[]): ImportRowRecord => ({
  rowNumber,
  outcome: 'error',
  clinicianId: null,
  email: email || null,
  data: null,
  details: JSON.stringify(errors),
});

export function classifyRow(
  { rowNumber, cells, key, current, errors: fileErrors = [] }: MatchedRow,
  hospitals: HospitalIndex,
): ImportRowRecord {
  const email = (cells.email ?? '').trim();
  const { input, errors } = rowToInput(cells, current, hospitals);
  if (fileErrors.length || errors.length) return errorRow(rowNumber, email, [...fileErrors, ...errors]);
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
  if (!checked.ok) {
    return errorRow(
      rowNumber,
      email,
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
    return {
      rowNumber,
      outcome: 'created',
      clinicianId: null,
      email,
      data: storedData(value, key, hospitals, null),
      details: null,
    };
  }
  const changes = changedFields(inputOf(current), value);
  return {
    rowNumber,
    outcome: changes.length ? 'updated' : 'unchanged',
    clinicianId: current.id,
    email,
    data: changes.length ? storedData(value, key, hospitals, current.version) : null,
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
): string {
  // checkClinician found the hospital active.
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
  };
  return JSON.stringify(data);
}
