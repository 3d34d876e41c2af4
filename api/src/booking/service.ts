import { randomUUID } from 'node:crypto';
import {
  type BookingRow,
  type BookingsRepository,
  NoHostAvailableError,
  RequestAlreadyBookedError,
  type RequestRow,
  type RequestsRepository,
} from '@cmss/db';
import { type Booking, type BookingInput, checkCapacity, type SeriesInput } from '@cmss/shared';
import type { Principal } from '../access.js';
import { AppError, conflict, notFound } from '../errors.js';
import { actorOf, asHttpError, type RequestService } from '../requests/service.js';
import { occurrencesOf } from './recurrence.js';
import type { BookingSaga } from './saga.js';
import { meetingDetails } from './specs.js';
import { assertTimeZone, checkInterval, holdFor, type Interval, invalidInput } from './time-rules.js';

/** A meeting is one day at most; longer events are not conferences. */
const MAX_MEETING_MINUTES = 24 * 60;

export interface BookingServiceOptions {
  bookings: BookingsRepository;
  requests: RequestsRepository;
  requestService: RequestService;
  saga: BookingSaga;
  bufferMinutes: number;
  leaseMs: number;
  meetingProvider: () => string;
  calendarProvider: () => string;
  /** Domain of calendar UIDs (RFC 5545 recommends a domain-qualified UID). */
  uidDomain: string;
}

export type BookingOutcome = { booking: Booking; row: BookingRow };

export function toBookingDto(row: BookingRow): Booking {
  const meeting = meetingDetails(row);
  return {
    id: row.id,
    requestId: row.requestId,
    state: row.state,
    hostAccountId: row.hostAccountId,
    start: row.start,
    end: row.end,
    timeZone: row.timeZone,
    meeting: meeting ? { provider: row.meetingProvider, ...meeting } : null,
    calendar: row.calendarEventId
      ? {
          provider: row.calendarProvider,
          eventId: row.calendarEventId,
          iCalUId: row.calendarIcalUid ?? row.icalUid,
          sequence: row.sequence,
        }
      : null,
    failureReason: row.failureReason,
    seriesId: row.seriesId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/**
 * Booking, rescheduling and cancelling conferences: validates, holds host accounts atomically, then
 * hands over to the saga, which talks to the providers.
 */
export function createBookingService(options: BookingServiceOptions) {
  const { bookings, requests, requestService, saga } = options;
  const lease = () => new Date(Date.now() + options.leaseMs).toISOString();

  /** Everyone who receives the invitation: the requester (while still in the directory) and the invitees. */
  function participantsOf(request: RequestRow) {
    const seen = new Set<string>();
    const list: { clinicianId: number | null; email: string; displayName: string }[] = [];
    const add = (p: { clinicianId: number | null; email: string; displayName: string }) => {
      const key = p.email.toLowerCase();
      if (seen.has(key)) return;
      seen.add(key);
      list.push(p);
    };
    const requester = request.requesterId ? requests.requester(request.requesterId) : undefined;
    if (requester)
      add({ clinicianId: requester.clinicianId, email: requester.email, displayName: requester.displayName });
    for (const i of requests.invitees(request.id))
      add({ clinicianId: i.clinicianId, email: i.email, displayName: i.displayName });
    return list;
  }

  function checkSeats(request: RequestRow, participants: number) {
    const capacity = checkCapacity(request.kind, participants);
    if (!capacity.ok) {
      throw invalidInput('capacity_exceeded', capacity.message ?? 'Too many participants', {
        participants: capacity.participants,
        limit: capacity.limit,
      });
    }
  }

  function checkTimes(input: BookingInput, now: Date): Interval & { timeZone: string } {
    const timeZone = assertTimeZone(input.timeZone);
    const interval = checkInterval(input, { now, field: 'booking', maxMinutes: MAX_MEETING_MINUTES });
    return { ...interval, timeZone };
  }

  /**
   * Holds the hosts for a request that can be booked. A request still `received` is moved to
   * `scheduling` first, by the same person, in the same transaction as the hold (one commit). A
   * refused hold (no free host) is rolled back to its savepoint only: the request stays `scheduling`,
   * as it would have if the two had been separate.
   */
  function holdHosts(request: RequestRow, principal: Principal, hold: () => BookingRow[]): BookingRow[] {
    if (request.status === 'booked') {
      throw conflict(
        'already_booked',
        'This request is already booked: reschedule (PATCH) or cancel (DELETE) its booking',
      );
    }
    if (request.status === 'scheduling') return hold();
    if (request.status !== 'received') {
      throw conflict('illegal_transition', `A request in status "${request.status}" cannot be booked`, {
        action: 'book',
        status: request.status,
      });
    }
    let rows: BookingRow[] = [];
    let refused: unknown;
    try {
      requests.transition(request.id, 'schedule', actorOf(principal), null, () => {
        try {
          rows = hold();
        } catch (error) {
          refused = error;
        }
      });
    } catch (error) {
      throw asHttpError(error);
    }
    if (refused) throw refused;
    return rows;
  }

  function allocate(
    request: RequestRow,
    occurrences: Interval[],
    timeZone: string,
    seriesId: string | null,
    participants = participantsOf(request),
  ) {
    checkSeats(request, participants.length);
    try {
      return bookings.allocate({
        requestId: request.id,
        timeZone,
        occurrences: occurrences.map((o) => ({ ...o, ...holdFor(o, options.bufferMinutes) })),
        seriesId,
        participants,
        webinar: request.kind === 'webinar',
        meetingProvider: options.meetingProvider(),
        calendarProvider: options.calendarProvider(),
        icalUid: () => `${randomUUID()}@${options.uidDomain}`,
        leaseUntil: lease(),
      });
    } catch (error) {
      if (error instanceof NoHostAvailableError) {
        throw conflict(
          'no_host_available',
          request.kind === 'webinar'
            ? 'No webinar-capable host account is free at this time'
            : 'No host account is free at this time (including the buffer before and after)',
          { start: error.occurrence.start, end: error.occurrence.end },
        );
      }
      if (error instanceof RequestAlreadyBookedError) {
        throw conflict('already_booked', 'This request already has a booking', {
          bookingId: error.bookingId,
        });
      }
      throw error;
    }
  }

  /** The booking a PATCH/DELETE without a booking id means: the request's only active one. */
  function activeBookingOf(requestId: number, bookingId?: number): BookingRow {
    const active = bookings.holdingFor(requestId);
    if (bookingId !== undefined) {
      const row = bookings.find(bookingId);
      if (!row || row.requestId !== requestId) throw notFound('Booking');
      return row;
    }
    if (active.length === 0) throw notFound('Active booking');
    if (active.length > 1) {
      throw conflict(
        'series',
        'This request has a series of bookings: address one with /bookings/{bookingId}',
        {
          bookingIds: active.map((b) => b.id),
        },
      );
    }
    return active[0]!;
  }

  return {
    participantsOf,

    async book(
      requestId: number,
      input: BookingInput,
      principal: Principal,
      now = new Date(),
    ): Promise<BookingOutcome> {
      const request = requestService.load(requestId, principal);
      const times = checkTimes(input, now);
      const participants = participantsOf(request);
      checkSeats(request, participants.length);
      const [row] = holdHosts(request, principal, () =>
        allocate(request, [times], times.timeZone, null, participants),
      );
      const done = await saga.drive(row!.id);
      return { booking: toBookingDto(done), row: done };
    },

    async bookSeries(requestId: number, input: SeriesInput, principal: Principal, now = new Date()) {
      const request = requestService.load(requestId, principal);
      const times = checkTimes(input, now);
      const occurrences = occurrencesOf(times, times.timeZone, input.recurrence);
      const participants = participantsOf(request);
      checkSeats(request, participants.length);
      const seriesId = randomUUID();
      const rows = holdHosts(request, principal, () =>
        allocate(request, occurrences, times.timeZone, seriesId, participants),
      );
      // Sequentially: the provider sees one booking at a time, and the first one books the request.
      const done: BookingRow[] = [];
      for (const row of rows) done.push(await saga.drive(row.id));
      return { seriesId, bookings: done.map(toBookingDto), rows: done };
    },

    list(requestId: number, principal: Principal) {
      requestService.load(requestId, principal);
      return bookings.forRequest(requestId).map(toBookingDto);
    },

    get(requestId: number, principal: Principal, bookingId?: number) {
      requestService.load(requestId, principal);
      return toBookingDto(activeBookingOf(requestId, bookingId));
    },

    async reschedule(
      requestId: number,
      input: BookingInput,
      principal: Principal,
      bookingId?: number,
      now = new Date(),
    ): Promise<BookingOutcome> {
      const request = requestService.load(requestId, principal);
      const current = activeBookingOf(requestId, bookingId);
      if (current.state !== 'booked') {
        throw conflict('booking_busy', `The booking is ${current.state}; try again when it is booked`, {
          state: current.state,
        });
      }
      const times = checkTimes(input, now);
      const participants = participantsOf(request).length;
      const reserved = bookings.reserveReschedule(
        current.id,
        { ...times, ...holdFor(times, options.bufferMinutes) },
        participants + 1,
        request.kind === 'webinar',
        lease(),
      );
      if (reserved === 'not_booked')
        throw conflict('booking_busy', 'The booking changed meanwhile; reload it');
      if (!reserved) {
        throw conflict(
          'host_busy',
          "The meeting's host account is not free at the new time (buffer included)",
          {
            start: times.start,
            end: times.end,
          },
        );
      }
      const done = await saga.drive(current.id);
      return { booking: toBookingDto(done), row: done };
    },

    /**
     * Cancels the conference: the request becomes `cancelled` and every booked meeting is cancelled
     * with its invitations (same UID, higher SEQUENCE). Bookings still being set up notice the
     * cancelled request at their last step and undo themselves.
     */
    async cancelConference(requestId: number, principal: Principal, reason: string | null) {
      requestService.load(requestId, principal);
      const comment = reason ?? 'The conference has been cancelled by the helpdesk.';
      let cancelling: BookingRow[] = [];
      try {
        requests.transition(requestId, 'cancel', actorOf(principal), reason, (tx) => {
          const ids = bookings
            .forRequest(requestId)
            .filter((b) => b.state === 'booked')
            .map((b) => b.id);
          cancelling = bookings.startCancelling(ids, comment, lease(), tx);
        });
      } catch (error) {
        throw asHttpError(error);
      }
      const done: BookingRow[] = [];
      for (const b of cancelling) done.push(await saga.drive(b.id));
      return { request: requestService.get(requestId, principal), bookings: done.map(toBookingDto) };
    },

    /** Cancels one occurrence of a series; cancelling the last active one cancels the conference. */
    async cancelOccurrence(
      requestId: number,
      bookingId: number,
      principal: Principal,
      reason: string | null,
    ) {
      requestService.load(requestId, principal);
      const row = activeBookingOf(requestId, bookingId);
      const others = bookings.holdingFor(requestId).filter((b) => b.id !== row.id);
      if (others.length === 0) {
        const result = await this.cancelConference(requestId, principal, reason);
        return result.bookings.find((b) => b.id === bookingId) ?? toBookingDto(bookings.find(bookingId)!);
      }
      if (row.state !== 'booked') {
        throw conflict('booking_busy', `The booking is ${row.state}; it cannot be cancelled now`, {
          state: row.state,
        });
      }
      const [started] = bookings.startCancelling(
        [row.id],
        reason ?? 'This occurrence has been cancelled by the helpdesk.',
        lease(),
      );
      if (!started) throw conflict('booking_busy', 'The booking changed meanwhile; reload it');
      return toBookingDto(await saga.drive(row.id));
    },
  };
}

export type BookingService = ReturnType<typeof createBookingService>;

/** A booking that ended up failed is answered as 502: the provider refused; the reason is on the request. */
export function failedBookingError(row: BookingRow) {
  return new AppError(502, 'booking_failed', row.failureReason ?? 'The booking failed', {
    bookingId: row.id,
    state: row.state,
  });
}
