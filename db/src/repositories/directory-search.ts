import { COUNTRIES, queryAlternatives, SPECIALTIES, searchDocument, sortKey } from '@cmss/shared';
import type { Db } from '../client.js';
import { rawSqlite, type SchemaObject, setAside } from './raw-sqlite.js';

/**
 * The folded search columns of directory rows. Triggers copy them into the FTS5 index (migration
 * `directory_fts`); they are computed here because folding needs a transliteration library.
 */
export interface SearchColumns {
  searchName: string;
  searchText: string;
  sortName: string;
}

const specialtyLabel = new Map(SPECIALTIES.map((s) => [s.id, s.label]));
const countryName = new Map(COUNTRIES.map((c) => [c.code, c.name]));

export function clinicianSearchColumns(c: {
  givenName: string;
  familyName: string;
  hospitalName: string;
  city: string;
  countryCode: string;
  specialties: readonly string[];
}): SearchColumns {
  return {
    searchName: searchDocument(c.givenName, c.familyName),
    searchText: searchDocument(
      c.hospitalName,
      c.city,
      countryName.get(c.countryCode),
      ...c.specialties.map((s) => specialtyLabel.get(s) ?? s),
    ),
    sortName: sortKey(c.familyName, c.givenName),
  };
}

export function hospitalSearchColumns(h: { name: string; city: string; countryCode: string }): SearchColumns {
  return {
    searchName: searchDocument(h.name),
    searchText: searchDocument(h.city, countryName.get(h.countryCode)),
    sortName: sortKey(h.name),
  };
}

/**
 * An FTS5 query from what the user typed: every word must match (AND), each as a prefix (type-ahead).
 * A query in Greek, Cyrillic or with umlauts has a second spelling (`queryAlternatives`): either may
 * match (OR). Words are folded to [a-z0-9]+, so quoting them cannot break the FTS syntax. `tokens`: the
 * words of each spelling. Null when nothing is left.
 */
export function ftsPrefixQuery(q: string): { match: string; tokens: string[][] } | null {
  const tokens = queryAlternatives(q);
  if (tokens.length === 0) return null;
  const all = (words: string[]) => words.map((t) => `"${t}"*`).join(' AND ');
  const match = tokens.length === 1 ? all(tokens[0]!) : tokens.map((words) => `(${all(words)})`).join(' OR ');
  return { match, tokens };
}

/**
 * Relevance tier of a match, as SQL over `alias`'s search_name (folded name words, in every spelling)
 * and sort_name (the name as any-ascii spells it, its words apart):
 * 0. the whole name, as typed: the query's words in its own spelling are the name's words, no more
 *    ("lena kavanagh" → Lena Kavanagh, before Anna-Lena Kavanagh);
 * 1. every query word is a whole word of the name, as typed ("müller" → Müller, before Mueller);
 *    in each of 0 and 1, a name spelt as typed (sort_name) comes half a tier before one that only a
 *    spelling of the name matches ("maeder" → Maeder, before Mäder, spelt "mader" too);
 * 2. the same in another of the query's spellings ("müller" → Mueller);
 * 3. every query word starts a name word ("mul"), as spelt before another spelling ("müll" → Müller,
 *    before Mueller);
 * 4. the match came from other fields (hospital, city, specialty).
 * `tokens`: the query's spellings, one list of words each, the spelling as typed first
 * (queryAlternatives). Bound parameters are returned alongside.
 */
export function relevanceTierSql(alias: string, tokens: string[][]): { sql: string; params: string[] } {
  const padded = `(' ' || coalesce(${alias}.search_name, '') || ' ')`;
  const every = (words: string[]) => words.map(() => `instr(${padded}, ?) > 0`).join(' AND ');
  const anySpelling = tokens.map((words) => `(${every(words)})`).join(' OR ');
  const typed = tokens[0]!;
  // The words of sort_name: its spaces and the U+0001 between family and given name, plus one.
  const sortName = `coalesce(${alias}.sort_name, '')`;
  const nameWords = `(length(${sortName}) - length(replace(replace(${sortName}, ' ', ''), char(1), '')) + 1)`;
  const whole = (t: string) => ` ${t} `;
  // Spelt as typed: the typed words are in sort_name. Anywhere in it, not only as a word or its start
  // (the tier already says the words match so): read in place, without building a padded copy of it
  // for every ranked row, which made a search that misses the cache a fifth slower.
  const asSpelt = typed.map(() => `instr(${alias}.sort_name, ?) > 0`).join(' AND ');
  const prefix = (t: string) => ` ${t}`;
  return {
    sql: `(CASE WHEN ${every(typed)} THEN (CASE WHEN ${nameWords} = ${typed.length} THEN 0 ELSE 1 END)
                                          + (CASE WHEN ${asSpelt} THEN 0 ELSE 0.5 END)
                WHEN ${anySpelling} THEN 2
                WHEN ${anySpelling} THEN 3 + (CASE WHEN ${asSpelt} THEN 0 ELSE 0.5 END)
                ELSE 4 END)`,
    params: [
      ...typed.map(whole),
      ...typed,
      ...tokens.flat().map(whole),
      ...tokens.flat().map(prefix),
      ...typed,
    ],
  };
}

/**
 * From this many rows on, rebuild() re-creates the FTS index in one go instead of row by row, and a
 * bulk insert may rebuild the secondary indexes instead of inserting into them.
 */
const BULK_THRESHOLD = 5000;

/**
 * The per-row triggers that a bulk insert of clinicians replaces with one set-based statement each:
 * the FTS index and the directory revision (of the clinician and of its specialty/language/network rows).
 */
const CLINICIAN_INSERT_TRIGGERS = [
  'clinicians_fts_ai',
  'clinicians_revision_insert',
  'clinician_specialties_revision_insert',
  'clinician_languages_revision_insert',
  'clinician_networks_revision_insert',
];

/** The per-row triggers that a bulk update of clinicians replaces with set-based statements. */
const CLINICIAN_UPDATE_TRIGGERS = [
  'clinicians_fts_au',
  'clinicians_revision_update',
  'clinician_specialties_revision_insert',
  'clinician_specialties_revision_delete',
  'clinician_languages_revision_insert',
  'clinician_languages_revision_delete',
  'clinician_networks_revision_insert',
  'clinician_networks_revision_delete',
];

interface RawClinicianForIndex {
  id: number;
  givenName: string;
  familyName: string;
  hospitalName: string;
  city: string;
  countryCode: string;
  specialties: string | null;
}

/** Keeps the search columns (and through the triggers the FTS index) in step with the data. */
export function createDirectorySearchRepository(db: Db) {
  const sqlite = rawSqlite(db);
  const selectClinicians = (where: string) =>
    sqlite.prepare<unknown[], RawClinicianForIndex>(
      `SELECT c.id, c.given_name AS givenName, c.family_name AS familyName, h.name AS hospitalName,
              h.city, h.country_code AS countryCode,
              (SELECT group_concat(specialty) FROM clinician_specialties s WHERE s.clinician_id = c.id) AS specialties
         FROM clinicians c JOIN hospitals h ON h.id = c.hospital_id WHERE ${where}`,
    );
  const missingClinicians = selectClinicians('c.search_name IS NULL');
  const allClinicians = selectClinicians('1');
  const hospitalClinicians = selectClinicians('c.hospital_id = ?');
  const cliniciansById = selectClinicians('c.id IN (SELECT value FROM json_each(?))');
  const updateClinician = sqlite.prepare(
    'UPDATE clinicians SET search_name = ?, search_text = ?, sort_name = ? WHERE id = ?',
  );
  const selectHospitals = (where: string) =>
    sqlite.prepare<[], { id: number; name: string; city: string; countryCode: string }>(
      `SELECT id, name, city, country_code AS countryCode FROM hospitals WHERE ${where}`,
    );
  const missingHospitals = selectHospitals('search_name IS NULL');
  const allHospitals = selectHospitals('1');
  const updateHospital = sqlite.prepare(
    'UPDATE hospitals SET search_name = ?, search_text = ?, sort_name = ? WHERE id = ?',
  );

  // Ids only grow (AUTOINCREMENT), so the rows a bulk insert added are those above the old maximum.
  const maxClinicianId = sqlite.prepare<[], number>('SELECT max(id) FROM clinicians').pluck();
  const indexCliniciansAfter = sqlite.prepare(
    'INSERT INTO clinicians_fts(rowid, search_name, search_text) SELECT id, search_name, search_text FROM clinicians WHERE id > ?',
  );
  const unindexClinicians = sqlite.prepare<[string]>(
    `INSERT INTO clinicians_fts(clinicians_fts, rowid, search_name, search_text)
     SELECT 'delete', id, search_name, search_text FROM clinicians WHERE id IN (SELECT value FROM json_each(?))`,
  );
  const indexClinicians = sqlite.prepare<[string]>(
    `INSERT INTO clinicians_fts(rowid, search_name, search_text)
     SELECT id, search_name, search_text FROM clinicians WHERE id IN (SELECT value FROM json_each(?))`,
  );
  const raiseRevision = sqlite.prepare('UPDATE directory_revision SET revision = revision + 1 WHERE id = 1');
  const countClinicians = sqlite.prepare<[], number>('SELECT count(*) FROM clinicians').pluck();
  const triggers = (names: readonly string[]) =>
    sqlite
      .prepare<string[], SchemaObject>(
        `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (${names.map(() => '?').join(', ')})`,
      )
      .all(...names);
  // Every index of clinicians and of their specialty/language/network rows but the unique ones, which
  // the inserts need (the e-mail is checked and looked up while they run; a list holds a value once).
  const secondaryIndexes = sqlite.prepare<[], SchemaObject>(
    `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'
        AND tbl_name IN ('clinicians', 'clinician_specialties', 'clinician_languages', 'clinician_networks')`,
  );

  const reindexClinicians = (rows: Iterable<RawClinicianForIndex>): number => {
    let n = 0;
    for (const r of rows) {
      const cols = clinicianSearchColumns({
        ...r,
        specialties: r.specialties ? r.specialties.split(',') : [],
      });
      updateClinician.run(cols.searchName, cols.searchText, cols.sortName, r.id);
      n++;
    }
    return n;
  };

  return {
    /**
     * Computes the search columns of rows that lack them (`onlyMissing`, the default: rows inserted by
     * raw SQL such as the demo seed) or of every row. Idempotent; one IMMEDIATE transaction: it reads
     * then writes, and a deferred one would fail at once (SQLITE_BUSY) when another process starting
     * at the same time wrote in between, instead of waiting for the lock.
     */
    rebuild(options: { onlyMissing?: boolean } = {}): { hospitals: number; clinicians: number } {
      const onlyMissing = options.onlyMissing ?? true;
      return sqlite
        .transaction(() => {
          let hospitals = 0;
          for (const h of (onlyMissing ? missingHospitals : allHospitals).all()) {
            const cols = hospitalSearchColumns(h);
            updateHospital.run(cols.searchName, cols.searchText, cols.sortName, h.id);
            hospitals++;
          }
          // .all() first: better-sqlite3 cannot write while an iterator over the same rows is open.
          const rows = (onlyMissing ? missingClinicians : allClinicians).all();
          if (rows.length < BULK_THRESHOLD) return { hospitals, clinicians: reindexClinicians(rows) };
          // Many rows (a freshly seeded directory): one FTS 'rebuild' beats a delete + insert per row
          // through the update trigger, which is set aside meanwhile.
          const clinicians = setAside(sqlite, 'TRIGGER', triggers(['clinicians_fts_au']), () =>
            reindexClinicians(rows),
          );
          sqlite.exec("INSERT INTO clinicians_fts(clinicians_fts) VALUES ('rebuild')");
          return { hospitals, clinicians };
        })
        .immediate();
    },

    /**
     * Runs `write`, which inserts `rows` clinicians (a spreadsheet import), without the per-row insert
     * triggers: afterwards the new rows enter the FTS index in one statement and the directory revision
     * rises once. Measured on 100k rows: the triggers cost more than the inserts themselves. When the
     * table at least doubles, its secondary indexes (and those of the specialty/language/network rows)
     * are also dropped and built again afterwards, in one sort each rather than scattered inserts
     * (measured on 100k rows: 2.0 s → 1.3 s; on their 455k list rows: 0.98 s → 0.86 s).
     * Call inside a transaction; `write` may update existing rows (their triggers stay) but must not
     * update rows it inserted, whose index entries are only written at the end.
     */
    bulkInsertClinicians<T>(rows: number, write: () => T): T {
      const lastIdBefore = maxClinicianId.get() ?? 0;
      const indexes = rows >= BULK_THRESHOLD && rows >= countClinicians.get()! ? secondaryIndexes.all() : [];
      const result = setAside(sqlite, 'TRIGGER', triggers(CLINICIAN_INSERT_TRIGGERS), () =>
        setAside(sqlite, 'INDEX', indexes, write),
      );
      indexCliniciansAfter.run(lastIdBefore);
      raiseRevision.run();
      return result;
    },

    /**
     * Runs `write`, which updates the clinicians `ids` and no other (a spreadsheet import), without
     * the per-row update triggers: their FTS entries are taken out before and put back after in one
     * statement each, and the directory revision rises once. Why: FTS5 flushes its pending changes
     * to a new segment at every statement that follows a write to it, so a trigger-fed update followed
     * by the row's specialty/language writes cost ~20× a plain one (measured: 9.5 s for 20k rows).
     * Call inside a transaction.
     */
    bulkUpdateClinicians<T>(ids: readonly number[], write: () => T): T {
      if (ids.length === 0) return write();
      const list = JSON.stringify(ids);
      unindexClinicians.run(list);
      const result = setAside(sqlite, 'TRIGGER', triggers(CLINICIAN_UPDATE_TRIGGERS), write);
      indexClinicians.run(list);
      raiseRevision.run();
      return result;
    },

    /** Derives the search columns of these clinicians again (from their data as stored now). */
    reindexClinicians(ids: readonly number[]): number {
      return reindexClinicians(cliniciansById.all(JSON.stringify(ids)));
    },

    /** After a hospital's name, city or country changed: its clinicians are found by those words too. */
    reindexHospitalClinicians(hospitalId: number): number {
      return reindexClinicians(hospitalClinicians.all(hospitalId));
    },
  };
}

export type DirectorySearchRepository = ReturnType<typeof createDirectorySearchRepository>;
