import { type Clinician, type ClinicianInput, sameMembers } from '@cmss/shared';
import type { Db } from '../client.js';
import { nowIso } from '../time.js';
import {
  type CursorKey,
  type DirectorySort,
  type FacetCount,
  type ListingRow,
  listingSort,
  pagedSql,
  toPage,
  vocabularyChoices,
  withChosen,
  withLabels,
} from './directory-listing.js';
import {
  clinicianSearchColumns,
  ftsPrefixQuery,
  relevanceTierSql,
  type SearchColumns,
} from './directory-search.js';
import type { VersionedWrite } from './hospitals.js';
import { rawSqlite, writeTransaction } from './raw-sqlite.js';
import { createRevisionCache } from './revision-cache.js';

export { REVISION_RECHECK_MS } from './revision-cache.js';

export interface ClinicianFilter {
  q?: string;
  countries?: string[];
  hospitalIds?: number[];
  specialties?: string[];
  networks?: string[];
  languages?: string[];
  roles?: string[];
  contactPerson?: boolean;
  /** Omitted: every status. */
  status?: 'active' | 'inactive';
}

export interface ClinicianListOptions extends ClinicianFilter {
  /** Missing: relevance when `q` has searchable words, else name (listingSort). */
  sort?: DirectorySort;
  cursor: CursorKey | null;
  limit: number;
}

export interface ClinicianFacets {
  country: FacetCount[];
  hospital: FacetCount[];
  specialty: FacetCount[];
  language: FacetCount[];
}

/** The hospital fields a clinician is also found by. */
interface HospitalForIndex {
  name: string;
  city: string;
  countryCode: string;
}

/** What is written for a clinician: the validated input (phone already in E.164). */
export type ClinicianWrite = ClinicianInput;

/** A clinician row's stored columns, as the insert and update statements bind them. */
interface StoredColumns extends SearchColumns {
  title: string | null;
  givenName: string;
  familyName: string;
  role: string;
  hospitalId: number;
  email: string;
  emailNormalised: string;
  phone: string | null;
  contactPerson: 0 | 1;
  status: Clinician['status'];
}

interface ClinicianRow extends ListingRow {
  title: string | null;
  givenName: string;
  familyName: string;
  role: 'clinician' | 'case_manager';
  hospitalId: number;
  hospitalName: string;
  countryCode: string;
  email: string;
  phone: string | null;
  contactPerson: number;
  status: 'active' | 'inactive';
  privacyNoticeAcknowledgedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  specialties: string | null;
  languages: string | null;
  networks: string | null;
}

const COLUMNS = `c.id, c.title, c.given_name AS givenName, c.family_name AS familyName, c.role,
  c.hospital_id AS hospitalId, h.name AS hospitalName, h.country_code AS countryCode, c.email, c.phone,
  c.contact_person AS contactPerson, c.status, c.privacy_notice_acknowledged_at AS privacyNoticeAcknowledgedAt,
  c.created_at AS createdAt, c.updated_at AS updatedAt, c.version,
  (SELECT group_concat(specialty) FROM clinician_specialties x WHERE x.clinician_id = c.id) AS specialties,
  (SELECT group_concat(language) FROM clinician_languages x WHERE x.clinician_id = c.id) AS languages,
  (SELECT group_concat(network) FROM clinician_networks x WHERE x.clinician_id = c.id) AS networks,
  coalesce(c.sort_name, '') AS _sort, c.updated_at AS _updated`;

const FROM = 'FROM clinicians c JOIN hospitals h ON h.id = c.hospital_id';

const list = (v: string | null) => (v ? v.split(',').sort() : []);

const toClinician = (r: ClinicianRow): Clinician => ({
  id: r.id,
  title: r.title,
  givenName: r.givenName,
  familyName: r.familyName,
  role: r.role,
  hospitalId: r.hospitalId,
  hospitalName: r.hospitalName,
  countryCode: r.countryCode,
  email: r.email,
  phone: r.phone,
  specialties: list(r.specialties),
  languages: list(r.languages),
  networks: list(r.networks),
  contactPerson: r.contactPerson === 1,
  status: r.status,
  privacyNoticeAcknowledgedAt: r.privacyNoticeAcknowledgedAt,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
  version: r.version,
});

const inList = (values: readonly unknown[]) => values.map(() => '?').join(', ');
export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

/**
 * A query that is an e-mail address as far as it is typed ("franz.weber@", "franz.weber@akh.at"),
 * normalised: staff paste the sender of a request. Searched as the beginning of clinicians' e-mails,
 * not as words (the words of a name, franz weber, find the same clinician before the @ is typed).
 */
function emailPrefix(q: string): string | null {
  const trimmed = q.trim();
  return /^[^\s@]+@[^\s@]*$/.test(trimmed) ? normaliseEmail(trimmed) : null;
}

export interface CliniciansRepositoryOptions {
  /** Cached result pages of list() and facets() (0: no cache). See revision-cache.ts. */
  cacheEntries?: number;
}

export function createCliniciansRepository(db: Db, options: CliniciansRepositoryOptions = {}) {
  const sqlite = rawSqlite(db);
  const pages = createRevisionCache<{ items: Clinician[]; nextCursor: string | null }>(
    db,
    options.cacheEntries ?? 0,
  );
  const facetCounts = createRevisionCache<ClinicianFacets>(db, options.cacheEntries ?? 0);
  // Each facet on its own too, under the filter it is counted with (facetsUncached): choosing a value
  // leaves that filter out of its own facet, so the counts shown before the choice are reused.
  const facetLists = createRevisionCache<FacetCount[]>(db, (options.cacheEntries ?? 0) * 4);
  const byId = sqlite.prepare<[number], ClinicianRow>(`SELECT ${COLUMNS}, 0 AS _tier ${FROM} WHERE c.id = ?`);
  const idByEmail = sqlite.prepare<[string], { id: number }>(
    'SELECT id FROM clinicians WHERE email_normalised = ?',
  );
  const contactPersonsOf = sqlite.prepare<[number], { id: number; name: string }>(
    `SELECT id, given_name || ' ' || family_name AS name FROM clinicians
      WHERE hospital_id = ? AND contact_person = 1 AND status = 'active' ORDER BY id`,
  );
  const byEmails = sqlite.prepare<[string], ClinicianRow & { _key: string }>(
    `SELECT ${COLUMNS}, 0 AS _tier, c.email_normalised AS _key ${FROM}
      WHERE c.email_normalised IN (SELECT value FROM json_each(?))`,
  );
  const hospitalForIndex = sqlite.prepare<[number], HospitalForIndex>(
    'SELECT name, city, country_code AS countryCode FROM hospitals WHERE id = ?',
  );
  // Both statements take a `StoredColumns` object plus `now` (and the update its `id` and `version`).
  const insert = sqlite.prepare<[StoredColumns & { now: string }]>(
    `INSERT INTO clinicians (title, given_name, family_name, role, hospital_id, email, email_normalised, phone,
       contact_person, status, created_at, updated_at, version, search_name, search_text, sort_name)
     VALUES (@title, @givenName, @familyName, @role, @hospitalId, @email, @emailNormalised, @phone,
       @contactPerson, @status, @now, @now, 1, @searchName, @searchText, @sortName)`,
  );
  const update = sqlite.prepare<[StoredColumns & { now: string; id: number; version: number }]>(
    `UPDATE clinicians SET title = @title, given_name = @givenName, family_name = @familyName, role = @role,
       hospital_id = @hospitalId, email = @email, email_normalised = @emailNormalised, phone = @phone,
       contact_person = @contactPerson, status = @status, updated_at = @now, version = version + 1,
       search_name = @searchName, search_text = @searchText, sort_name = @sortName
     WHERE id = @id AND version = @version`,
  );
  const junctions = (['specialties', 'languages', 'networks'] as const).map((field) => {
    const [table, column] = {
      specialties: ['clinician_specialties', 'specialty'],
      languages: ['clinician_languages', 'language'],
      networks: ['clinician_networks', 'network'],
    }[field];
    return {
      field,
      clear: sqlite.prepare(`DELETE FROM ${table} WHERE clinician_id = ?`),
      add: sqlite.prepare(`INSERT INTO ${table} (clinician_id, ${column}) VALUES (?, ?)`),
    };
  });

  const get = (id: number): Clinician | null => {
    const row = byId.get(id);
    return row ? toClinician(row) : null;
  };

  /** What a clinician row stores for `input`: its fields as columns, with the derived search columns. */
  const storedColumns = (input: ClinicianWrite, status: Clinician['status']): StoredColumns => {
    const h = hospitalForIndex.get(input.hospitalId);
    if (!h) throw new Error(`hospital ${input.hospitalId} does not exist`);
    return {
      title: input.title,
      givenName: input.givenName,
      familyName: input.familyName,
      role: input.role,
      hospitalId: input.hospitalId,
      email: input.email.trim(),
      emailNormalised: normaliseEmail(input.email),
      phone: input.phone,
      contactPerson: input.contactPerson ? 1 : 0,
      status,
      ...clinicianSearchColumns({ ...input, hospitalName: h.name, city: h.city, countryCode: h.countryCode }),
    };
  };

  /** The clinician's specialties, languages and networks; with `current`, only the lists that changed. */
  const writeJunctions = (id: number, input: ClinicianWrite, current: Clinician | null) => {
    for (const j of junctions) {
      if (current) {
        if (sameMembers(current[j.field], input[j.field])) continue;
        j.clear.run(id);
      }
      for (const value of input[j.field]) j.add.run(id, value);
    }
  };

  /** The FTS query of a filter's `q`, if it has words and is no e-mail address (emailPrefix). */
  const ftsOf = (f: ClinicianFilter) => (f.q && !emailPrefix(f.q) ? ftsPrefixQuery(f.q) : null);

  /**
   * WHERE clause and parameters of a filter; `fts` is its `q` already folded (callers that rank need it
   * too). `namesOnly`: the words must all match the name (FTS column filter), not hospital, city or
   * specialty.
   */
  const filterSql = (f: ClinicianFilter, fts = ftsOf(f), namesOnly = false) => {
    const where: string[] = [];
    const params: unknown[] = [];
    if (fts) {
      where.push('c.id IN (SELECT rowid FROM clinicians_fts WHERE clinicians_fts MATCH ?)');
      params.push(namesOnly ? `{search_name} : (${fts.match})` : fts.match);
    }
    const add = (clause: string, values: readonly unknown[]) => {
      where.push(clause);
      params.push(...values);
    };
    const email = f.q ? emailPrefix(f.q) : null;
    // A range of the unique index: every e-mail that begins so (U+FFFF sorts after any character of one).
    if (email) add('c.email_normalised >= ? AND c.email_normalised < ?', [email, `${email}\uffff`]);
    if (f.status) add('c.status = ?', [f.status]);
    if (f.countries?.length) add(`h.country_code IN (${inList(f.countries)})`, f.countries);
    if (f.hospitalIds?.length) add(`c.hospital_id IN (${inList(f.hospitalIds)})`, f.hospitalIds);
    if (f.roles?.length) add(`c.role IN (${inList(f.roles)})`, f.roles);
    if (f.contactPerson !== undefined) add('c.contact_person = ?', [f.contactPerson ? 1 : 0]);
    const junctionFilters = [
      ['clinician_specialties', 'specialty', f.specialties],
      ['clinician_languages', 'language', f.languages],
      ['clinician_networks', 'network', f.networks],
    ] as const;
    for (const [table, column, values] of junctionFilters) {
      if (values?.length) {
        add(
          `EXISTS (SELECT 1 FROM ${table} x WHERE x.clinician_id = c.id AND x.${column} IN (${inList(values)}))`,
          values,
        );
      }
    }
    return { where: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
  };

  const listUncached = (options: ClinicianListOptions): { items: Clinician[]; nextCursor: string | null } => {
    const fts = ftsOf(options);
    const tier = fts ? relevanceTierSql('c', fts.tokens) : { sql: '0', params: [] };
    const sort = listingSort(options.sort, options.q);
    // Two steps: rank and page over narrow rows (id and sort keys) first, then read the full records of
    // the page only. Reading them in the ranked query would evaluate the specialty/language/network
    // subqueries for every match (thousands for a two-letter prefix) before the LIMIT applies.
    const pageKeys = (namesOnly: boolean) => {
      const { where, params } = filterSql(options, fts, namesOnly);
      const paged = pagedSql(
        `SELECT c.id, ${tier.sql} AS _tier, coalesce(c.sort_name, '') AS _sort, c.updated_at AS _updated ${FROM} ${where}`,
        sort,
        options.cursor,
      );
      return sqlite
        .prepare<unknown[], ListingRow>(paged.sql)
        .all(...tier.params, ...params, ...paged.params, options.limit + 1);
    };
    let keys: ListingRow[] | null = null;
    if (fts && sort === 'relevance' && !options.cursor) {
      // Type-ahead's first page: rows whose names match (tiers 0 to 3) rank before every match in
      // other fields (tier 4) and are about half of all matches. When they fill the page, that is the
      // page, and the other-field matches need not be read and ranked at all.
      const names = pageKeys(true);
      if (names.length > options.limit) keys = names;
    }
    keys ??= pageKeys(false);
    const page = toPage(keys, 'clinicians', options);
    if (page.rows.length === 0) return { items: [], nextCursor: page.nextCursor };
    const byIdRows = new Map(
      sqlite
        .prepare<unknown[], ClinicianRow>(
          `SELECT ${COLUMNS}, 0 AS _tier ${FROM} WHERE c.id IN (${inList(page.rows)})`,
        )
        .all(...page.rows.map((r) => r.id))
        .map((r) => [r.id, r]),
    );
    return { items: page.rows.map((r) => toClinician(byIdRows.get(r.id)!)), nextCursor: page.nextCursor };
  };

  /** One facet's counts over the clinicians matching `filter`; `sql` reads the matches as `m`. */
  const facetList = (
    facet: keyof ClinicianFacets,
    filter: ClinicianFilter,
    sql: string,
    ...extra: unknown[]
  ) =>
    facetLists.get(JSON.stringify([facet, filter, extra]), (): FacetCount[] => {
      const { where, params } = filterSql(filter);
      const rows = sqlite
        .prepare<unknown[], { value: string; label?: string; count: number }>(
          `WITH m AS (SELECT c.id, c.hospital_id, h.country_code ${FROM} ${where}) ${sql}`,
        )
        .all(...params, ...extra);
      // Hospitals are labelled by their query (their names are in the database, not a vocabulary).
      return facet === 'hospital' ? (rows as FacetCount[]) : withLabels(facet, rows);
    });

  /**
   * Disjunctive counts: each facet is counted with every filter but its own (the values of one filter
   * are OR'd), so a count says what that value finds with the other filters, and choosing a value does
   * not hide its siblings. One query a facet, as before: a search with none of these filters (most
   * type-ahead) costs what it did.
   */
  const facetsUncached = (filter: ClinicianFilter, hospitalLimit: number): ClinicianFacets => {
    const without = (own: keyof ClinicianFilter): ClinicianFilter => ({ ...filter, [own]: undefined });
    return {
      country: withChosen(
        facetList(
          'country',
          without('countries'),
          'SELECT country_code AS value, count(*) AS count FROM m GROUP BY 1 ORDER BY 2 DESC, 1',
        ),
        vocabularyChoices('country', filter.countries),
      ),
      // The chosen hospitals stay in the list beyond the top ones: a picker still shows what is picked.
      hospital: withChosen(
        facetList(
          'hospital',
          without('hospitalIds'),
          `SELECT value, label, count FROM (
           SELECT CAST(m.hospital_id AS TEXT) AS value, h.name AS label, count(*) AS count, m.hospital_id AS id,
                  row_number() OVER (ORDER BY count(*) DESC, h.name, m.hospital_id) AS rank
             FROM m JOIN hospitals h ON h.id = m.hospital_id GROUP BY m.hospital_id)
         WHERE rank <= ? OR id IN (SELECT value FROM json_each(?)) ORDER BY rank`,
          hospitalLimit,
          JSON.stringify(filter.hospitalIds ?? []),
        ),
        hospitalChoices(filter.hospitalIds),
      ),
      specialty: withChosen(
        facetList(
          'specialty',
          without('specialties'),
          `SELECT x.specialty AS value, count(*) AS count FROM m JOIN clinician_specialties x ON x.clinician_id = m.id
           GROUP BY 1 ORDER BY 2 DESC, 1`,
        ),
        vocabularyChoices('specialty', filter.specialties),
      ),
      language: withChosen(
        facetList(
          'language',
          without('languages'),
          `SELECT x.language AS value, count(*) AS count FROM m JOIN clinician_languages x ON x.clinician_id = m.id
           GROUP BY 1 ORDER BY 2 DESC, 1`,
        ),
        vocabularyChoices('language', filter.languages),
      ),
    };
  };

  /** The chosen hospitals labelled by their names, in the order chosen, for withChosen. */
  const hospitalChoices = (ids: readonly number[] | undefined): Omit<FacetCount, 'count'>[] => {
    if (!ids?.length) return [];
    const names = new Map(
      sqlite
        .prepare<[string], { id: number; name: string }>(
          'SELECT id, name FROM hospitals WHERE id IN (SELECT value FROM json_each(?))',
        )
        .all(JSON.stringify(ids))
        .map((h) => [h.id, h.name]),
    );
    return ids.flatMap((id) => {
      const name = names.get(id);
      return name === undefined ? [] : [{ value: String(id), label: name }];
    });
  };

  /** Writes `input` over `current` if its version is still `expectedVersion`; junctions too. */
  function overwrite(current: Clinician, expectedVersion: number, input: ClinicianWrite): boolean {
    const { changes } = update.run({
      ...storedColumns(input, input.status ?? current.status),
      now: nowIso(),
      id: current.id,
      version: expectedVersion,
    });
    if (changes === 0) return false;
    writeJunctions(current.id, input, current);
    return true;
  }

  return {
    get,

    findIdByEmail(email: string): number | null {
      return idByEmail.get(normaliseEmail(email))?.id ?? null;
    },

    /** The active contact persons of a hospital. */
    contactPersonsOf(hospitalId: number): { id: number; name: string }[] {
      return contactPersonsOf.all(hospitalId);
    },

    /** The clinicians holding these e-mails (normalised), by e-mail: one query for a batch of rows. */
    byEmails(normalisedEmails: readonly string[]): Map<string, Clinician> {
      const found = new Map<string, Clinician>();
      for (const row of byEmails.all(JSON.stringify(normalisedEmails))) found.set(row._key, toClinician(row));
      return found;
    },

    /**
     * One page of clinicians matching the filter. With `q`, the words are matched as prefixes over
     * the folded names, hospital, city and specialties, and `relevance` sorts exact names first, then
     * name prefixes, then matches in other fields.
     */
    list(options: ClinicianListOptions): { items: Clinician[]; nextCursor: string | null } {
      return pages.get(JSON.stringify(options), () => listUncached(options));
    },

    /**
     * Counts over every clinician matching the filter (not just one page), for narrowing a search; each
     * facet leaves its own filter out (facetsUncached). `hospitalLimit`: the hospitals with most matches.
     */
    facets(filter: ClinicianFilter, hospitalLimit = 20): ClinicianFacets {
      return facetCounts.get(JSON.stringify([filter, hospitalLimit]), () =>
        facetsUncached(filter, hospitalLimit),
      );
    },

    /** Every clinician matching the filter, sorted by name, one at a time (exports stream this). */
    *iterate(filter: ClinicianFilter, batch = 1000): Generator<Clinician> {
      // Pages rather than one open statement: nothing stays open on the connection between pages
      // (an export reads them in a snapshot of its own: readSnapshot).
      const { where, params } = filterSql(filter);
      let cursor: CursorKey | null = null;
      for (;;) {
        const paged = pagedSql(`SELECT ${COLUMNS}, 0 AS _tier ${FROM} ${where}`, 'name', cursor);
        const rows = sqlite
          .prepare<unknown[], ClinicianRow>(paged.sql)
          .all(...params, ...paged.params, batch);
        for (const r of rows) yield toClinician(r);
        if (rows.length < batch) return;
        const last = rows[rows.length - 1]!;
        cursor = [last._sort, last.id];
      }
    },

    /** Inserts a clinician and returns it. The caller has validated the input; the index enforces e-mail uniqueness. */
    create(input: ClinicianWrite): Clinician {
      const created = writeTransaction(sqlite, () => {
        const { lastInsertRowid } = insert.run({
          ...storedColumns(input, input.status ?? 'active'),
          now: nowIso(),
        });
        const id = Number(lastInsertRowid);
        writeJunctions(id, input, null);
        return id;
      });
      return get(created)!;
    },

    /** Replaces the clinician's fields if its version is still `expectedVersion` (optimistic concurrency). */
    update(id: number, expectedVersion: number, input: ClinicianWrite): VersionedWrite<Clinician> {
      return writeTransaction(sqlite, (): VersionedWrite<Clinician> => {
        const current = get(id);
        if (!current) return { ok: false, reason: 'not_found' };
        if (!overwrite(current, expectedVersion, input)) return { ok: false, reason: 'stale', current };
        return { ok: true, record: get(id)! };
      });
    },

    /**
     * `update` for a caller that has just read `current` and needs no record back (an import writing
     * thousands of rows): false when the clinician changed since. Call inside a transaction.
     */
    overwrite(current: Clinician, input: ClinicianWrite): boolean {
      return overwrite(current, current.version, input);
    },

    /** Runs `fn` in one write transaction (nested calls become savepoints): imports commit all or nothing. */
    transaction<T>(fn: () => T): T {
      return writeTransaction(sqlite, fn);
    },
  };
}

export type CliniciansRepository = ReturnType<typeof createCliniciansRepository>;
