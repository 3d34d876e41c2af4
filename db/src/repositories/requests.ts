import {
  nextRequestStatus,
  type RequestAction,
  type RequestStatus,
  TERMINAL_REQUEST_STATUSES,
} from '@cmss/shared';
import { and, asc, desc, eq, gte, inArray, lt, lte, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import {
  clinicians,
  conferenceRequests,
  hospitals,
  requestEvents,
  requestInvitees,
  requestWindows,
} from '../schema/index.js';
import { nowIso } from '../time.js';
import { rawSqlite } from './raw-sqlite.js';
import { selectList } from './row-select.js';

export type RequestRow = typeof conferenceRequests.$inferSelect;

/** A directory person as far as inviting them is concerned. */
export interface DirectoryPerson {
  clinicianId: number;
  hospitalId: number;
  countryCode: string;
  email: string;
  displayName: string;
  active: boolean;
  contactPerson: boolean;
}

export interface NewInvitee {
  clinicianId: number | null;
  viaHospitalId: number | null;
  email: string;
  displayName: string;
  /** Where the requester said an e-mail invitee works (IANA zone, ISO country); null if unsaid. */
  timeZone: string | null;
  countryCode: string | null;
}

export interface NewRequest {
  requesterId: number;
  kind: 'conference' | 'webinar';
  topic: string;
  notes: string | null;
  durationMinutes: number;
  timeZone: string;
  source: 'outlook' | 'teams' | 'api';
  sourceMessageId: string | null;
  invitees: NewInvitee[];
  windows: { start: string; end: string }[];
}

export interface Actor {
  subject: string;
  role: string;
}

export interface RequestFilter {
  status?: RequestStatus[];
  /** Country of the requester's hospital. */
  country?: string;
  requesterId?: number;
  /** Created at or after / before (ISO instants). */
  from?: string;
  to?: string;
  /** Newest first: rows with an id below this. */
  beforeId?: number;
  limit: number;
}

export class DuplicateSourceMessageError extends Error {
  override readonly name = 'DuplicateSourceMessageError';
  constructor(readonly existingRequestId: number) {
    super('A request was already created from this message');
  }
}

export class IllegalTransitionError extends Error {
  override readonly name = 'IllegalTransitionError';
  constructor(
    readonly action: RequestAction,
    readonly status: RequestStatus,
  ) {
    super(`A request in status "${status}" cannot ${action}`);
  }
}

const displayName = (c: { title: string | null; givenName: string; familyName: string }) =>
  [c.title, c.givenName, c.familyName].filter(Boolean).join(' ');

/** What the request log needs to know of a directory entry (invitee resolution, ownership). */
const personColumns = {
  clinicianId: clinicians.id,
  hospitalId: clinicians.hospitalId,
  countryCode: hospitals.countryCode,
  email: clinicians.email,
  title: clinicians.title,
  givenName: clinicians.givenName,
  familyName: clinicians.familyName,
  status: clinicians.status,
  contactPerson: clinicians.contactPerson,
};

/** A row selected with `personColumns`. */
interface PersonRow {
  clinicianId: number;
  hospitalId: number;
  countryCode: string;
  email: string;
  title: string | null;
  givenName: string;
  familyName: string;
  status: 'active' | 'inactive';
  contactPerson: boolean;
}

const toPerson = (r: PersonRow): DirectoryPerson => ({
  clinicianId: r.clinicianId,
  hospitalId: r.hospitalId,
  countryCode: r.countryCode,
  email: r.email,
  displayName: displayName(r),
  active: r.status === 'active',
  contactPerson: r.contactPerson,
});

/** The request log: requests, their resolved invitees and windows, and every status transition. */
export function createRequestsRepository(db: Db) {
  const people = (where: SQL) =>
    db
      .select(personColumns)
      .from(clinicians)
      .innerJoin(hospitals, eq(hospitals.id, clinicians.hospitalId))
      .where(where)
      .all()
      .map(toPerson);

  const history = (requestId: number) =>
    db
      .select()
      .from(requestEvents)
      .where(eq(requestEvents.requestId, requestId))
      .orderBy(asc(requestEvents.id))
      .all();

  // Read for every booking (its participants): prepared once.
  const inviteesOf = db
    .select({
      clinicianId: requestInvitees.clinicianId,
      viaHospitalId: requestInvitees.viaHospitalId,
      email: requestInvitees.email,
      displayName: requestInvitees.displayName,
      hospitalId: clinicians.hospitalId,
      countryCode: hospitals.countryCode,
      givenTimeZone: requestInvitees.timeZone,
      givenCountryCode: requestInvitees.countryCode,
    })
    .from(requestInvitees)
    .leftJoin(clinicians, eq(clinicians.id, requestInvitees.clinicianId))
    .leftJoin(hospitals, eq(hospitals.id, clinicians.hospitalId))
    .where(eq(requestInvitees.requestId, sql.placeholder('requestId')))
    .orderBy(asc(requestInvitees.id))
    .prepare();
  const invitees = (requestId: number) => inviteesOf.all({ requestId });

  const windows = (requestId: number) =>
    db
      .select({ start: requestWindows.start, end: requestWindows.end })
      .from(requestWindows)
      .where(eq(requestWindows.requestId, requestId))
      .orderBy(asc(requestWindows.start))
      .all();

  // The booking path runs these for every booking: raw statements prepared once, whose rows already
  // have drizzle's shape (row-select.ts).
  const sqlite = rawSqlite(db);
  const REQUEST = selectList(conferenceRequests);
  const byId = sqlite.prepare<[number], RequestRow>(
    `SELECT ${REQUEST} FROM conference_requests WHERE id = ?`,
  );
  const find = (id: number): RequestRow | undefined => byId.get(id);
  /** Compare-and-set on the status just read: a concurrent transition makes it match nothing. */
  const setStatus = sqlite.prepare<[Record<string, unknown>], RequestRow>(
    `UPDATE conference_requests
        SET status = @to, status_reason = @reason, updated_at = @now, closed_at = @closedAt, version = @version
      WHERE id = @id AND status = @from
      RETURNING ${REQUEST}`,
  );
  const addEvent = db
    .insert(requestEvents)
    .values({
      requestId: sql.placeholder('requestId'),
      action: sql.placeholder('action'),
      fromStatus: sql.placeholder('fromStatus'),
      toStatus: sql.placeholder('toStatus'),
      reason: sql.placeholder('reason'),
      actor: sql.placeholder('actor'),
      actorRole: sql.placeholder('actorRole'),
      at: sql.placeholder('at'),
    })
    .prepare();
  const personById = db
    .select(personColumns)
    .from(clinicians)
    .innerJoin(hospitals, eq(hospitals.id, clinicians.hospitalId))
    .where(eq(clinicians.id, sql.placeholder('id')))
    .prepare();

  // Built once (better-sqlite3 builds wrapper functions per transaction() call); runs as a savepoint
  // inside a caller's transaction. `extra` gets the drizzle handle: it is the same connection.
  const transitionTx = sqlite.transaction(
    (id: number, action: RequestAction, actor: Actor, reason: string | null, extra?: (tx: Db) => void) => {
      const current = find(id);
      if (!current) throw new Error(`request ${id} not found`);
      const to = nextRequestStatus(current.status, action);
      if (!to) throw new IllegalTransitionError(action, current.status);
      const now = nowIso();
      const updated = setStatus.get({
        id,
        from: current.status,
        to,
        reason,
        now,
        closedAt: TERMINAL_REQUEST_STATUSES.includes(to) ? now : null,
        version: current.version + 1,
      });
      if (!updated) throw new IllegalTransitionError(action, current.status);
      addEvent.run({
        requestId: id,
        action,
        fromStatus: current.status,
        toStatus: to,
        reason,
        actor: actor.subject,
        actorRole: actor.role,
        at: now,
      });
      extra?.(db);
      return updated;
    },
  );

  return {
    /** Directory people by id (any status: the caller decides what an inactive one means). */
    peopleByIds: (ids: number[]) => (ids.length ? people(inArray(clinicians.id, ids)) : []),
    /** Active contact persons of these hospitals, plus which hospitals exist and are active. */
    contactPersonsOf(hospitalIds: number[]) {
      if (!hospitalIds.length) return { existing: new Set<number>(), persons: [] as DirectoryPerson[] };
      const existing = new Set(
        db
          .select({ id: hospitals.id })
          .from(hospitals)
          .where(and(inArray(hospitals.id, hospitalIds), eq(hospitals.status, 'active')))
          .all()
          .map((h) => h.id),
      );
      const persons = people(
        and(
          inArray(clinicians.hospitalId, hospitalIds),
          eq(clinicians.contactPerson, true),
          eq(clinicians.status, 'active'),
        ) as SQL,
      );
      return { existing, persons };
    },
    /** Directory people with these (lower-cased) e-mail addresses: a "guest" who is in the directory. */
    peopleByEmails: (emails: string[]) =>
      emails.length ? people(inArray(clinicians.emailNormalised, emails)) : [],

    create(input: NewRequest, actor: Actor): RequestRow {
      const now = nowIso();
      return db.transaction(
        (tx) => {
          if (input.sourceMessageId) {
            const existing = tx
              .select({ id: conferenceRequests.id })
              .from(conferenceRequests)
              .where(eq(conferenceRequests.sourceMessageId, input.sourceMessageId))
              .get();
            if (existing) throw new DuplicateSourceMessageError(existing.id);
          }
          const row = tx
            .insert(conferenceRequests)
            .values({
              requesterId: input.requesterId,
              kind: input.kind,
              topic: input.topic,
              notes: input.notes,
              durationMinutes: input.durationMinutes,
              timeZone: input.timeZone,
              source: input.source,
              sourceMessageId: input.sourceMessageId,
              status: 'received',
              createdBy: actor.subject,
              createdAt: now,
              updatedAt: now,
            })
            .returning()
            .get();
          if (input.invitees.length) {
            tx.insert(requestInvitees)
              .values(input.invitees.map((i) => ({ ...i, requestId: row.id })))
              .run();
          }
          if (input.windows.length) {
            tx.insert(requestWindows)
              .values(input.windows.map((w) => ({ ...w, requestId: row.id })))
              .run();
          }
          tx.insert(requestEvents)
            .values({
              requestId: row.id,
              action: 'create',
              fromStatus: null,
              toStatus: 'received',
              reason: null,
              actor: actor.subject,
              actorRole: actor.role,
              at: now,
            })
            .run();
          return row;
        },
        { behavior: 'immediate' },
      );
    },

    find,
    findBySourceMessageId: (messageId: string) =>
      db.select().from(conferenceRequests).where(eq(conferenceRequests.sourceMessageId, messageId)).get(),
    invitees,
    windows,
    history,
    /** Country of the requester's hospital (for working hours), when the requester is still known. */
    requester(requesterId: number): DirectoryPerson | undefined {
      const r = personById.get({ id: requesterId });
      return r ? toPerson(r) : undefined;
    },

    list(filter: RequestFilter): RequestRow[] {
      const where: SQL[] = [];
      if (filter.status?.length) where.push(inArray(conferenceRequests.status, filter.status));
      if (filter.requesterId) where.push(eq(conferenceRequests.requesterId, filter.requesterId));
      if (filter.from) where.push(gte(conferenceRequests.createdAt, filter.from));
      if (filter.to) where.push(lte(conferenceRequests.createdAt, filter.to));
      if (filter.beforeId) where.push(lt(conferenceRequests.id, filter.beforeId));
      if (filter.country) {
        const inCountry = db
          .select({ id: clinicians.id })
          .from(clinicians)
          .innerJoin(hospitals, eq(hospitals.id, clinicians.hospitalId))
          .where(eq(hospitals.countryCode, filter.country));
        where.push(inArray(conferenceRequests.requesterId, inCountry));
      }
      return db
        .select()
        .from(conferenceRequests)
        .where(and(...where))
        .orderBy(desc(conferenceRequests.id))
        .limit(filter.limit)
        .all();
    },

    /**
     * Applies one action of the status machine, atomically: the UPDATE only matches while the request
     * is still in a status the action allows, so two staff acting at once cannot both win. The
     * transition is recorded with who and when. `extra` runs in the same transaction.
     */
    transition(
      id: number,
      action: RequestAction,
      actor: Actor,
      reason: string | null = null,
      extra?: (tx: Db) => void,
    ): RequestRow {
      return transitionTx.immediate(id, action, actor, reason, extra);
    },

    /**
     * A note in the request's history that does not change its status (e.g. "booking failed: …"),
     * also shown as the request's status reason so staff see it in lists.
     */
    note(id: number, action: string, reason: string, actor: Actor) {
      const now = nowIso();
      db.transaction(
        (tx) => {
          const current = tx.select().from(conferenceRequests).where(eq(conferenceRequests.id, id)).get();
          if (!current) return;
          tx.update(conferenceRequests)
            .set({ statusReason: reason, updatedAt: now, version: current.version + 1 })
            .where(eq(conferenceRequests.id, id))
            .run();
          tx.insert(requestEvents)
            .values({
              requestId: id,
              action,
              fromStatus: current.status,
              toStatus: current.status,
              reason,
              actor: actor.subject,
              actorRole: actor.role,
              at: now,
            })
            .run();
        },
        { behavior: 'immediate' },
      );
    },
  };
}

export type RequestsRepository = ReturnType<typeof createRequestsRepository>;
