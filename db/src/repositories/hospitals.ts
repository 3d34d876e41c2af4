import { foldText, type Hospital, type HospitalInput, sortKey } from '@cmss/shared';
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
  createDirectorySearchRepository,
  ftsPrefixQuery,
  hospitalSearchColumns,
  relevanceTierSql,
  type SearchColumns,
} from './directory-search.js';
import { rawSqlite, writeTransaction } from './raw-sqlite.js';

/** Outcome of a versioned write: `stale` carries the current record so the caller can show what changed. */
export type VersionedWrite<T> =
  | { ok: true; record: T }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'stale'; current: T };

/** A write refused because another hospital (active or not) is the same one: see `sameHospital`. */
export type DuplicateHospital = { ok: false; reason: 'duplicate'; existingId: number };

export interface HospitalFilter {
  q?: string;
  countries?: string[];
  networks?: string[];
  referenceCentre?: boolean;
  /** Omitted: every status. */
  status?: 'active' | 'inactive';
}

export interface HospitalListOptions extends HospitalFilter {
  /** Missing: relevance when `q` has searchable words, else name (listingSort). */
  sort?: DirectorySort;
  cursor: CursorKey | null;
  limit: number;
}

interface HospitalRow extends ListingRow {
  name: string;
  city: string;
  countryCode: string;
  referenceCentre: number;
  networks: string | null;
  status: 'active' | 'inactive';
  createdAt: string;
  updatedAt: string;
  version: number;
}

const COLUMNS = `h.id, h.name, h.city, h.country_code AS countryCode, h.reference_centre AS referenceCentre,
  h.status, h.created_at AS createdAt, h.updated_at AS updatedAt, h.version,
  (SELECT group_concat(network) FROM hospital_networks n WHERE n.hospital_id = h.id) AS networks,
  coalesce(h.sort_name, '') AS _sort, h.updated_at AS _updated`;

const toHospital = (r: HospitalRow): Hospital => ({
  id: r.id,
  name: r.name,
  city: r.city,
  countryCode: r.countryCode,
  referenceCentre: r.referenceCentre === 1,
  networks: r.networks ? r.networks.split(',').sort() : [],
  status: r.status,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
  version: r.version,
});

/** What an import needs to know of every hospital, to look hospitals up without a query per row. */
export interface HospitalForImport {
  id: number;
  name: string;
  city: string;
  countryCode: string;
  status: 'active' | 'inactive';
  version: number;
  /** Folded name: a file naming hospitals instead of quoting ids is matched on it. */
  sortName: string | null;
}

const inList = (values: readonly unknown[]) => values.map(() => '?').join(', ');

/** What a create or an update of a hospital writes (named parameters of its statements). */
interface StoredColumns extends SearchColumns {
  name: string;
  city: string;
  countryCode: string;
  referenceCentre: 0 | 1;
  status: Hospital['status'];
  now: string;
}

/**
 * What makes two records the same hospital: country, name and city once folded (case, accents,
 * scripts, punctuation and spacing ignored: "Lodz" is Łódź). The same name in another city is another
 * hospital. The whole name: a sort key is cut (MAX_SORT_KEY), and two names alike up to there differ.
 */
const hospitalIdentity = (h: Pick<HospitalInput, 'name' | 'city' | 'countryCode'>) =>
  `${h.countryCode}\n${foldText(h.name)}\n${foldText(h.city)}`;

export function createHospitalsRepository(db: Db) {
  const sqlite = rawSqlite(db);
  const search = createDirectorySearchRepository(db);
  const byId = sqlite.prepare<[number], HospitalRow>(
    `SELECT ${COLUMNS}, 0 AS _tier FROM hospitals h WHERE h.id = ?`,
  );
  const insert = sqlite.prepare<[StoredColumns]>(
    `INSERT INTO hospitals (name, city, country_code, reference_centre, status, created_at, updated_at, version,
       search_name, search_text, sort_name)
     VALUES (@name, @city, @countryCode, @referenceCentre, @status, @now, @now, 1, @searchName, @searchText, @sortName)`,
  );
  const update = sqlite.prepare<[StoredColumns & { id: number; expectedVersion: number }]>(
    `UPDATE hospitals SET name = @name, city = @city, country_code = @countryCode, reference_centre = @referenceCentre,
       status = @status, updated_at = @now, version = version + 1,
       search_name = @searchName, search_text = @searchText, sort_name = @sortName
     WHERE id = @id AND version = @expectedVersion`,
  );
  /** The columns a create or an update writes, search columns included. */
  const storedColumns = (input: HospitalInput, status: Hospital['status']): StoredColumns => ({
    name: input.name,
    city: input.city,
    countryCode: input.countryCode,
    referenceCentre: input.referenceCentre ? 1 : 0,
    status,
    now: nowIso(),
    ...hospitalSearchColumns(input),
  });
  // Candidates by the country and folded name (index hospitals_country_sort_idx); a row written by raw SQL
  // and not indexed yet has no sort_name and is folded here.
  const sameNameCandidates = sqlite.prepare<
    { countryCode: string; sortName: string; exceptId: number },
    { id: number; name: string; city: string; sortName: string | null }
  >(
    `SELECT id, name, city, sort_name AS sortName FROM hospitals
      WHERE country_code = @countryCode AND (sort_name = @sortName OR sort_name IS NULL) AND id <> @exceptId
      ORDER BY id`,
  );
  /**
   * The id of another hospital, active or not, that is the same one: same country, same name and city
   * once folded (case, accents, scripts, punctuation and spacing ignored: "Lodz" is Łódź). Null if none.
   */
  const sameHospital = (h: Pick<HospitalInput, 'name' | 'city' | 'countryCode'>, exceptId = 0) => {
    const sortName = sortKey(h.name);
    if (!sortName) return null;
    const identity = hospitalIdentity(h);
    for (const row of sameNameCandidates.iterate({ countryCode: h.countryCode, sortName, exceptId })) {
      if (hospitalIdentity({ ...row, countryCode: h.countryCode }) === identity) return row.id;
    }
    return null;
  };
  const deleteNetworks = sqlite.prepare('DELETE FROM hospital_networks WHERE hospital_id = ?');
  const insertNetwork = sqlite.prepare('INSERT INTO hospital_networks (hospital_id, network) VALUES (?, ?)');

  const get = (id: number): Hospital | null => {
    const row = byId.get(id);
    return row ? toHospital(row) : null;
  };

  const writeNetworks = (id: number, networks: readonly string[]) => {
    deleteNetworks.run(id);
    for (const n of networks) insertNetwork.run(id, n);
  };

  /** WHERE clauses and parameters of a filter, over `hospitals h` (joined with the FTS table for `q`). */
  const filterSql = (f: HospitalFilter) => {
    const where: string[] = [];
    const params: unknown[] = [];
    const fts = f.q ? ftsPrefixQuery(f.q) : null;
    if (fts) {
      where.push('h.id IN (SELECT rowid FROM hospitals_fts WHERE hospitals_fts MATCH ?)');
      params.push(fts.match);
    }
    if (f.status) {
      where.push('h.status = ?');
      params.push(f.status);
    }
    if (f.countries?.length) {
      where.push(`h.country_code IN (${inList(f.countries)})`);
      params.push(...f.countries);
    }
    if (f.networks?.length) {
      where.push(
        `EXISTS (SELECT 1 FROM hospital_networks n WHERE n.hospital_id = h.id AND n.network IN (${inList(f.networks)}))`,
      );
      params.push(...f.networks);
    }
    if (f.referenceCentre !== undefined) {
      where.push('h.reference_centre = ?');
      params.push(f.referenceCentre ? 1 : 0);
    }
    return { where: where.length ? `WHERE ${where.join(' AND ')}` : '', params, fts };
  };

  return {
    get,

    list(options: HospitalListOptions): { items: Hospital[]; nextCursor: string | null } {
      const { where, params, fts } = filterSql(options);
      const tier = fts ? relevanceTierSql('h', fts.tokens) : { sql: '0', params: [] };
      const sort = listingSort(options.sort, options.q);
      const paged = pagedSql(
        `SELECT ${COLUMNS}, ${tier.sql} AS _tier FROM hospitals h ${where}`,
        sort,
        options.cursor,
      );
      const rows = sqlite
        .prepare<unknown[], HospitalRow>(paged.sql)
        .all(...tier.params, ...params, ...paged.params, options.limit + 1);
      const page = toPage(rows, 'hospitals', options);
      return { items: page.rows.map(toHospital), nextCursor: page.nextCursor };
    },

    /**
     * Counts per country of the hospitals matching every filter but `countries` (disjunctive, as the
     * clinicians' facets): choosing a country leaves the others listed, each with what it finds.
     */
    countryFacet(filter: HospitalFilter): FacetCount[] {
      const { where, params } = filterSql({ ...filter, countries: undefined });
      const counts = sqlite
        .prepare<unknown[], { value: string; count: number }>(
          `SELECT h.country_code AS value, count(*) AS count FROM hospitals h ${where} GROUP BY 1 ORDER BY 2 DESC, 1`,
        )
        .all(...params);
      return withChosen(withLabels('country', counts), vocabularyChoices('country', filter.countries));
    },

    /** Every hospital, in id order (a few hundred; an import reads them once instead of per row). */
    forImport(): HospitalForImport[] {
      return sqlite
        .prepare<[], HospitalForImport>(
          `SELECT id, name, city, country_code AS countryCode, status, version, sort_name AS sortName
             FROM hospitals ORDER BY id`,
        )
        .all();
    },

    /** Adds a hospital, unless it exists already (`sameHospital`, checked in the same transaction). */
    create(input: HospitalInput): { ok: true; record: Hospital } | DuplicateHospital {
      return writeTransaction(sqlite, () => {
        const existingId = sameHospital(input);
        if (existingId !== null) return { ok: false, reason: 'duplicate', existingId } as const;
        const { lastInsertRowid } = insert.run(storedColumns(input, input.status ?? 'active'));
        const id = Number(lastInsertRowid);
        writeNetworks(id, input.networks);
        return { ok: true, record: get(id)! } as const;
      });
    },

    /**
     * Replaces the hospital's fields if its version is still `expectedVersion` (optimistic concurrency).
     * A change of country, name or city that makes it another hospital's twin is refused (`duplicate`);
     * other changes are not checked, so twins an older release let in can still be corrected.
     */
    update(
      id: number,
      expectedVersion: number,
      input: HospitalInput,
    ): VersionedWrite<Hospital> | DuplicateHospital {
      return writeTransaction(sqlite, (): VersionedWrite<Hospital> | DuplicateHospital => {
        const current = get(id);
        if (!current) return { ok: false, reason: 'not_found' };
        if (current.version === expectedVersion && hospitalIdentity(input) !== hospitalIdentity(current)) {
          const existingId = sameHospital(input, id);
          if (existingId !== null) return { ok: false, reason: 'duplicate', existingId };
        }
        const { changes } = update.run({
          ...storedColumns(input, input.status ?? current.status),
          id,
          expectedVersion,
        });
        if (changes === 0) return { ok: false, reason: 'stale', current };
        writeNetworks(id, input.networks);
        if (
          input.name !== current.name ||
          input.city !== current.city ||
          input.countryCode !== current.countryCode
        ) {
          search.reindexHospitalClinicians(id);
        }
        return { ok: true, record: get(id)! };
      });
    },
  };
}

export type HospitalsRepository = ReturnType<typeof createHospitalsRepository>;
