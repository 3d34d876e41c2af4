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

/**
 * Accepted header spellings per column (compared after folding and removing everything but a–z0–9):
 * English, and the headers national contact points write in German, French, Spanish, Italian, Polish
 * and Dutch.
 */
export const HEADER_ALIASES: Record<Column, readonly string[]> = {
  email: [
    ...['email', 'e-mail', 'email address', 'e-mail address', 'mail', 'courriel', 'adresse e-mail'],
    ...['e-mail-adresse', 'correo', 'correo electronico', 'posta elettronica', 'adres e-mail'],
  ],
  title: ['title', 'academic title', 'salutation', 'titel', 'titre', 'titulo', 'titolo', 'tytul'],
  given_name: [
    ...['given name', 'first name', 'firstname', 'forename', 'prenom', 'vorname'],
    ...['nombre', 'nome', 'imie', 'voornaam'],
  ],
  family_name: [
    ...['family name', 'last name', 'lastname', 'surname', 'nom', 'nachname', 'familienname'],
    ...['apellido', 'apellidos', 'cognome', 'nazwisko', 'achternaam'],
  ],
  // Not "position" or "function" (Funktion, fonction): sheets use them for a job title ("Head of
  // Cardiology"), which is no role of ours; such a column is better ignored (and listed) than an error
  // on every row. Likewise "contact" alone for contact_person: a column of phones or e-mails.
  role: ['role', 'rolle', 'ruolo', 'rola', 'rol'],
  hospital_id: ['hospital id', 'hospitalid'],
  hospital: [
    ...['hospital', 'hospital name', 'institution', 'organisation', 'organization', 'centre', 'center'],
    ...['krankenhaus', 'klinik', 'klinikum', 'hopital', 'etablissement', 'ospedale', 'szpital', 'ziekenhuis'],
  ],
  country: [
    'country',
    'country code',
    'countrycode',
    'member state',
    'land',
    'pays',
    'pais',
    'paese',
    'kraj',
  ],
  phone: [
    ...['phone', 'telephone', 'tel', 'phone number', 'mobile', 'telephone number'],
    ...['telefon', 'telefonnummer', 'telefono', 'telefoon', 'numero de telephone'],
  ],
  specialties: [
    ...['specialties', 'specialty', 'speciality', 'specialities', 'specialisation', 'specialization'],
    ...['fachgebiet', 'fachgebiete', 'specialite', 'specialites', 'especialidad', 'especialidades'],
    ...['specialita', 'specjalizacja', 'specjalnosc', 'specialisme'],
  ],
  languages: [
    ...['languages', 'language', 'spoken languages', 'sprachen', 'sprache', 'langues', 'langue'],
    ...['idiomas', 'idioma', 'lingue', 'lingua', 'jezyki', 'talen'],
  ],
  networks: ['networks', 'network', 'ern', 'erns', 'netzwerke', 'reseaux', 'redes', 'reti', 'sieci'],
  contact_person: [
    ...['contact person', 'contact point', 'national contact point', 'is contact person'],
    ...['kontaktperson', 'ansprechpartner', 'personne de contact', 'persona de contacto'],
    ...['persona di contatto', 'osoba kontaktowa', 'contactpersoon'],
  ],
  status: ['status', 'active', 'aktiv', 'actif', 'activo', 'attivo', 'aktywny', 'actief'],
};

const squash = (header: string) => foldText(header).replace(/[^a-z0-9]/g, '');
const lookup = new Map<string, Column>();
for (const column of COLUMNS) {
  for (const alias of HEADER_ALIASES[column]) {
    const other = lookup.get(squash(alias));
    if (other && other !== column)
      throw new Error(`header alias "${alias}" names both ${other} and ${column}`);
    lookup.set(squash(alias), column);
  }
}

/** The column a header names, or null when it is not one we know. */
export const columnOf = (header: string): Column | null => lookup.get(squash(header)) ?? null;

/**
 * Cells starting with = + - @ tab or CR are formulas to a spreadsheet (CSV/formula injection): a leading
 * apostrophe makes them text. The import strips that apostrophe again, so exports round-trip. A value
 * that itself starts with apostrophes before such a character ('=x) gets one more, or the import would
 * take its own apostrophe for the export's.
 */
export function neutraliseCell(value: string): string {
  return looksLikeFormula(value) ? `'${value}` : value;
}
export function unneutraliseCell(value: string): string {
  return value.startsWith("'") && looksLikeFormula(value) ? value.slice(1) : value;
}
/** Text a spreadsheet would take for a formula when typed or edited (maybe after apostrophes). */
export const looksLikeFormula = (value: string): boolean => /^'*[=+\-@\t\r]/.test(value);
