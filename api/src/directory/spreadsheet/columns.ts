import { foldText } from '@cmss/shared';

/**
 * The spreadsheet columns of the directory, shared by import, export and the templates, so that an
 * exported file imports back unchanged. Headers are matched ignoring case, accents, spaces and
 * punctuation ("E-mail address", "email_address" and "EMAIL ADDRESS" are one header), through aliases
 * that national contact points actually use.
 */
export const COLUMNS = [
  'email',
  'title',
  'given_name',
  'family_name',
  'role',
  'hospital_id',
  'hospital',
  'country',
  'phone',
  'specialties',
  'languages',
  'networks',
  'contact_person',
  'status',
] as const;
export type Column = (typeof COLUMNS)[number];

/** Accepted header spellings per column (compared after folding and removing everything but a–z0–9). */
export const HEADER_ALIASES: Record<Column, readonly string[]> = {
  email: ['email', 'e-mail', 'email address', 'e-mail address', 'mail', 'courriel'],
  title: ['title', 'academic title', 'salutation'],
  given_name: ['given name', 'first name', 'firstname', 'forename', 'prenom', 'vorname'],
  family_name: ['family name', 'last name', 'lastname', 'surname', 'nom', 'nachname'],
  role: ['role', 'function', 'position'],
  hospital_id: ['hospital id', 'hospitalid'],
  hospital: ['hospital', 'hospital name', 'institution', 'organisation', 'organization', 'centre', 'center'],
  country: ['country', 'country code', 'countrycode', 'member state'],
  phone: ['phone', 'telephone', 'tel', 'phone number', 'mobile', 'telephone number'],
  specialties: ['specialties', 'specialty', 'speciality', 'specialities', 'specialisation', 'specialization'],
  languages: ['languages', 'language', 'spoken languages'],
  networks: ['networks', 'network', 'ern', 'erns'],
  contact_person: [
    'contact person',
    'contact',
    'contact point',
    'national contact point',
    'is contact person',
  ],
  status: ['status', 'active'],
};

const squash = (header: string) => foldText(header).replace(/[^a-z0-9]/g, '');
const lookup = new Map<string, Column>();
for (const column of COLUMNS) for (const alias of HEADER_ALIASES[column]) lookup.set(squash(alias), column);

/** The column a header names, or null when it is not one we know. */
export const columnOf = (header: string): Column | null => lookup.get(squash(header)) ?? null;

/**
 * Cells starting with = + - @ tab or CR are formulas to a spreadsheet (CSV/formula injection): a leading
 * apostrophe makes them text. The import strips that apostrophe again, so exports round-trip. A value
 * that itself starts with apostrophes before such a character ('=x) gets one more, or the import would
 * take its own apostrophe for the export's.
 */
export function neutraliseCell(value: string): string {
  return /^'*[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
export function unneutraliseCell(value: string): string {
  return /^'+[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}
