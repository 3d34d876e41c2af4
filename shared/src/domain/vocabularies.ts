/**
 * Controlled vocabularies of the directory. They live in code (not in the DB) because every
 * change to them is a product decision that ships with a release, and both the API (validation)
 * and the add-in (facet labels) need them without a round trip.
 */

export type Membership = 'EU' | 'EEA' | 'UK';

export interface CountryInfo {
  code: string;
  /** ISO 3166-1 alpha-3, as some registries and spreadsheets write the country (POL, DEU). */
  alpha3: string;
  name: string;
  /** Capital's IANA zone: the zone used for working hours unless a hospital says otherwise. */
  timeZone: string;
  membership: Membership;
}

/** EU-27, the EEA-EFTA states and the United Kingdom. ISO 3166-1 alpha-2 (Greece is GR, not EL). */
export const COUNTRIES: readonly CountryInfo[] = [
  { code: 'AT', alpha3: 'AUT', name: 'Austria', timeZone: 'Europe/Vienna', membership: 'EU' },
  { code: 'BE', alpha3: 'BEL', name: 'Belgium', timeZone: 'Europe/Brussels', membership: 'EU' },
  { code: 'BG', alpha3: 'BGR', name: 'Bulgaria', timeZone: 'Europe/Sofia', membership: 'EU' },
  { code: 'HR', alpha3: 'HRV', name: 'Croatia', timeZone: 'Europe/Zagreb', membership: 'EU' },
  { code: 'CY', alpha3: 'CYP', name: 'Cyprus', timeZone: 'Asia/Nicosia', membership: 'EU' },
  { code: 'CZ', alpha3: 'CZE', name: 'Czechia', timeZone: 'Europe/Prague', membership: 'EU' },
  { code: 'DK', alpha3: 'DNK', name: 'Denmark', timeZone: 'Europe/Copenhagen', membership: 'EU' },
  { code: 'EE', alpha3: 'EST', name: 'Estonia', timeZone: 'Europe/Tallinn', membership: 'EU' },
  { code: 'FI', alpha3: 'FIN', name: 'Finland', timeZone: 'Europe/Helsinki', membership: 'EU' },
  { code: 'FR', alpha3: 'FRA', name: 'France', timeZone: 'Europe/Paris', membership: 'EU' },
  { code: 'DE', alpha3: 'DEU', name: 'Germany', timeZone: 'Europe/Berlin', membership: 'EU' },
  { code: 'GR', alpha3: 'GRC', name: 'Greece', timeZone: 'Europe/Athens', membership: 'EU' },
  { code: 'HU', alpha3: 'HUN', name: 'Hungary', timeZone: 'Europe/Budapest', membership: 'EU' },
  { code: 'IE', alpha3: 'IRL', name: 'Ireland', timeZone: 'Europe/Dublin', membership: 'EU' },
  { code: 'IT', alpha3: 'ITA', name: 'Italy', timeZone: 'Europe/Rome', membership: 'EU' },
  { code: 'LV', alpha3: 'LVA', name: 'Latvia', timeZone: 'Europe/Riga', membership: 'EU' },
  { code: 'LT', alpha3: 'LTU', name: 'Lithuania', timeZone: 'Europe/Vilnius', membership: 'EU' },
  { code: 'LU', alpha3: 'LUX', name: 'Luxembourg', timeZone: 'Europe/Luxembourg', membership: 'EU' },
  { code: 'MT', alpha3: 'MLT', name: 'Malta', timeZone: 'Europe/Malta', membership: 'EU' },
  { code: 'NL', alpha3: 'NLD', name: 'Netherlands', timeZone: 'Europe/Amsterdam', membership: 'EU' },
  { code: 'PL', alpha3: 'POL', name: 'Poland', timeZone: 'Europe/Warsaw', membership: 'EU' },
  { code: 'PT', alpha3: 'PRT', name: 'Portugal', timeZone: 'Europe/Lisbon', membership: 'EU' },
  { code: 'RO', alpha3: 'ROU', name: 'Romania', timeZone: 'Europe/Bucharest', membership: 'EU' },
  { code: 'SK', alpha3: 'SVK', name: 'Slovakia', timeZone: 'Europe/Bratislava', membership: 'EU' },
  { code: 'SI', alpha3: 'SVN', name: 'Slovenia', timeZone: 'Europe/Ljubljana', membership: 'EU' },
  { code: 'ES', alpha3: 'ESP', name: 'Spain', timeZone: 'Europe/Madrid', membership: 'EU' },
  { code: 'SE', alpha3: 'SWE', name: 'Sweden', timeZone: 'Europe/Stockholm', membership: 'EU' },
  { code: 'IS', alpha3: 'ISL', name: 'Iceland', timeZone: 'Atlantic/Reykjavik', membership: 'EEA' },
  { code: 'LI', alpha3: 'LIE', name: 'Liechtenstein', timeZone: 'Europe/Vaduz', membership: 'EEA' },
  { code: 'NO', alpha3: 'NOR', name: 'Norway', timeZone: 'Europe/Oslo', membership: 'EEA' },
  { code: 'GB', alpha3: 'GBR', name: 'United Kingdom', timeZone: 'Europe/London', membership: 'UK' },
];

export const COUNTRY_CODES: readonly string[] = COUNTRIES.map((c) => c.code);

export interface VocabularyEntry {
  id: string;
  label: string;
}

/** Official EU languages plus Icelandic, Norwegian and Luxembourgish (ISO 639-1). */
export const LANGUAGES: readonly VocabularyEntry[] = [
  ['bg', 'Bulgarian'],
  ['cs', 'Czech'],
  ['da', 'Danish'],
  ['de', 'German'],
  ['el', 'Greek'],
  ['en', 'English'],
  ['es', 'Spanish'],
  ['et', 'Estonian'],
  ['fi', 'Finnish'],
  ['fr', 'French'],
  ['ga', 'Irish'],
  ['hr', 'Croatian'],
  ['hu', 'Hungarian'],
  ['is', 'Icelandic'],
  ['it', 'Italian'],
  ['lb', 'Luxembourgish'],
  ['lt', 'Lithuanian'],
  ['lv', 'Latvian'],
  ['mt', 'Maltese'],
  ['nl', 'Dutch'],
  ['no', 'Norwegian'],
  ['pl', 'Polish'],
  ['pt', 'Portuguese'],
  ['ro', 'Romanian'],
  ['sk', 'Slovak'],
  ['sl', 'Slovenian'],
  ['sv', 'Swedish'],
].map(([id, label]) => ({ id: id!, label: label! }));

export const SPECIALTIES: readonly VocabularyEntry[] = [
  ['anaesthesiology', 'Anaesthesiology'],
  ['cardiology', 'Cardiology'],
  ['clinical-microbiology', 'Clinical microbiology'],
  ['clinical-pharmacology', 'Clinical pharmacology'],
  ['dermatology', 'Dermatology'],
  ['emergency-medicine', 'Emergency medicine'],
  ['endocrinology', 'Endocrinology'],
  ['epidemiology', 'Epidemiology'],
  ['gastroenterology', 'Gastroenterology'],
  ['geriatrics', 'Geriatrics'],
  ['haematology', 'Haematology'],
  ['hepatology', 'Hepatology'],
  ['immunology', 'Immunology'],
  ['infectious-diseases', 'Infectious diseases'],
  ['intensive-care', 'Intensive care medicine'],
  ['internal-medicine', 'Internal medicine'],
  ['neonatology', 'Neonatology'],
  ['nephrology', 'Nephrology'],
  ['neurology', 'Neurology'],
  ['obstetrics', 'Obstetrics and gynaecology'],
  ['oncology', 'Oncology'],
  ['paediatrics', 'Paediatrics'],
  ['psychiatry', 'Psychiatry'],
  ['public-health', 'Public health'],
  ['pulmonology', 'Pulmonology'],
  ['radiology', 'Radiology'],
  ['rehabilitation', 'Physical and rehabilitation medicine'],
  ['rheumatology', 'Rheumatology'],
  ['surgery', 'Surgery'],
  ['transplant-medicine', 'Transplant medicine'],
  ['virology', 'Virology'],
].map(([id, label]) => ({ id: id!, label: label! }));

/** The European Reference Networks plus the COVID-19 CMSS network itself. */
export const NETWORKS: readonly VocabularyEntry[] = [
  ['cmss-covid19', 'COVID-19 Clinical Management Support System'],
  ['ern-bond', 'ERN BOND (bone disorders)'],
  ['ern-cranio', 'ERN CRANIO (craniofacial anomalies and ENT disorders)'],
  ['endo-ern', 'Endo-ERN (endocrine conditions)'],
  ['ern-epicare', 'ERN EpiCARE (rare and complex epilepsies)'],
  ['erknet', 'ERKNet (kidney diseases)'],
  ['ern-rnd', 'ERN-RND (neurological diseases)'],
  ['ernica', 'ERNICA (inherited and congenital anomalies)'],
  ['ern-lung', 'ERN-LUNG (respiratory diseases)'],
  ['ern-skin', 'ERN-Skin (skin disorders)'],
  ['ern-euracan', 'ERN EURACAN (adult cancers, solid tumours)'],
  ['ern-eurobloodnet', 'ERN EuroBloodNet (haematological diseases)'],
  ['ern-eurogen', 'ERN eUROGEN (urogenital diseases)'],
  ['ern-euro-nmd', 'ERN EURO-NMD (neuromuscular diseases)'],
  ['ern-eye', 'ERN-EYE (eye diseases)'],
  ['ern-genturis', 'ERN GENTURIS (genetic tumour risk syndromes)'],
  ['ern-guard-heart', 'ERN GUARD-HEART (diseases of the heart)'],
  ['ern-ithaca', 'ERN ITHACA (congenital malformations and intellectual disability)'],
  ['metabern', 'MetabERN (hereditary metabolic disorders)'],
  ['ern-paedcan', 'ERN PaedCan (paediatric cancer)'],
  ['ern-rare-liver', 'ERN RARE-LIVER (hepatological diseases)'],
  ['ern-reconnet', 'ERN ReCONNET (connective tissue and musculoskeletal diseases)'],
  ['ern-rita', 'ERN RITA (immunodeficiency, autoinflammatory and autoimmune diseases)'],
  ['ern-transplant-child', 'ERN TransplantChild (paediatric transplantation)'],
  ['vascern', 'VASCERN (multisystemic vascular diseases)'],
].map(([id, label]) => ({ id: id!, label: label! }));

export const LANGUAGE_IDS: readonly string[] = LANGUAGES.map((l) => l.id);
export const SPECIALTY_IDS: readonly string[] = SPECIALTIES.map((s) => s.id);
export const NETWORK_IDS: readonly string[] = NETWORKS.map((n) => n.id);

export function countryByCode(code: string): CountryInfo | undefined {
  return COUNTRIES.find((c) => c.code === code);
}

/** Whether two lists of vocabulary ids hold the same ids, in any order (a clinician's languages…). */
export function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((v) => set.has(v));
}

/** The `keys` whose values differ between two versions of a record; lists compare as sameMembers. */
export function differingKeys<T extends object>(
  before: T,
  after: T,
  keys: readonly (keyof T)[],
): (keyof T)[] {
  return keys.filter((key) => {
    const [x, y] = [before[key], after[key]];
    return Array.isArray(x) && Array.isArray(y) ? !sameMembers(x, y) : x !== y;
  });
}
