import type { Clinician, ClinicianInput, VocabularyEntry } from '@cmss/shared';
import { COUNTRIES, differingKeys, foldText, LANGUAGES, NETWORKS, SPECIALTIES, sortKey } from '@cmss/shared';
import type { Column } from './columns.js';
import { unneutraliseCell } from './columns.js';

/** A problem with one cell, named by its spreadsheet column. */
export interface CellError {
  column: string;
  reason: string;
}

const byFolded = (entries: readonly VocabularyEntry[]) => {
  const map = new Map<string, string>();
  for (const e of entries) {
    map.set(foldText(e.id), e.id);
    map.set(foldText(e.label), e.id);
  }
  return map;
};
const vocabularies = {
  specialties: byFolded(SPECIALTIES),
  languages: byFolded(LANGUAGES),
  networks: byFolded(NETWORKS),
};
/** The most comma-separated pieces one label of each list spans (1 when no label has a comma). */
const piecesPerLabel = (entries: readonly VocabularyEntry[]) =>
  Math.max(1, ...entries.map((e) => e.label.split(',').length));
const maxPieces = {
  specialties: piecesPerLabel(SPECIALTIES),
  languages: piecesPerLabel(LANGUAGES),
  networks: piecesPerLabel(NETWORKS),
};

/**
 * The vocabulary id a cell part names, remembered per spelling: a 100k-row file spells the same few
 * dozen values over and over, and folding each again was a measurable share of the dry run.
 */
const spellings = {
  specialties: new Map<string, string | null>(),
  languages: new Map<string, string | null>(),
  networks: new Map<string, string | null>(),
};
function vocabularyId(field: keyof typeof vocabularies, part: string): string | null {
  const known = spellings[field];
  let id = known.get(part);
  if (id === undefined) {
    id = vocabularies[field].get(foldText(part)) ?? null;
    if (known.size >= 10_000) known.clear();
    known.set(part, id);
  }
  return id;
}
/**
 * The vocabulary ids a list cell names, and the parts it names that are in no list. Parts are separated
 * by ; | or line breaks, and by commas too, except inside a label that has one of its own ("ERN EURACAN
 * (adult cancers, solid tumours)"): comma-separated pieces are joined while they form a known label.
 */
function listIds(field: keyof typeof vocabularies, cell: string): { ids: string[]; unknown: string[] } {
  const ids: string[] = [];
  const unknown: string[] = [];
  for (const part of cell.split(/[;|\n]/)) {
    if (part.trim() === '') continue;
    const whole = vocabularyId(field, part);
    if (whole) {
      ids.push(whole);
      continue;
    }
    const pieces = part.split(',');
    for (let start = 0; start < pieces.length; ) {
      // The longest run of pieces from `start` that is a label; else the piece alone is unknown. No
      // label spans more than maxPieces, so a long cell costs a few lookups per piece, not a search
      // over every run of pieces.
      let end = Math.min(pieces.length, start + maxPieces[field]);
      let id: string | null = null;
      while (end > start) {
        id = vocabularyId(field, pieces.slice(start, end).join(','));
        if (id) break;
        end--;
      }
      if (id) {
        ids.push(id);
        start = end;
      } else {
        if (pieces[start]!.trim() !== '') unknown.push(pieces[start]!.trim());
        start++;
      }
    }
  }
  return { ids: [...new Set(ids)], unknown };
}

/** Unknown list values named one by one in a row's errors; the rest are counted. */
const MAX_UNKNOWN_NAMED = 5;

/**
 * Countries by code (ISO alpha-2 or alpha-3: PL, POL), English name, and their names in the network's
 * languages ("Deutschland", "Polska", "Allemagne"), as the platform's Unicode CLDR data spells them
 * (Intl.DisplayNames), and the other names national lists use (OTHER_COUNTRY_NAMES).
 */
const countries = byFolded(COUNTRIES.map((c) => ({ id: c.code, label: c.name })));
for (const c of COUNTRIES) countries.set(foldText(c.alpha3), c.code);
/**
 * Names CLDR does not give: the EU's own code for Greece (EL, as in EU documents and VAT numbers),
 * official long names and their short forms in the language of the country, as lists from before the
 * short English names (Czechia, 2016) and the countries' own offices write them.
 */
const OTHER_COUNTRY_NAMES: Readonly<Record<string, readonly string[]>> = {
  CZ: ['Czech Republic', 'Česká republika', 'Tschechische Republik', 'République tchèque'],
  SK: ['Slovak Republic', 'Slovenská republika'],
  NL: ['The Netherlands', 'Holland', 'Kingdom of the Netherlands'],
  GR: ['EL', 'Hellas', 'Hellenic Republic', 'Ελληνική Δημοκρατία'],
  GB: ['UK', 'Great Britain', 'England', 'Scotland', 'Wales', 'Northern Ireland'],
  IE: ['Republic of Ireland', 'Éire'],
  CY: ['Republic of Cyprus'],
  DE: ['Federal Republic of Germany', 'Bundesrepublik Deutschland'],
};
for (const [code, names] of Object.entries(OTHER_COUNTRY_NAMES))
  for (const name of names) countries.set(foldText(name), code);
for (const { id: language } of LANGUAGES) {
  const names = new Intl.DisplayNames([language], { type: 'region', fallback: 'none' });
  for (const c of COUNTRIES) {
    const name = names.of(c.code);
    // A code or English name keeps its meaning, whatever another language calls something else.
    if (name && !countries.has(foldText(name))) countries.set(foldText(name), c.code);
  }
}

/**
 * Yes and no as people write them, folded: English, the network's larger languages, and the TRUE/FALSE
 * a localised Excel shows for a boolean cell saved to CSV (WAHR, VRAI, VERO, VERDADERO, WAAR, PRAWDA…).
 */
const TRUE = new Set([
  ...['yes', 'y', 'true', '1', 'x', 'ja', 'oui', 'si', 'tak'],
  ...['wahr', 'vrai', 'vero', 'verdadero', 'waar', 'prawda'],
]);
const FALSE = new Set([
  ...['no', 'n', 'false', '0', '', 'nein', 'non', 'nie', 'nee'],
  ...['falsch', 'faux', 'falso', 'onwaar', 'falsz'],
]);
/** A status in the languages the headers are read in ("Aktiv", "inactif"), folded. */
const ACTIVE = new Set(['active', 'aktiv', 'actif', 'activo', 'ativo', 'attivo', 'actief', 'aktywny']);
const INACTIVE = new Set([
  ...['inactive', 'inaktiv', 'inactif', 'inactivo', 'inativo', 'inattivo', 'inactief', 'nieaktywny'],
]);
/** Roles by their spelling with case, spaces, hyphens and underscores removed ("Case-Manager"). */
const ROLES: Record<string, ClinicianInput['role']> = {
  clinician: 'clinician',
  casemanager: 'case_manager',
};
const roleOf = (cell: string) => ROLES[foldText(cell).replace(/[\s_-]/g, '')];

export const fieldColumn: Record<string, Column> = {
  title: 'title',
  givenName: 'given_name',
  familyName: 'family_name',
  role: 'role',
  hospitalId: 'hospital_id',
  email: 'email',
  phone: 'phone',
  specialties: 'specialties',
  languages: 'languages',
  networks: 'networks',
  contactPerson: 'contact_person',
  status: 'status',
};

export interface RowContext {
  /**
   * The hospitals of a country with this folded name, for files that name hospitals instead of quoting
   * ids: the active ones, or the deactivated ones when none is active. Usually one; several share a
   * name in different cities.
   */
  hospitalsByName(countryCode: string, name: string): readonly { id: number; city: string }[];
  hospital(id: number): { name: string; sortName: string | null; countryCode: string } | null;
}

/**
 * A clinician's record as input, as it would be written today: names in NFC (clinician-rules.ts), so
 * that a name stored decomposed before that rule compares equal to the same name read from a file.
 */
export const inputOf = (c: Clinician): ClinicianInput => ({
  title: c.title?.normalize('NFC') ?? null,
  givenName: c.givenName.normalize('NFC'),
  familyName: c.familyName.normalize('NFC'),
  role: c.role,
  hospitalId: c.hospitalId,
  email: c.email,
  phone: c.phone,
  specialties: c.specialties,
  languages: c.languages,
  networks: c.networks,
  contactPerson: c.contactPerson,
  status: c.status,
});

/**
 * The clinician a row describes: the current record (upsert by e-mail) with the row's cells laid over
 * it. A column missing from the file keeps the current value; an empty cell clears an optional value.
 */
export function rowToInput(
  cells: Partial<Record<Column, string>>,
  current: Clinician | null,
  ctx: RowContext,
  /** `inputOf(current)`, when the caller has it already (it compares the row with it afterwards). */
  was: ClinicianInput | null = current ? inputOf(current) : null,
): { input: ClinicianInput; errors: CellError[] } {
  const errors: CellError[] = [];
  const cell = (c: Column) => (cells[c] === undefined ? undefined : unneutraliseCell(cells[c]!));
  const input: ClinicianInput = was
    ? { ...was }
    : {
        title: null,
        givenName: '',
        familyName: '',
        role: 'clinician',
        hospitalId: 0,
        email: '',
        phone: null,
        specialties: [],
        languages: [],
        networks: [],
        contactPerson: false,
        status: 'active',
      };

  const email = cell('email');
  // Rows match by e-mail ignoring case; a different capitalisation in the file is not a change.
  if (email !== undefined && email.trim().toLowerCase() !== input.email.toLowerCase()) input.email = email;
  const text = (column: Column, set: (v: string) => void) => {
    const v = cell(column);
    if (v !== undefined) set(v);
  };
  text('title', (v) => {
    input.title = v || null;
  });
  text('given_name', (v) => {
    input.givenName = v;
  });
  text('family_name', (v) => {
    input.familyName = v;
  });
  text('phone', (v) => {
    input.phone = v || null;
  });
  text('role', (v) => {
    const role = roleOf(v);
    if (role) input.role = role;
    else if (v !== '')
      errors.push({ column: 'role', reason: `"${v}" is not a role (clinician, case manager)` });
  });
  text('contact_person', (v) => {
    const folded = foldText(v);
    if (TRUE.has(folded)) input.contactPerson = true;
    else if (FALSE.has(folded)) input.contactPerson = false;
    else errors.push({ column: 'contact_person', reason: `"${v}" is not yes or no` });
  });
  text('status', (v) => {
    // Yes/no too: "Active" is one of the column's headers, and a column of that name holds yes or no.
    // An empty cell changes nothing (a new clinician is active): it would otherwise flip a status
    // either way, as "no" (FALSE) or as the default.
    const folded = foldText(v);
    if (folded === '') return;
    if (ACTIVE.has(folded) || TRUE.has(folded)) input.status = 'active';
    else if (INACTIVE.has(folded) || FALSE.has(folded)) input.status = 'inactive';
    else errors.push({ column: 'status', reason: `"${v}" is not active or inactive (or yes or no)` });
  });
  for (const field of ['specialties', 'languages', 'networks'] as const) {
    text(field, (v) => {
      const { ids, unknown } = listIds(field, v);
      // A cell of nonsense says so in a few errors, not in one per word.
      for (const part of unknown.slice(0, MAX_UNKNOWN_NAMED)) {
        errors.push({ column: field, reason: `"${part}" is not in the list of ${field}` });
      }
      if (unknown.length > MAX_UNKNOWN_NAMED) {
        errors.push({
          column: field,
          reason: `and ${unknown.length - MAX_UNKNOWN_NAMED} more values not in the list of ${field}`,
        });
      }
      input[field] = ids;
    });
  }

  const hospitalId = cell('hospital_id');
  const hospitalName = cell('hospital');
  const countryCell = cell('country');
  if (hospitalId !== undefined && hospitalId !== '') {
    // Past 2^53 a number is rounded ("No hospital 1e+23" named what nobody wrote): not an id either.
    // "224.0" is 224: pandas writes an integer column that has an empty cell as decimals.
    const id = /^\d+(\.0+)?$/.test(hospitalId) ? Number(hospitalId) : Number.NaN;
    if (Number.isSafeInteger(id)) {
      input.hospitalId = id;
      errors.push(...hospitalCellsDisagree(id, hospitalName, countryCell, ctx));
    } else errors.push({ column: 'hospital_id', reason: `"${hospitalId}" is not a hospital id` });
  } else if (hospitalName !== undefined && hospitalName !== '') {
    const country = countryCell
      ? countries.get(foldText(countryCell))
      : current
        ? (ctx.hospital(current.hospitalId)?.countryCode ?? null)
        : null;
    if (!country) {
      errors.push({
        column: 'country',
        reason: countryCell
          ? `"${countryCell}" is not a country of the network`
          : 'needed to find the hospital by name',
      });
    } else {
      const named = ctx.hospitalsByName(country, hospitalName);
      const own = current ? ctx.hospital(current.hospitalId) : null;
      // The clinician's own hospital, when the row names it: they stay, though a namesake in another
      // city, or an active one beside their deactivated hospital, would make the name ambiguous or
      // move them without a word.
      if (own && own.countryCode === country && own.sortName === sortKey(hospitalName)) {
        input.hospitalId = current!.hospitalId;
      } else if (named.length === 1) input.hospitalId = named[0]!.id;
      else if (named.length === 0)
        errors.push({ column: 'hospital', reason: `no hospital named "${hospitalName}" in ${country}` });
      else {
        const which = named.map((h) => `${h.id} in ${h.city}`).join(', ');
        errors.push({
          column: 'hospital',
          reason: `several hospitals named "${hospitalName}" in ${country} (${which}): give its hospital_id`,
        });
      }
    }
  }

  if (!current) {
    if (!input.givenName) errors.push({ column: 'given_name', reason: 'required for a new clinician' });
    if (!input.familyName) errors.push({ column: 'family_name', reason: 'required for a new clinician' });
    if (!input.hospitalId && !errors.some((e) => e.column.startsWith('hospital') || e.column === 'country')) {
      errors.push({
        column: 'hospital',
        reason: 'required for a new clinician (hospital_id, or hospital and country)',
      });
    }
  }
  return { input, errors };
}

/**
 * A file that quotes hospital ids (an export) shows the hospital's name and country beside them for
 * people to read, and someone moving a clinician edits the name they read. The id decides, so an edited
 * name or country that no longer agrees with it would be ignored without a word: it is an error instead.
 * (An unknown id is the clinician rules' error.)
 */
function hospitalCellsDisagree(
  id: number,
  name: string | undefined,
  country: string | undefined,
  ctx: RowContext,
): CellError[] {
  const hospital = ctx.hospital(id);
  if (!hospital) return [];
  const errors: CellError[] = [];
  const fix = 'change hospital_id too, or empty it to find the hospital by name and country';
  if (name && name !== hospital.name && sortKey(name) !== hospital.sortName) {
    errors.push({
      column: 'hospital',
      reason: `"${name}" is not hospital ${id} ("${hospital.name}"): ${fix}`,
    });
  }
  const named = country ? countries.get(foldText(country)) : undefined;
  if (country && country !== hospital.countryCode && named !== hospital.countryCode) {
    errors.push({
      column: 'country',
      reason: named
        ? `"${country}" is not the country of hospital ${id} (${hospital.countryCode}): ${fix}`
        : `"${country}" is not a country of the network (hospital ${id} is in ${hospital.countryCode}): write its code or English name`,
    });
  }
  return errors;
}

/** Names of the fields that differ between two inputs (an empty list: the row changes nothing). */
export function changedFields(a: ClinicianInput, b: ClinicianInput): string[] {
  return differingKeys(a, b, Object.keys(fieldColumn) as (keyof ClinicianInput)[]);
}
