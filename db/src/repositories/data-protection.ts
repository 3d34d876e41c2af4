import type Database from 'better-sqlite3';
import type { Db } from '../client.js';
import { nowIso } from '../time.js';
import { forgetUsableApiKeys } from './api-keys.js';
import { rawSqlite } from './raw-sqlite.js';

/**
 * Data-subject rights and retention (Regulation (EU) 2018/1725) over the whole database. Raw SQL on
 * purpose: erasure must reach every table that may hold a copy of a person's name, e-mail or phone,
 * including tables added later by other features, so it walks the schema instead of a fixed list.
 */

export interface Subject {
  clinicianId: number;
  givenName: string;
  familyName: string;
  email: string;
  phone: string | null;
}

type Row = Record<string, unknown>;

export interface Person {
  name: string;
  email: string;
  phone: string | null;
}

const CLOSED_STATUSES = ['held', 'cancelled', 'rejected'] as const;

/** FTS5 virtual tables and their shadow tables are maintained by triggers and must not be written. */
function writableTables(sqlite: Database.Database): string[] {
  const rows = sqlite
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all() as { name: string; sql: string | null }[];
  const virtual = rows.filter((r) => /CREATE VIRTUAL TABLE/i.test(r.sql ?? '')).map((r) => r.name);
  return rows
    .map((r) => r.name)
    .filter(
      (name) =>
        !virtual.includes(name) &&
        !virtual.some((v) => name.startsWith(`${v}_`)) &&
        name !== '__drizzle_migrations' &&
        name !== 'audit_log',
    );
}

const ftsTables = (sqlite: Database.Database) =>
  (
    sqlite
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5%'",
      )
      .all() as { name: string }[]
  ).map((r) => r.name);

const textColumns = (sqlite: Database.Database, table: string) =>
  (sqlite.prepare(`PRAGMA table_info("${table}")`).all() as { name: string; type: string }[])
    .filter((c) => c.type === '' || /TEXT|CHAR|CLOB/i.test(c.type))
    .map((c) => c.name);

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The spellings of a person we scrub: "Anna Nowak", "Nowak Anna", "Nowak, Anna", e-mail, phone (any separators). */
export function subjectNeedles(s: Subject): RegExp[] {
  const needles = [
    `${s.givenName} ${s.familyName}`,
    `${s.familyName} ${s.givenName}`,
    `${s.familyName}, ${s.givenName}`,
    s.email,
  ].map((n) => new RegExp(escapeRegExp(n).replace(/\\? /g, '\\s+'), 'giu'));
  // The family name alone only after a title ("Dr Nowak", "Prof. Nowak"): alone it may be a common
  // word or an eponym ("Parkinson"), which erasure must not cut out of clinical text.
  needles.push(
    new RegExp(
      `(?<![\\p{L}])(?:Dr|Prof|Dott|Dra|Drs|Pr|Mr|Mrs|Ms|Herr|Frau|Mme|M|Sig|Sra|Sr|dr|prof)\\.?(?:ssa)?\\s+${escapeRegExp(s.familyName)}(?![\\p{L}])`,
      'gu',
    ),
  );
  const digits = (s.phone ?? '').replace(/\D/g, '');
  if (digits.length >= 6) needles.push(new RegExp(digits.split('').join('[\\s./()-]*'), 'g'));
  return needles;
}

export function createDataProtectionRepository(db: Db) {
  const sqlite = rawSqlite(db);
  // The patient-identifier guard runs these on every request write and booking: prepared once.
  const guard = prepareGuardStatements(sqlite);

  const subjectsOf = (clinicianId: number): string[] =>
    (
      sqlite.prepare('SELECT id FROM api_keys WHERE clinician_id = ?').all(clinicianId) as { id: number }[]
    ).map((k) => `apikey:${k.id}`);

  return {
    findSubject(clinicianId: number): Subject | null {
      const row = sqlite
        .prepare(
          'SELECT id, given_name AS givenName, family_name AS familyName, email, phone FROM clinicians WHERE id = ?',
        )
        .get(clinicianId) as (Omit<Subject, 'clinicianId'> & { id: number }) | undefined;
      return row
        ? {
            clinicianId: row.id,
            givenName: row.givenName,
            familyName: row.familyName,
            email: row.email,
            phone: row.phone,
          }
        : null;
    },

    /** Everything held about one clinician, for the right of access (art. 17). */
    personalData(clinicianId: number) {
      const clinician = sqlite.prepare('SELECT * FROM clinicians WHERE id = ?').get(clinicianId) as
        | Row
        | undefined;
      if (!clinician) return null;
      const list = (sql: string, ...args: unknown[]) => sqlite.prepare(sql).all(...args) as Row[];
      const hospital = sqlite
        .prepare('SELECT * FROM hospitals WHERE id = ?')
        .get(clinician.hospital_id) as Row;
      const subjects = subjectsOf(clinicianId);
      const actorIn = subjects.length ? `OR actor IN (${subjects.map(() => '?').join(',')})` : '';
      return {
        clinician,
        hospital,
        specialties: list(
          'SELECT specialty FROM clinician_specialties WHERE clinician_id = ?',
          clinicianId,
        ).map((r) => r.specialty),
        languages: list('SELECT language FROM clinician_languages WHERE clinician_id = ?', clinicianId).map(
          (r) => r.language,
        ),
        networks: list('SELECT network FROM clinician_networks WHERE clinician_id = ?', clinicianId).map(
          (r) => r.network,
        ),
        requestsMade: list(
          'SELECT * FROM conference_requests WHERE requester_id = ? ORDER BY id',
          clinicianId,
        ),
        invitations: list(
          `SELECT i.*, r.topic, r.status FROM request_invitees i JOIN conference_requests r ON r.id = i.request_id
           WHERE i.clinician_id = ? ORDER BY i.id`,
          clinicianId,
        ),
        bookings: list(
          `SELECT b.id, b.request_id, b.state, b.start, b."end", b.time_zone, b.meeting_provider, b.calendar_provider, p.email AS participant_email, p.display_name AS participant_name
           FROM booking_participants p JOIN bookings b ON b.id = p.booking_id
           WHERE p.clinician_id = ? ORDER BY b.id`,
          clinicianId,
        ),
        apiKeys: list(
          'SELECT id, name, prefix, role, created_at, expires_at, revoked_at, last_used_at FROM api_keys WHERE clinician_id = ?',
          clinicianId,
        ),
        auditEntries: list(
          // Directory listings log the ids they returned in details.ids: those reads are about this person too.
          `SELECT * FROM audit_log WHERE (entity = 'clinician' AND entity_id = ?)
             OR (entity = 'clinician' AND entity_id IS NULL AND json_valid(details)
                 AND EXISTS (SELECT 1 FROM json_each(details, '$.ids') WHERE value = ?))
             ${actorIn} ORDER BY id`,
          String(clinicianId),
          clinicianId,
          ...subjects,
        ),
      };
    },

    /**
     * Erasure (art. 19): in one transaction, removes the person's name, e-mail and phone from every
     * table, deletes their directory entry and credentials, and pseudonymises the audit rows about
     * them or by them with `pseudonym` (a keyed hash), so that who-did-what stays countable but no
     * longer names anyone. Requests, bookings and audit rows are kept: report counts do not change.
     */
    erase(subject: Subject, pseudonym: (value: string) => string) {
      const id = subject.clinicianId;
      const needles = subjectNeedles(subject);
      const placeholder = `erased-${pseudonym(`clinician:${id}`)}`;
      const counts: Record<string, number> = {};
      const bump = (key: string, n: number) => {
        if (n) counts[key] = (counts[key] ?? 0) + n;
      };
      const tx = sqlite.transaction(() => {
        const subjects = subjectsOf(id);
        // Participant lists keep a row per person (counts), without who it was.
        for (const table of ['request_invitees', 'booking_participants']) {
          bump(
            table,
            sqlite
              .prepare(
                `UPDATE ${table} SET clinician_id = NULL, email = ?, display_name = 'Erased participant' WHERE clinician_id = ? OR lower(email) = lower(?)`,
              )
              .run(`${placeholder}@erased.invalid`, id, subject.email).changes,
          );
        }
        bump(
          'directory_import_rows',
          deleteIfTable(
            sqlite,
            'directory_import_rows',
            'clinician_id = ? OR lower(email) = lower(?)',
            id,
            subject.email,
          ),
        );
        bump('api_keys', sqlite.prepare('DELETE FROM api_keys WHERE clinician_id = ?').run(id).changes);
        forgetUsableApiKeys(db);
        // References from any table (present or future) to the clinician: nullable ones are cut.
        for (const table of writableTables(sqlite)) {
          const fks = sqlite.prepare(`PRAGMA foreign_key_list("${table}")`).all() as {
            table: string;
            from: string;
          }[];
          for (const fk of fks.filter((f) => f.table === 'clinicians' && table !== 'clinicians')) {
            const col = (
              sqlite.prepare(`PRAGMA table_info("${table}")`).all() as { name: string; notnull: number }[]
            ).find((c) => c.name === fk.from);
            if (col && !col.notnull) {
              bump(
                table,
                sqlite.prepare(`UPDATE "${table}" SET "${fk.from}" = NULL WHERE "${fk.from}" = ?`).run(id)
                  .changes,
              );
            }
          }
        }
        bump('clinicians', sqlite.prepare('DELETE FROM clinicians WHERE id = ?').run(id).changes);
        // Free text anywhere (topics, notes, reasons, stored responses) that still spells the person out.
        for (const table of writableTables(sqlite)) {
          bump(table, scrubTable(sqlite, table, needles, placeholder));
        }
        // Audit rows: the only UPDATE the append-only triggers allow, inside the pseudonymisation window.
        sqlite
          .prepare('INSERT INTO audit_pseudonymisation_window (id, opened_at) VALUES (1, ?)')
          .run(nowIso());
        const entityPseudonym = `erased:${pseudonym(`clinician:${id}`)}`;
        bump(
          'audit_log',
          sqlite
            .prepare("UPDATE audit_log SET entity_id = ? WHERE entity = 'clinician' AND entity_id = ?")
            .run(entityPseudonym, String(id)).changes,
        );
        for (const s of subjects) {
          bump(
            'audit_log',
            sqlite.prepare('UPDATE audit_log SET actor = ? WHERE actor = ?').run(`erased:${pseudonym(s)}`, s)
              .changes,
          );
        }
        bump('audit_log', scrubAudit(sqlite, needles, placeholder));
        // Actors named after the person (a local sign-in id that is their e-mail, say) are pseudonymised too.
        const actors = sqlite.prepare('SELECT DISTINCT actor FROM audit_log').all() as { actor: string }[];
        for (const { actor } of actors.filter((a) =>
          needles.some((re) => new RegExp(re.source, re.flags.replace('g', '')).test(a.actor)),
        )) {
          bump(
            'audit_log',
            sqlite
              .prepare('UPDATE audit_log SET actor = ? WHERE actor = ?')
              .run(`erased:${pseudonym(actor)}`, actor).changes,
          );
        }
        sqlite.prepare('DELETE FROM audit_pseudonymisation_window').run();
        // FTS5 keeps deleted terms in its segments until they are merged: merge now, so no index still
        // holds the erased name.
        for (const fts of ftsTables(sqlite))
          sqlite.prepare(`INSERT INTO "${fts}"("${fts}") VALUES ('optimize')`).run();
      });
      tx.immediate();
      return { counts, pseudonym: entityPseudonym(pseudonym, id) };
    },

    /**
     * Retention: closed requests (held, cancelled, rejected) closed before `before`, with their
     * bookings, participants, invitees, windows and events (all cascade). Returns what went.
     */
    purgeClosedRequests(before: string) {
      const tx = sqlite.transaction(() => {
        const placeholders = CLOSED_STATUSES.map(() => '?').join(',');
        const where = `status IN (${placeholders}) AND COALESCE(closed_at, updated_at) < ?`;
        const ids = (
          sqlite
            .prepare(`SELECT id FROM conference_requests WHERE ${where}`)
            .all(...CLOSED_STATUSES, before) as { id: number }[]
        ).map((r) => r.id);
        if (!ids.length) return { requests: 0, bookings: 0, icalUids: [] as string[] };
        const inIds = ids.map(() => '?').join(',');
        const bookings = sqlite
          .prepare(`SELECT ical_uid AS uid FROM bookings WHERE request_id IN (${inIds})`)
          .all(...ids) as { uid: string }[];
        sqlite.prepare(`DELETE FROM bookings WHERE request_id IN (${inIds})`).run(...ids);
        const requests = sqlite
          .prepare(`DELETE FROM conference_requests WHERE id IN (${inIds})`)
          .run(...ids).changes;
        return { requests, bookings: bookings.length, icalUids: bookings.map((b) => b.uid) };
      });
      return tx.immediate();
    },

    /** Names, e-mails and phones of clinicians (by id or whole hospital) for the patient-identifier guard. */
    peopleByIds(clinicianIds: number[], hospitalIds: number[]) {
      return [
        ...clinicianIds.map((id) => guard.personById.get(id) as Person | undefined),
        ...hospitalIds.flatMap((id) => guard.peopleOfHospital.all(id) as Person[]),
      ].filter((p): p is Person => Boolean(p));
    },

    /** The requester and invitees of a stored request, and the texts that become its invitation. */
    requestPeopleAndTexts(requestId: number) {
      const { requestAndRequester, inviteesOf } = guard;
      const row = requestAndRequester.get(requestId) as
        | {
            topic: string;
            notes: string | null;
            name: string | null;
            email: string | null;
            phone: string | null;
          }
        | undefined;
      if (!row) return null;
      const { topic, notes, ...requester } = row;
      const invitees = inviteesOf.all(requestId) as Person[];
      return {
        texts: { topic, notes },
        people: requester.email !== null ? [requester as Person, ...invitees] : invitees,
      };
    },

    /** Sets privacy_notice_acknowledged_at; null when the clinician does not exist. */
    acknowledgeNotice(clinicianId: number): string | null {
      const at = nowIso();
      const changed = sqlite
        .prepare('UPDATE clinicians SET privacy_notice_acknowledged_at = ? WHERE id = ?')
        .run(at, clinicianId).changes;
      return changed ? at : null;
    },

    /** Counts behind the reports: erasure must leave them unchanged. */
    activityCounts() {
      const one = (sql: string) => (sqlite.prepare(sql).get() as { n: number }).n;
      return {
        requests: one('SELECT count(*) AS n FROM conference_requests'),
        bookings: one('SELECT count(*) AS n FROM bookings'),
        participants: one('SELECT count(*) AS n FROM booking_participants'),
        invitees: one('SELECT count(*) AS n FROM request_invitees'),
        auditEntries: one('SELECT count(*) AS n FROM audit_log'),
      };
    },
  };
}

const PERSON = "given_name || ' ' || family_name AS name, c.email, c.phone";
const prepareGuardStatements = (sqlite: Database.Database) => ({
  personById: sqlite.prepare(`SELECT ${PERSON} FROM clinicians c WHERE c.id = ?`),
  peopleOfHospital: sqlite.prepare(`SELECT ${PERSON} FROM clinicians c WHERE c.hospital_id = ?`),
  /** The request's texts and its requester (null columns once the requester left the directory). */
  requestAndRequester: sqlite.prepare(
    `SELECT r.topic, r.notes, ${PERSON} FROM conference_requests r LEFT JOIN clinicians c ON c.id = r.requester_id WHERE r.id = ?`,
  ),
  inviteesOf: sqlite.prepare(
    'SELECT i.display_name AS name, i.email, c.phone FROM request_invitees i LEFT JOIN clinicians c ON c.id = i.clinician_id WHERE i.request_id = ?',
  ),
});

const entityPseudonym = (pseudonym: (v: string) => string, id: number) =>
  `erased:${pseudonym(`clinician:${id}`)}`;

function deleteIfTable(sqlite: Database.Database, table: string, where: string, ...args: unknown[]): number {
  const exists = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table);
  return exists ? sqlite.prepare(`DELETE FROM "${table}" WHERE ${where}`).run(...args).changes : 0;
}

/** Rewrites every text cell that matches one of the needles; returns the number of rows changed. */
function scrubTable(
  sqlite: Database.Database,
  table: string,
  needles: RegExp[],
  placeholder: string,
): number {
  const columns = textColumns(sqlite, table);
  if (!columns.length) return 0;
  let changed = 0;
  const rows = sqlite
    .prepare(`SELECT rowid AS __rowid, ${columns.map((c) => `"${c}"`).join(', ')} FROM "${table}"`)
    .all() as Row[];
  for (const row of rows) {
    const updates: Record<string, string> = {};
    for (const c of columns) {
      const v = row[c];
      if (typeof v !== 'string') continue;
      const next = needles.reduce((acc, re) => acc.replace(re, placeholder), v);
      if (next !== v) updates[c] = next;
    }
    const cols = Object.keys(updates);
    if (!cols.length) continue;
    sqlite
      .prepare(`UPDATE "${table}" SET ${cols.map((c) => `"${c}" = ?`).join(', ')} WHERE rowid = ?`)
      .run(...cols.map((c) => updates[c]), row.__rowid);
    changed++;
  }
  return changed;
}

/** Audit details (JSON) may quote a name or address; only `details` and `fields` may be rewritten. */
function scrubAudit(sqlite: Database.Database, needles: RegExp[], placeholder: string): number {
  let changed = 0;
  const rows = sqlite.prepare('SELECT id, details FROM audit_log WHERE details IS NOT NULL').all() as {
    id: number;
    details: string;
  }[];
  for (const row of rows) {
    const next = needles.reduce((acc, re) => acc.replace(re, placeholder), row.details);
    if (next !== row.details) {
      sqlite.prepare('UPDATE audit_log SET details = ? WHERE id = ?').run(next, row.id);
      changed++;
    }
  }
  return changed;
}

export type DataProtectionRepository = ReturnType<typeof createDataProtectionRepository>;
