import { COUNTRIES, LANGUAGE_IDS, NETWORK_IDS, normalisePhone, SPECIALTY_IDS, sortKey } from '@cmss/shared';
import { COUNTRY_SEEDS, type CountrySeed, type PhonePlan, type RegionSeed } from './data/index.js';
import { createRandom, deriveSeed, type Random } from './random.js';

/** Every seeded row carries this instant: a wall-clock time would make two runs differ. */
export const SEED_TIMESTAMP = '2026-01-01T00:00:00.000Z';
export const DEFAULT_SEED = 20260101;
export const DEFAULT_CLINICIANS = 1200;
/** Upper bound accepted by the CLI; far above any demo need, low enough to keep memory sane. */
export const MAX_CLINICIANS = 250_000;

export interface SeedHospitalRow {
  name: string;
  city: string;
  countryCode: string;
  referenceCentre: boolean;
  status: 'active' | 'inactive';
  networks: string[];
  /** Not a column: the domain every staff e-mail address of this hospital uses. */
  emailDomain: string;
  createdAt: string;
  updatedAt: string;
}

export interface SeedClinicianRow {
  /** Index into the generated `hospitals` array; the real id is only known after the insert. */
  hospitalIndex: number;
  title: string | null;
  givenName: string;
  familyName: string;
  role: 'clinician' | 'case_manager';
  email: string;
  emailNormalised: string;
  phone: string | null;
  contactPerson: boolean;
  status: 'active' | 'inactive';
  specialties: string[];
  languages: string[];
  networks: string[];
  createdAt: string;
  updatedAt: string;
}

export interface SeedHostAccountRow {
  email: string;
  displayName: string;
  capacity: number;
  webinarCapable: boolean;
  active: boolean;
  createdAt: string;
}

export interface GeneratedDirectory {
  hospitals: SeedHospitalRow[];
  clinicians: SeedClinicianRow[];
  hostAccounts: SeedHostAccountRow[];
}

export interface GenerateOptions {
  seed: number;
  clinicians: number;
}

/** Fixed by the data files (not by the seed): every hospital needs at least one contact person. */
export const DEMO_HOSPITAL_COUNT = COUNTRIES.reduce((n, c) => n + (COUNTRY_SEEDS[c.code]?.hospitals ?? 0), 0);

const REFERENCE_CENTRE_RATE = 0.4;
const SECOND_CONTACT_RATE = 0.5;
const CASE_MANAGER_RATE_CONTACT = 0.2;
const CASE_MANAGER_RATE_SPECIALIST = 0.13;
const NO_PHONE_RATE = 0.1;
const INACTIVE_RATE = 0.03;
const COVID_NETWORK = 'cmss-covid19';

interface HospitalDraft {
  row: SeedHospitalRow;
  country: CountrySeed;
  region: RegionSeed;
}

export function generateDirectory(options: GenerateOptions): GeneratedDirectory {
  const { seed, clinicians } = options;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  if (!Number.isSafeInteger(clinicians) || clinicians < DEMO_HOSPITAL_COUNT || clinicians > MAX_CLINICIANS) {
    throw new RangeError(
      `clinicians must be an integer between ${DEMO_HOSPITAL_COUNT} (one contact person per hospital) and ${MAX_CLINICIANS}, got ${clinicians}`,
    );
  }
  // Separate streams: the hospitals of a seed stay the same whatever the clinician count.
  const hospitals = generateHospitals(createRandom(deriveSeed(seed, 1)));
  return {
    hospitals: hospitals.map((h) => h.row),
    clinicians: generateClinicians(createRandom(deriveSeed(seed, 2)), hospitals, clinicians),
    hostAccounts: generateHostAccounts(),
  };
}

function generateHospitals(rng: Random): HospitalDraft[] {
  const drafts: HospitalDraft[] = [];
  const domains = new Set<string>();
  for (const { code } of COUNTRIES) {
    const country = COUNTRY_SEEDS[code];
    if (!country) throw new Error(`No demo data for country ${code}`);
    // Folded names (sortKey): "МБАЛ – Русе" and "MBAL Ruse" are one hospital, which the API refuses twice.
    const names = new Set<string>();
    const perRegion = apportion(
      country.hospitals,
      country.regions.map((r) => r.share),
    );
    country.regions.forEach((region, regionIndex) => {
      const count = perRegion[regionIndex] ?? 0;
      // Walking a shuffled city list spreads hospitals over many cities before any city gets a second.
      const cities = rng.sample(region.cities, region.cities.length);
      for (let i = 0; i < count; i++) {
        const cityEntry = cities[i % cities.length]!;
        const { name, template } = uniqueHospitalName(rng, region, cityEntry, names, code);
        names.add(sortKey(name));
        const [nominative] = cityEntry.split('|') as [string];
        const referenceCentre = rng.chance(REFERENCE_CENTRE_RATE);
        const networks = referenceCentre ? rng.sample(NETWORK_IDS, rng.int(1, 3)).sort() : [];
        let domain = `${template.abbr}-${slug(nominative)}`;
        for (let n = 2; domains.has(domain); n++) domain = `${template.abbr}-${slug(nominative)}-${n}`;
        domains.add(domain);
        drafts.push({
          country,
          region,
          row: {
            name,
            city: nominative,
            countryCode: code,
            referenceCentre,
            status: 'active',
            networks,
            emailDomain: `${domain}.example`,
            createdAt: SEED_TIMESTAMP,
            updatedAt: SEED_TIMESTAMP,
          },
        });
      }
    });
  }
  return drafts;
}

interface Template {
  abbr: string;
  text: string;
}

function parseTemplate(entry: string): Template {
  const at = entry.indexOf(' = ');
  if (at < 0) throw new Error(`Hospital template without an abbreviation: ${entry}`);
  return { abbr: entry.slice(0, at).trim(), text: entry.slice(at + 3).trim() };
}

function fillTemplate(template: Template, cityEntry: string): string {
  const [nominative, inflected] = cityEntry.split('|') as [string, string | undefined];
  return template.text.replace('{city2}', inflected ?? nominative).replace('{city}', nominative);
}

function uniqueHospitalName(
  rng: Random,
  region: RegionSeed,
  cityEntry: string,
  taken: ReadonlySet<string>,
  code: string,
): { name: string; template: Template } {
  const templates = region.hospitals.map(parseTemplate);
  for (const template of rng.sample(templates, templates.length)) {
    const name = fillTemplate(template, cityEntry);
    if (!taken.has(sortKey(name))) return { name, template };
  }
  // Every template is used in this city already: fall back to any free combination.
  for (const city of region.cities) {
    for (const template of templates) {
      const name = fillTemplate(template, city);
      if (!taken.has(sortKey(name))) return { name, template };
    }
  }
  throw new Error(`Not enough cities and templates for ${code}'s hospitals`);
}

/** Splits `total` in proportion to `shares` (largest remainder), at least one each when possible. */
function apportion(total: number, shares: readonly number[]): number[] {
  const sum = shares.reduce((a, b) => a + b, 0);
  const exact = shares.map((s) => (total * s) / sum);
  const counts = exact.map((x) => Math.max(total >= shares.length ? 1 : 0, Math.floor(x)));
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) {
    const i = order[k]!.i;
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return counts;
}

function generateClinicians(rng: Random, hospitals: HospitalDraft[], total: number): SeedClinicianRow[] {
  const rows: SeedClinicianRow[] = [];
  const emails = new EmailAllocator();

  // Contact persons first: the second contact of a hospital is dropped when the total is too small.
  const wantsSecond = hospitals.map(() => rng.chance(SECOND_CONTACT_RATE));
  let secondBudget = total - hospitals.length;
  hospitals.forEach((_, index) => {
    rows.push(makeClinician(rng, hospitals, index, true, emails, 0));
    if (wantsSecond[index] && secondBudget > 0) {
      secondBudget--;
      rows.push(makeClinician(rng, hospitals, index, true, emails, 0));
    }
  });

  const specialists = total - rows.length;
  // Contact persons stay active, so the others carry the whole inactive share.
  const inactiveRate = specialists > 0 ? Math.min(0.5, (INACTIVE_RATE * total) / specialists) : 0;
  // University and reference hospitals employ more of the specialists who take part in conferences.
  const cumulative: number[] = [];
  let sum = 0;
  for (const h of hospitals) {
    sum += (h.row.referenceCentre ? 3 : 1) * (0.5 + rng.next());
    cumulative.push(sum);
  }
  for (let i = 0; i < specialists; i++) {
    const index = lowerBound(cumulative, rng.next() * sum);
    rows.push(makeClinician(rng, hospitals, index, false, emails, inactiveRate));
  }
  return rows;
}

function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? 0) > value) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function makeClinician(
  rng: Random,
  hospitals: readonly HospitalDraft[],
  hospitalIndex: number,
  contactPerson: boolean,
  emails: EmailAllocator,
  inactiveRate: number,
): SeedClinicianRow {
  const { row: hospital, country, region } = hospitals[hospitalIndex]!;
  const female = rng.chance(0.55);
  const givenName = rng.pick(female ? region.given.f : region.given.m);
  let familyName = gendered(rng.pick(region.family), female);
  if (region.doubleFamily && rng.chance(region.doubleFamily)) {
    const second = gendered(rng.pick(region.family), female);
    if (second !== familyName) familyName = `${familyName} ${second}`;
  }
  const caseManager = rng.chance(contactPerson ? CASE_MANAGER_RATE_CONTACT : CASE_MANAGER_RATE_SPECIALIST);
  // The first title of a region is the everyday one; senior titles are rarer.
  const title =
    !caseManager && rng.chance(country.titleRate)
      ? gendered(rng.chance(0.6) ? region.titles[0]! : rng.pick(region.titles), female)
      : null;
  const email = emails.allocate(`${slug(givenName)}.${slug(familyName)}`, hospital.emailDomain);
  return {
    hospitalIndex,
    title,
    givenName,
    familyName,
    role: caseManager ? 'case_manager' : 'clinician',
    email,
    // Already lower-case ASCII by construction.
    emailNormalised: email,
    phone: rng.chance(NO_PHONE_RATE) ? null : phoneNumber(rng, country.phone),
    contactPerson,
    status: rng.chance(inactiveRate) ? 'inactive' : 'active',
    specialties: rng.sample(SPECIALTY_IDS, rng.int(1, 3)).sort(),
    languages: spokenLanguages(rng, region),
    networks: clinicianNetworks(rng, hospital),
    createdAt: SEED_TIMESTAMP,
    updatedAt: SEED_TIMESTAMP,
  };
}

function gendered(entry: string, female: boolean): string {
  const bar = entry.indexOf('|');
  if (bar < 0) return entry;
  return female ? entry.slice(bar + 1) : entry.slice(0, bar);
}

function spokenLanguages(rng: Random, region: RegionSeed): string[] {
  const spoken: string[] = [];
  for (const [id, p] of region.languages) if (rng.chance(p)) spoken.push(id);
  if (spoken.length === 0) {
    const [main] = [...region.languages].sort((a, b) => b[1] - a[1]);
    if (main) spoken.push(main[0]);
  }
  if (!spoken.includes('en') && rng.chance(region.english)) spoken.push('en');
  // An occasional extra European language, as in any real staff directory.
  if (spoken.length < 3 && rng.chance(0.08)) {
    const extra = rng.pick(LANGUAGE_IDS);
    if (!spoken.includes(extra)) spoken.push(extra);
  }
  return spoken.slice(0, 3);
}

function clinicianNetworks(rng: Random, hospital: SeedHospitalRow): string[] {
  if (hospital.referenceCentre) {
    const pool = hospital.networks.includes(COVID_NETWORK)
      ? hospital.networks
      : [...hospital.networks, COVID_NETWORK];
    return rng.sample(pool, rng.int(0, 2)).sort();
  }
  return rng.chance(0.2) ? [COVID_NETWORK] : [];
}

const parsedPlans = new WeakMap<PhonePlan, { prefix: string; length: number }[]>();

/**
 * A number the directory's own validation accepts: plans are approximate, so a drawn number that
 * libphonenumber rejects (an unassigned range) is drawn again. Still deterministic: the same seed
 * makes the same draws.
 */
function phoneNumber(rng: Random, plan: PhonePlan): string {
  let candidate = drawPhoneNumber(rng, plan);
  for (let attempt = 1; attempt < 50 && !normalisePhone(candidate).ok; attempt++) {
    candidate = drawPhoneNumber(rng, plan);
  }
  return candidate;
}

function drawPhoneNumber(rng: Random, plan: PhonePlan): string {
  let prefixes = parsedPlans.get(plan);
  if (!prefixes) {
    prefixes = plan.prefixes.map((entry) => {
      const [prefix, ownLength] = entry.split('/') as [string, string | undefined];
      return { prefix, length: ownLength ? Number(ownLength) : plan.length };
    });
    parsedPlans.set(plan, prefixes);
  }
  const { prefix, length } = rng.pick(prefixes);
  const rest = length - prefix.length;
  if (rest <= 0) return `+${plan.callingCode}${prefix}`;
  // Subscriber numbers do not start with 0 or 1 after the area code in most plans.
  const lead = rng.int(2, 9);
  const tail = rest > 1 ? String(Math.floor(rng.next() * 10 ** (rest - 1))).padStart(rest - 1, '0') : '';
  return `+${plan.callingCode}${prefix}${lead}${tail}`;
}

/** Hands out unique addresses, numbering repeats (anna.kowalska2@…) without a retry loop. */
class EmailAllocator {
  private readonly used = new Set<string>();
  private readonly next = new Map<string, number>();

  allocate(local: string, domain: string): string {
    const base = `${local}@${domain}`;
    if (!this.used.has(base)) {
      this.used.add(base);
      return base;
    }
    let n = this.next.get(base) ?? 2;
    let candidate = `${local}${n}@${domain}`;
    while (this.used.has(candidate)) candidate = `${local}${++n}@${domain}`;
    this.next.set(base, n + 1);
    this.used.add(candidate);
    return candidate;
  }
}

function generateHostAccounts(): SeedHostAccountRow[] {
  return Array.from({ length: 10 }, (_, i) => {
    const nn = String(i + 1).padStart(2, '0');
    // The last two licences carry the webinar add-on for large audiences.
    const webinarCapable = i >= 8;
    return {
      email: `webex-host-${nn}@cmss-helpdesk.example`,
      displayName: `CMSS Webex host ${nn}`,
      capacity: webinarCapable ? 1000 : 100,
      webinarCapable,
      active: true,
      createdAt: SEED_TIMESTAMP,
    };
  });
}

// ASCII transliteration for e-mail addresses and domains. Marks are stripped after NFD; the table
// covers letters that do not decompose (ł, ø, ß, ð, þ …) and the Greek and Bulgarian Cyrillic alphabets.
const LETTERS: Record<string, string> = {
  ł: 'l',
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
  ð: 'd',
  þ: 'th',
  đ: 'd',
  ħ: 'h',
  ı: 'i',
  ª: 'a',
  α: 'a',
  β: 'v',
  γ: 'g',
  δ: 'd',
  ε: 'e',
  ζ: 'z',
  η: 'i',
  θ: 'th',
  ι: 'i',
  κ: 'k',
  λ: 'l',
  μ: 'm',
  ν: 'n',
  ξ: 'x',
  ο: 'o',
  π: 'p',
  ρ: 'r',
  σ: 's',
  ς: 's',
  τ: 't',
  υ: 'y',
  φ: 'f',
  χ: 'ch',
  ψ: 'ps',
  ω: 'o',
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'h',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'sht',
  ъ: 'a',
  ь: 'y',
  ю: 'yu',
  я: 'ya',
};

export function toAscii(text: string): string {
  // й would lose its breve to NFD and turn into и; map it before decomposing.
  const lower = text
    .toLowerCase()
    .replace(/й/g, 'y')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    // Greek digraphs: ου is "ou"; αυ/ευ are "af"/"ef" before voiceless sounds, else "av"/"ev"; γγ is "ng".
    .replace(/ου/g, 'ou')
    .replace(/([αε])υ(?=[θκξπστφχψς]|[^\p{L}]|$)/gu, '$1φ')
    .replace(/([αε])υ/g, '$1β')
    .replace(/γγ/g, 'ng');
  let out = '';
  for (const ch of lower) out += LETTERS[ch] ?? ch;
  return out;
}

const slugCache = new Map<string, string>();

/** Lower-case ASCII with single hyphens: "Ústí nad Labem" → "usti-nad-labem", "O'Brien" → "obrien". */
export function slug(text: string): string {
  // A few hundred distinct names make up 100,000 clinicians: caching saves most of the seed's CPU.
  let cached = slugCache.get(text);
  if (cached === undefined) {
    cached = toAscii(text)
      .replace(/['’]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '');
    slugCache.set(text, cached);
  }
  return cached;
}
