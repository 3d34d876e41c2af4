import type { BookingState } from '@cmss/shared';
import type Database from 'better-sqlite3';
import {
  and,
  asc,
  eq,
  gt,
  gte,
  inArray,
  isNotNull,
  isNull,
  lt,
  lte,
  ne,
  notExists,
  notInArray,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import type { Db } from '../client.js';
import { bookingParticipants, bookings, hostAccounts } from '../schema/index.js';
import { nowIso } from '../time.js';
import { rawSqlite } from './raw-sqlite.js';
import { columnName, selectList } from './row-select.js';

export type BookingRow = typeof bookings.$inferSelect;
export type ParticipantRow = typeof bookingParticipants.$inferSelect;

/** States in which a booking holds its host account; cancelled and failed ones release it. */
export const HOLDING_STATES: readonly BookingState[] = [
  'pending',
  'meeting_created',
  'calendar_created',
  'booked',
  'rescheduling',
  'cancelling',
];
/** States with a saga step still to run (a worker picks these up). */
export const UNFINISHED_STATES: readonly BookingState[] = [
  'pending',
  'meeting_created',
  'calendar_created',
  'rescheduling',
  'cancelling',
];
const RELEASED: BookingState[] = ['cancelled', 'failed'];

export interface Occurrence {
  start: string;
  end: string;
  holdStart: string;
  holdEnd: string;
}

export interface AllocationInput {
  requestId: number;
  timeZone: string;
  occurrences: Occurrence[];
  seriesId: string | null;
  /** Participants excluding the host: the host must have at least this capacity + 1. */
  participants: { clinicianId: number | null; email: string; displayName: string }[];
  webinar: boolean;
  meetingProvider: string;
  calendarProvider: string;
  /** Makes each booking's calendar UID; called with the index of the occurrence. */
  icalUid: (index: number) => string;
  /** The creating process owns the new bookings until then (it runs their saga right away). */
  leaseUntil: string;
}

export class RequestAlreadyBookedError extends Error {
  override readonly name = 'RequestAlreadyBookedError';
  constructor(readonly bookingId: number) {
    super('This request already has a booking');
  }
}

export class NoHostAvailableError extends Error {
  override readonly name = 'NoHostAvailableError';
  constructor(readonly occurrence: Occurrence) {
    super(`No host account is free from ${occurrence.holdStart} to ${occurrence.holdEnd}`);
  }
}

/** Portable overlap test of [from, to) against a booking's hold (and its previous hold while rescheduling). */
const holdOverlaps = (from: string, to: string): SQL =>
  or(
    and(lt(bookings.holdStart, to), gt(bookings.holdEnd, from)),
    and(
      isNotNull(bookings.previousHoldStart),
      lt(bookings.previousHoldStart, to),
      gt(bookings.previousHoldEnd, from),
    ),
  ) as SQL;

/**
 * Bookings, which are also the booking saga's outbox. Host allocation is a check-and-insert inside one
 * IMMEDIATE transaction: the write lock is taken before the check, so no other connection or process
 * can slip an overlapping hold in between. With PostgreSQL the same function would lock the host rows
 * (SELECT … FOR UPDATE) instead; the SQL itself stays portable.
 */
export function createBookingsRepository(db: Db) {
  const sqlite = rawSqlite(db);
  // The saga reads and returns whole booking rows at every step: raw statements whose rows already
  // have drizzle's shape (see row-select.ts), so no per-row mapping.
  const BOOKING = selectList(bookings);
  const byId = sqlite.prepare<[number], BookingRow>(`SELECT ${BOOKING} FROM bookings WHERE id = ?`);
  const participantsOf = db
    .select()
    .from(bookingParticipants)
    .where(eq(bookingParticipants.bookingId, sql.placeholder('id')))
    .orderBy(asc(bookingParticipants.id))
    .prepare();
  const hostById = db
    .select()
    .from(hostAccounts)
    .where(eq(hostAccounts.id, sql.placeholder('id')))
    .prepare();
  const find = (id: number): BookingRow | undefined => byId.get(id);
  // Allocation runs for every booking: the same host query, prepared once with placeholders.
  // Two NOT EXISTS instead of one with an OR: the current hold is then checked on the index alone
  // (host, hold_end, hold_start: only holds ending after the new start are read, not the host's
  // history), and the previous hold, rarely set, only for hosts that are free.
  const notHeld = (start: SQL, end: SQL) =>
    notExists(
      db
        .select({ one: sql`1` })
        .from(bookings)
        .where(
          and(
            eq(bookings.hostAccountId, hostAccounts.id),
            lt(start, sql.placeholder('holdEnd')),
            gt(end, sql.placeholder('holdStart')),
            notInArray(bookings.state, RELEASED),
            // A reschedule does not collide with the booking being moved (0: no booking excluded).
            ne(bookings.id, sql.placeholder('exclude')),
          ),
        ),
    );
  const hostIsFree = and(
    eq(hostAccounts.active, true),
    gte(hostAccounts.capacity, sql.placeholder('seats')),
    sql`(${sql.placeholder('webinar')} = 0 or ${hostAccounts.webinarCapable} = 1)`,
    notHeld(sql`${bookings.holdStart}`, sql`${bookings.holdEnd}`),
    notHeld(sql`${bookings.previousHoldStart}`, sql`${bookings.previousHoldEnd}`),
  );
  // In id order, so SQLite stops at the first free host instead of checking all of them to sort.
  const firstFreeHost = db
    .select()
    .from(hostAccounts)
    .where(hostIsFree)
    .orderBy(asc(hostAccounts.id))
    .limit(1)
    .prepare();
  /** A series keeps to one host when it can: that host first, if it is free. */
  const preferredHostIfFree = db
    .select()
    .from(hostAccounts)
    .where(and(eq(hostAccounts.id, sql.placeholder('preferred')), hostIsFree))
    .prepare();
  const holdingBookingOf = db
    .select({ id: bookings.id })
    .from(bookings)
    .where(
      and(eq(bookings.requestId, sql.placeholder('requestId')), inArray(bookings.state, [...HOLDING_STATES])),
    )
    .limit(1)
    .prepare();

  // Allocation inserts one booking and its participants: prepared once, with placeholders.
  const insertBooking = sqlite.prepare<[Record<string, unknown>], BookingRow>(
    `INSERT INTO bookings (request_id, state, host_account_id, start, "end", hold_start, hold_end, time_zone,
       series_id, meeting_provider, calendar_provider, ical_uid, sequence, attempts, next_attempt_at,
       created_at, updated_at)
     VALUES (@requestId, 'pending', @hostAccountId, @start, @end, @holdStart, @holdEnd, @timeZone,
       @seriesId, @meetingProvider, @calendarProvider, @icalUid, 0, 0, @nextAttemptAt, @now, @now)
     RETURNING ${BOOKING}`,
  );
  const insertParticipant = db
    .insert(bookingParticipants)
    .values({
      bookingId: sql.placeholder('bookingId'),
      clinicianId: sql.placeholder('clinicianId'),
      email: sql.placeholder('email'),
      displayName: sql.placeholder('displayName'),
    })
    .prepare();

  type Patch = Partial<Omit<BookingRow, 'id'>>;
  /**
   * The saga's compare-and-set, prepared once per set of patched columns (a handful of shapes, one per
   * call site): building and parsing the UPDATE on every step was the biggest cost of a booking.
   */
  const advanceStatements = new Map<string, Database.Statement<[Record<string, unknown>], BookingRow>>();
  const prepareAdvance = (columns: string[]) =>
    sqlite.prepare<[Record<string, unknown>], BookingRow>(
      `UPDATE bookings SET ${[...columns, 'updatedAt'].map((c) => `"${columnName(bookings, c)}" = @${c}`).join(', ')}
       WHERE id = @_id AND state = @_from RETURNING ${BOOKING}`,
    );

  // Built once: better-sqlite3 builds its wrapper functions on every transaction() call. Inside a
  // caller's transaction it runs as a savepoint.
  const allocateAll = sqlite.transaction((input: AllocationInput): BookingRow[] => {
    const now = nowIso();
    // Checked under the same write lock: two concurrent "book" calls for one request cannot both pass.
    const existing = holdingBookingOf.get({ requestId: input.requestId });
    if (existing) throw new RequestAlreadyBookedError(existing.id);
    const created: BookingRow[] = [];
    let preferred: number | null = null;
    input.occurrences.forEach((occurrence, index) => {
      const wanted = {
        holdStart: occurrence.holdStart,
        holdEnd: occurrence.holdEnd,
        seats: input.participants.length + 1,
        webinar: input.webinar ? 1 : 0,
        exclude: 0,
      };
      const host =
        (preferred !== null ? preferredHostIfFree.get({ ...wanted, preferred }) : undefined) ??
        firstFreeHost.get(wanted);
      if (!host) throw new NoHostAvailableError(occurrence);
      preferred = host.id;
      const row = insertBooking.get({
        requestId: input.requestId,
        hostAccountId: host.id,
        start: occurrence.start,
        end: occurrence.end,
        holdStart: occurrence.holdStart,
        holdEnd: occurrence.holdEnd,
        timeZone: input.timeZone,
        seriesId: input.seriesId,
        meetingProvider: input.meetingProvider,
        calendarProvider: input.calendarProvider,
        icalUid: input.icalUid(index),
        nextAttemptAt: input.leaseUntil,
        now,
      })!;
      for (const p of input.participants) insertParticipant.run({ ...p, bookingId: row.id });
      created.push(row);
    });
    return created;
  });

  const forRequest = (requestId: number) =>
    db.select().from(bookings).where(eq(bookings.requestId, requestId)).orderBy(asc(bookings.start)).all();

  return {
    find,
    participants: (bookingId: number): ParticipantRow[] => participantsOf.all({ id: bookingId }),
    forRequest,
    /** The request's bookings that hold a host account (HOLDING_STATES): one, or a series' occurrences. */
    holdingFor: (requestId: number) => forRequest(requestId).filter((b) => HOLDING_STATES.includes(b.state)),
    byLocalMeetingId: (meetingId: string) =>
      db
        .select()
        .from(bookings)
        .where(and(eq(bookings.meetingProvider, 'local'), eq(bookings.meetingId, meetingId)))
        .get(),
    hostOf: (hostAccountId: number) => hostById.get({ id: hostAccountId }),

    /**
     * Holds a host for every occurrence and records each booking as `pending`, all or nothing.
     * Throws NoHostAvailableError naming the first occurrence no host can take. One IMMEDIATE
     * transaction: the write lock is taken before the check.
     */
    allocate: (input: AllocationInput): BookingRow[] => allocateAll.immediate(input),

    /**
     * Moves a booked booking to new times: the new hold is checked and taken in the same IMMEDIATE
     * transaction, the old one is kept (previous_*) until the reschedule has reached every provider.
     * Returns null when the booking's host is busy at the new time.
     */
    reserveReschedule(
      id: number,
      next: Occurrence & { timeZone: string },
      seats: number,
      webinar: boolean,
      leaseUntil: string,
    ): BookingRow | null | 'not_booked' {
      return db.transaction(
        (tx) => {
          const current = find(id);
          if (current?.state !== 'booked') return 'not_booked' as const;
          const host = preferredHostIfFree.get({
            holdStart: next.holdStart,
            holdEnd: next.holdEnd,
            seats,
            webinar: webinar ? 1 : 0,
            preferred: current.hostAccountId,
            exclude: id,
          });
          if (!host) return null;
          return (
            tx
              .update(bookings)
              .set({
                state: 'rescheduling',
                previousStart: current.start,
                previousEnd: current.end,
                previousTimeZone: current.timeZone,
                previousHoldStart: current.holdStart,
                previousHoldEnd: current.holdEnd,
                start: next.start,
                end: next.end,
                holdStart: next.holdStart,
                holdEnd: next.holdEnd,
                timeZone: next.timeZone,
                sequence: current.sequence + 1,
                attempts: 0,
                failureReason: null,
                nextAttemptAt: leaseUntil,
                updatedAt: nowIso(),
              })
              .where(and(eq(bookings.id, id), eq(bookings.state, 'booked')))
              .returning()
              .get() ?? null
          );
        },
        { behavior: 'immediate' },
      );
    },

    /**
     * Takes ownership of an unfinished booking until `leaseUntil`, unless another process holds it or
     * its retry is not due yet. A conditional UPDATE: portable, and a row lock in PostgreSQL.
     */
    claim(id: number, now: string, leaseUntil: string): boolean {
      return (
        db
          .update(bookings)
          .set({ nextAttemptAt: leaseUntil })
          .where(
            and(
              eq(bookings.id, id),
              inArray(bookings.state, [...UNFINISHED_STATES]),
              or(isNull(bookings.nextAttemptAt), lte(bookings.nextAttemptAt, now)),
            ),
          )
          .run().changes === 1
      );
    },

    /** Unfinished bookings whose next step is due (start-up resume and retries). */
    due: (now: string, limit = 50) =>
      db
        .select({ id: bookings.id })
        .from(bookings)
        .where(
          and(
            inArray(bookings.state, [...UNFINISHED_STATES]),
            or(isNull(bookings.nextAttemptAt), lte(bookings.nextAttemptAt, now)),
          ),
        )
        .orderBy(asc(bookings.id))
        .limit(limit)
        .all()
        .map((r) => r.id),

    /**
     * Compare-and-set of the saga state: only succeeds from `from`, so a step can never be applied
     * twice (by a retry racing a resumed worker, say). Returns the updated row or undefined.
     */
    advance(id: number, from: BookingState, patch: Patch, _tx: Db = db): BookingRow | undefined {
      // `_tx`: the statement is prepared on the app's one connection, so inside a caller's transaction
      // it runs in that transaction (better-sqlite3 is synchronous, one connection per app).
      const columns = Object.keys(patch)
        .filter((c) => c !== 'updatedAt' && patch[c as keyof Patch] !== undefined)
        .sort();
      const key = columns.join(',');
      let statement = advanceStatements.get(key);
      if (!statement) {
        statement = prepareAdvance(columns);
        advanceStatements.set(key, statement);
      }
      return statement.get({ ...patch, updatedAt: nowIso(), _id: id, _from: from });
    },

    /** Moves active bookings of a request to `cancelling` (their cancellation is then sent). */
    startCancelling(ids: number[], reason: string, leaseUntil: string, tx: Db = db) {
      if (!ids.length) return [];
      return tx
        .update(bookings)
        .set({
          state: 'cancelling',
          cancelReason: reason,
          // A staff cancellation is not a failure, whatever an earlier reschedule left here.
          failureReason: null,
          // The cancellation is a new version of the invitation: clients only apply a higher SEQUENCE.
          sequence: sql`${bookings.sequence} + 1`,
          attempts: 0,
          nextAttemptAt: leaseUntil,
          updatedAt: nowIso(),
        })
        .where(and(inArray(bookings.id, ids), inArray(bookings.state, ['booked'])))
        .returning()
        .all();
    },

    /** Pairs of bookings holding one host at overlapping times: must always be empty. */
    overlaps() {
      const rows = db
        .select({
          id: bookings.id,
          host: bookings.hostAccountId,
          holdStart: bookings.holdStart,
          holdEnd: bookings.holdEnd,
        })
        .from(bookings)
        .where(notInArray(bookings.state, RELEASED))
        .orderBy(asc(bookings.hostAccountId), asc(bookings.holdStart))
        .all();
      const pairs: [number, number][] = [];
      for (let i = 0; i < rows.length; i++) {
        for (let j = i + 1; j < rows.length; j++) {
          const a = rows[i]!;
          const b = rows[j]!;
          if (b.host !== a.host) break;
          if (b.holdStart < a.holdEnd) pairs.push([a.id, b.id]);
        }
      }
      return pairs;
    },

    /** Every hold of active hosts in [from, to): slot suggestions check availability in memory. */
    holdsBetween(from: string, to: string) {
      const hosts = db
        .select({
          id: hostAccounts.id,
          capacity: hostAccounts.capacity,
          webinarCapable: hostAccounts.webinarCapable,
        })
        .from(hostAccounts)
        .where(eq(hostAccounts.active, true))
        .all();
      const holds = db
        .select({
          bookingId: bookings.id,
          hostAccountId: bookings.hostAccountId,
          holdStart: bookings.holdStart,
          holdEnd: bookings.holdEnd,
          previousHoldStart: bookings.previousHoldStart,
          previousHoldEnd: bookings.previousHoldEnd,
        })
        .from(bookings)
        .where(and(notInArray(bookings.state, RELEASED), holdOverlaps(from, to)))
        .all();
      return { hosts, holds };
    },
  };
}

export type BookingsRepository = ReturnType<typeof createBookingsRepository>;
