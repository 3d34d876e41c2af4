import {
  clearDirectory,
  type DatabaseHandle,
  DEFAULT_CLINICIANS,
  generateDirectory,
  isDirectoryEmpty,
  migrateDatabase,
  openDatabase,
  seedDemoDirectory,
} from '@cmss/db';
import { COUNTRIES, LANGUAGE_IDS, NETWORK_IDS, normalisePhone, SPECIALTY_IDS } from '@cmss/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Written out independently of the seed data, so a wrong code there fails here. */
const CALLING_CODES: Record<string, string> = {
  AT: '43',
  BE: '32',
  BG: '359',
  HR: '385',
  CY: '357',
  CZ: '420',
  DK: '45',
  EE: '372',
  FI: '358',
  FR: '33',
  DE: '49',
  GR: '30',
  HU: '36',
  IE: '353',
  IT: '39',
  LV: '371',
  LT: '370',
  LU: '352',
  MT: '356',
  NL: '31',
  PL: '48',
  PT: '351',
  RO: '40',
  SK: '421',
  SI: '386',
  ES: '34',
  SE: '46',
  IS: '354',
  LI: '423',
  NO: '47',
  GB: '44',
};

const DIRECTORY_TABLES = [
  'countries',
  'hospitals',
  'hospital_networks',
  'clinicians',
  'clinician_specialties',
  'clinician_languages',
  'clinician_networks',
  'host_accounts',
] as const;

function freshDatabase(): DatabaseHandle {
  const handle = openDatabase(':memory:');
  migrateDatabase(handle);
  return handle;
}

function dump(handle: DatabaseHandle): Record<string, unknown[]> {
  return Object.fromEntries(
    DIRECTORY_TABLES.map((table) => [
      table,
      handle.sqlite.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all(),
    ]),
  );
}

interface ClinicianRow {
  id: number;
  title: string | null;
  given_name: string;
  family_name: string;
  role: string;
  hospital_id: number;
  email: string;
  email_normalised: string;
  phone: string | null;
  contact_person: number;
  status: string;
  country_code: string;
}

describe('demo directory seed', () => {
  let handle: DatabaseHandle;

  beforeAll(() => {
    handle = freshDatabase();
    expect(isDirectoryEmpty(handle)).toBe(true);
    const counts = seedDemoDirectory(handle);
    expect(counts.clinicians).toBe(DEFAULT_CLINICIANS);
    expect(counts.hostAccounts).toBe(10);
  });
  afterAll(() => handle.close());

  const all = <T>(sql: string): T[] => handle.sqlite.prepare(sql).all() as T[];
  const clinicians = () =>
    all<ClinicianRow>(
      'SELECT c.*, h.country_code FROM clinicians c JOIN hospitals h ON h.id = c.hospital_id ORDER BY c.id',
    );

  it('is deterministic: the same seed gives identical rows, another seed different ones', () => {
    const again = freshDatabase();
    const other = freshDatabase();
    try {
      seedDemoDirectory(again);
      seedDemoDirectory(other, { seed: 7 });
      expect(dump(again)).toEqual(dump(handle));
      expect(dump(other).clinicians).not.toEqual(dump(handle).clinicians);
      expect(dump(other).hospitals).not.toEqual(dump(handle).hospitals);
    } finally {
      again.close();
      other.close();
    }
  });

  it('covers every country with at least 350 hospitals and 1,000 clinicians', () => {
    expect(isDirectoryEmpty(handle)).toBe(false);
    const perCountry = all<{ country_code: string; n: number }>(
      'SELECT country_code, count(*) AS n FROM hospitals GROUP BY country_code',
    );
    expect(perCountry.map((r) => r.country_code).sort()).toEqual(COUNTRIES.map((c) => c.code).sort());
    for (const row of perCountry) expect(row.n, row.country_code).toBeGreaterThanOrEqual(3);
    expect(perCountry.reduce((n, r) => n + r.n, 0)).toBeGreaterThanOrEqual(350);
    expect(clinicians().length).toBeGreaterThanOrEqual(1000);
  });

  it('keeps hospital names unique within a country and marks about 40 % as reference centres', () => {
    const duplicates = all('SELECT country_code, name FROM hospitals GROUP BY 1, 2 HAVING count(*) > 1');
    expect(duplicates).toEqual([]);
    const hospitals = all<{ id: number; reference_centre: number; networks: number }>(
      `SELECT h.id, h.reference_centre, count(n.network) AS networks
       FROM hospitals h LEFT JOIN hospital_networks n ON n.hospital_id = h.id GROUP BY h.id`,
    );
    const reference = hospitals.filter((h) => h.reference_centre === 1);
    expect(reference.length / hospitals.length).toBeGreaterThan(0.3);
    expect(reference.length / hospitals.length).toBeLessThan(0.5);
    for (const h of hospitals) {
      if (h.reference_centre) expect(h.networks).toBeGreaterThanOrEqual(1);
      expect(h.networks).toBeLessThanOrEqual(h.reference_centre ? 3 : 0);
    }
  });

  it('gives every hospital one or two active contact persons', () => {
    const counts = all<{ id: number; contacts: number; inactive: number }>(
      `SELECT h.id, count(c.id) AS contacts, coalesce(sum(c.status = 'inactive'), 0) AS inactive
       FROM hospitals h LEFT JOIN clinicians c ON c.hospital_id = h.id AND c.contact_person = 1 GROUP BY h.id`,
    );
    for (const h of counts) {
      expect(h.contacts).toBeGreaterThanOrEqual(1);
      expect(h.contacts).toBeLessThanOrEqual(2);
      expect(h.inactive).toBe(0);
    }
  });

  it('hands out unique, valid e-mail addresses under the reserved .example TLD', () => {
    const rows = clinicians();
    const normalised = new Set(rows.map((c) => c.email.toLowerCase()));
    expect(normalised.size).toBe(rows.length);
    for (const c of rows) {
      expect(c.email).toMatch(/^[a-z0-9]+(?:[.-][a-z0-9]+)*@[a-z0-9]+(?:-[a-z0-9]+)*\.example$/);
      expect(c.email_normalised).toBe(c.email.toLowerCase());
    }
  });

  it('writes E.164 phones with the calling code of the hospital country, ~10 % missing', () => {
    const rows = clinicians();
    const withPhone = rows.filter((c) => c.phone !== null);
    expect(withPhone.length / rows.length).toBeGreaterThan(0.8);
    expect(withPhone.length).toBeLessThan(rows.length);
    for (const c of withPhone) {
      expect(c.phone).toMatch(/^\+[1-9][0-9]{6,14}$/);
      const code = CALLING_CODES[c.country_code];
      expect(code, c.country_code).toBeDefined();
      expect(c.phone!.startsWith(`+${code}`), `${c.phone} in ${c.country_code}`).toBe(true);
    }
    // Every seeded number passes the directory's own validation, so editing a seeded clinician never
    // fails on a phone the admin did not touch.
    const rejected = withPhone.filter((c) => !normalisePhone(c.phone!).ok).map((c) => c.phone);
    expect(rejected).toEqual([]);
    const iceland = withPhone.filter((c) => c.country_code === 'IS');
    expect(iceland.length).toBeGreaterThan(0);
    for (const c of iceland) expect(c.phone).toMatch(/^\+354\d{7}$/);
  });

  it('uses only vocabulary ids, with 1–3 specialties, 1–3 languages and 0–2 networks per clinician', () => {
    const check = (table: string, column: string, allowed: readonly string[], min: number, max: number) => {
      const values = all<{ v: string }>(`SELECT DISTINCT ${column} AS v FROM ${table}`).map((r) => r.v);
      for (const v of values) expect(allowed, `${table}.${column}`).toContain(v);
      const perClinician = all<{ n: number }>(
        `SELECT count(x.clinician_id) AS n FROM clinicians c
         LEFT JOIN ${table} x ON x.clinician_id = c.id GROUP BY c.id`,
      );
      for (const { n } of perClinician) {
        expect(n).toBeGreaterThanOrEqual(min);
        expect(n).toBeLessThanOrEqual(max);
      }
    };
    check('clinician_specialties', 'specialty', SPECIALTY_IDS, 1, 3);
    check('clinician_languages', 'language', LANGUAGE_IDS, 1, 3);
    check('clinician_networks', 'network', NETWORK_IDS, 0, 2);
    const hospitalNetworks = all<{ v: string }>('SELECT DISTINCT network AS v FROM hospital_networks');
    for (const { v } of hospitalNetworks) expect(NETWORK_IDS).toContain(v);
  });

  it('mixes roles and statuses in plausible proportions', () => {
    const rows = clinicians();
    const share = (predicate: (c: ClinicianRow) => boolean) => rows.filter(predicate).length / rows.length;
    expect(share((c) => c.role === 'clinician')).toBeGreaterThan(0.75);
    expect(share((c) => c.role === 'case_manager')).toBeGreaterThan(0.05);
    expect(share((c) => c.status === 'inactive')).toBeGreaterThan(0.01);
    expect(share((c) => c.status === 'inactive')).toBeLessThan(0.06);
    expect(share((c) => c.title !== null)).toBeGreaterThan(0.3);
  });

  it('spells names natively, including Greek script', () => {
    const names = all<{ n: string }>(
      "SELECT given_name || ' ' || family_name AS n FROM clinicians UNION ALL SELECT name FROM hospitals",
    ).map((r) => r.n);
    const text = names.join('\n');
    for (const letter of ['ł', 'ø', 'ř', 'ș']) expect(text, letter).toContain(letter);
    expect(text).toMatch(/[ßü]/);
    expect(text).toMatch(/[\u0370-\u03FF]/);
    const greekHospitals = all<{ name: string }>("SELECT name FROM hospitals WHERE country_code = 'GR'");
    expect(greekHospitals.some((h) => /[\u0370-\u03FF]/.test(h.name))).toBe(true);
    expect(greekHospitals.some((h) => /^[\p{Script=Latin}\s\d'.-]+$/u.test(h.name))).toBe(true);
    const cities = all<{ city: string }>('SELECT DISTINCT city FROM hospitals').map((r) => r.city);
    expect(cities).toContain('Łódź');
    expect(cities).not.toContain('Zürich');
  });

  it('creates ten host accounts, two of them webinar-capable for 1,000 participants', () => {
    const hosts = all<{ email: string; capacity: number; webinar_capable: number; active: number }>(
      'SELECT email, capacity, webinar_capable, active FROM host_accounts ORDER BY id',
    );
    expect(hosts.map((h) => h.email)).toEqual(
      Array.from(
        { length: 10 },
        (_, i) => `webex-host-${String(i + 1).padStart(2, '0')}@cmss-helpdesk.example`,
      ),
    );
    expect(hosts.filter((h) => h.webinar_capable === 1).map((h) => h.capacity)).toEqual([1000, 1000]);
    expect(hosts.filter((h) => h.webinar_capable === 0).every((h) => h.capacity === 100)).toBe(true);
    expect(hosts.every((h) => h.active === 1)).toBe(true);
  });

  it('refuses to seed a non-empty directory, and seeds again identically after clearDirectory', () => {
    const before = dump(handle);
    expect(() => seedDemoDirectory(handle)).toThrow(/already has hospitals/);
    clearDirectory(handle);
    expect(isDirectoryEmpty(handle)).toBe(true);
    expect(handle.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    seedDemoDirectory(handle);
    expect(dump(handle)).toEqual(before);
  });
});

describe('generateDirectory', () => {
  it('is a pure function of its options', () => {
    const a = generateDirectory({ seed: 42, clinicians: 500 });
    const b = generateDirectory({ seed: 42, clinicians: 500 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('keeps the hospitals of a seed whatever the clinician count', () => {
    const small = generateDirectory({ seed: 42, clinicians: 500 });
    const large = generateDirectory({ seed: 42, clinicians: 3000 });
    expect(large.hospitals).toEqual(small.hospitals);
  });

  it('rejects a clinician count too small for one contact person per hospital', () => {
    expect(() => generateDirectory({ seed: 1, clinicians: 100 })).toThrow(RangeError);
  });
});

describe('seeding 20,000 clinicians', () => {
  // Its speed is measured by `npm run bench directory` (seeding 100k), not asserted here.
  it('inserts every row with its junction rows', () => {
    const handle = freshDatabase();
    try {
      const counts = seedDemoDirectory(handle, { clinicians: 20_000 });
      expect(counts.clinicians).toBe(20_000);
      const n = (sql: string) => (handle.sqlite.prepare(sql).get() as { n: number }).n;
      expect(n('SELECT count(*) AS n FROM clinicians')).toBe(20_000);
      expect(n('SELECT count(DISTINCT clinician_id) AS n FROM clinician_specialties')).toBe(20_000);
      expect(n('SELECT count(DISTINCT clinician_id) AS n FROM clinician_languages')).toBe(20_000);
      expect(n('SELECT count(DISTINCT email_normalised) AS n FROM clinicians')).toBe(20_000);
    } finally {
      handle.close();
    }
  });
});
