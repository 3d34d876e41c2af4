import {
  type BookingRow,
  type BookingsRepository,
  IllegalTransitionError,
  type RequestsRepository,
  UNFINISHED_STATES,
} from '@cmss/db';
import {
  type BookingState,
  type CalendarProvider,
  type MeetingProvider,
  type Participant,
  ProviderError,
} from '@cmss/shared';
import type { FastifyBaseLogger } from 'fastify';
import { calendarSpec, meetingColumns, meetingSpec, type SpecContext } from './specs.js';

/**
 * The booking saga (DESIGN §5). A booking row is its own outbox: `state` names the next external step,
 * and each step's result is stored before the next one starts. Whoever drives a booking — the request
 * that created it, a retry timer, or the worker resuming after a crash — reads the row and performs
 * exactly the step the state calls for:
 *
 *   pending ──create meeting──▶ meeting_created ──send invitations──▶ booked
 *   (the invitation's ids are stored with `booked`; calendar_created rows left by earlier versions still finish)
 *   rescheduling ──update meeting, update invitations──▶ booked
 *   cancelling ──cancel invitations, cancel meeting──▶ cancelled (or failed, when undoing a failure)
 *
 * Providers are idempotent per booking (meeting create keyed by booking id, invitations by UID and
 * SEQUENCE), so a step replayed after a crash never duplicates anything. Each state change is a
 * compare-and-set on the previous state, so two drivers can never both apply one step.
 *
 * Failures: retryable ones (and needs-reconnect) are retried with exponential back-off, never sooner than
 * the provider's Retry-After; permanent ones (or too many retries) undo what was done — the meeting is
 * cancelled, no invitation is ever sent for a failed booking — release the host, and note the reason
 * on the request.
 */

export const SAGA_ACTOR = { subject: 'system:booking-saga', role: 'system' } as const;

export interface ProviderSet {
  meeting: MeetingProvider;
  calendar: CalendarProvider;
}

export interface SagaOptions {
  bookings: BookingsRepository;
  requests: RequestsRepository;
  /** Read at every step, so the providers can be replaced (configuration reload, tests). */
  providers: ProviderSet;
  organizer: Participant;
  leaseMs: number;
  maxAttempts: number;
  log: FastifyBaseLogger;
  /** Called when a step will be retried later, so that a timer can pick it up on time. */
  onRetryScheduled?: (bookingId: number, delayMs: number) => void;
}

type Patch = Parameters<BookingsRepository['advance']>[2];

/** Another driver moved the booking on; re-read it and carry on from its new state. */
class LostRace extends Error {}

const MAX_BACKOFF_MS = 5 * 60_000;
export const backoffMs = (attempt: number) => Math.min(1000 * 2 ** (attempt - 1), MAX_BACKOFF_MS);

export function createBookingSaga(options: SagaOptions) {
  const { bookings, requests } = options;
  const inFlight = new Map<number, Promise<BookingRow>>();
  const lease = () => new Date(Date.now() + options.leaseMs).toISOString();

  const context = (booking: BookingRow): SpecContext => {
    const request = requests.find(booking.requestId);
    const host = bookings.hostOf(booking.hostAccountId);
    if (!request || !host) throw new Error(`booking ${booking.id} lost its request or host account`);
    return {
      booking,
      request,
      participants: bookings.participants(booking.id),
      hostEmail: host.email,
      organizer: options.organizer,
    };
  };

  const advance = (booking: BookingRow, patch: Patch) => {
    const row = bookings.advance(booking.id, booking.state, patch);
    if (!row) throw new LostRace();
    return row;
  };

  /** The request may have been cancelled or rejected while its meeting was being set up. */
  const closedRequestStatus = (ctx: SpecContext) =>
    ['cancelled', 'rejected', 'held'].includes(ctx.request.status) ? ctx.request.status : null;

  async function step(ctx: SpecContext): Promise<void> {
    const { booking } = ctx;
    const { meeting, calendar } = options.providers;
    switch (booking.state) {
      case 'pending': {
        if (closedRequestStatus(ctx)) return finish(ctx);
        const details = await meeting.create(meetingSpec(ctx));
        advance(booking, { state: 'meeting_created', ...meetingColumns(details), nextAttemptAt: lease() });
        return;
      }
      case 'meeting_created': {
        // Cancelled or rejected meanwhile: undo the meeting without ever inviting anyone.
        if (closedRequestStatus(ctx)) return finish(ctx);
        const ref = await calendar.invite(calendarSpec(ctx));
        // The invitation's ids and the end of the booking in one commit. The request is read again:
        // it may have been closed while the invitation went out, which then has to be cancelled.
        const request = requests.find(booking.requestId) ?? ctx.request;
        return finish({ ...ctx, request }, { calendarEventId: ref.eventId, calendarIcalUid: ref.iCalUId });
      }
      case 'calendar_created':
        return finish(ctx);
      case 'rescheduling': {
        const details = await meeting.update(booking.meetingId!, meetingSpec(ctx));
        const updated = advance(booking, { ...meetingColumns(details), nextAttemptAt: lease() });
        const ref = {
          eventId: booking.calendarEventId!,
          iCalUId: booking.calendarIcalUid ?? booking.icalUid,
        };
        await calendar.update(ref, calendarSpec({ ...ctx, booking: updated }));
        return finish({ ...ctx, booking: updated });
      }
      case 'cancelling': {
        const comment = booking.cancelReason ?? 'The conference has been cancelled.';
        if (booking.calendarEventId) {
          await calendar.cancel(
            { eventId: booking.calendarEventId, iCalUId: booking.calendarIcalUid ?? booking.icalUid },
            calendarSpec(ctx),
            comment,
          );
        }
        if (booking.meetingId) await meeting.cancel(booking.meetingId, ctx.hostEmail);
        advance(booking, {
          state: booking.failureReason ? 'failed' : 'cancelled',
          nextAttemptAt: null,
          previousStart: null,
          previousEnd: null,
          previousTimeZone: null,
          previousHoldStart: null,
          previousHoldEnd: null,
        });
        return;
      }
      default:
        return;
    }
  }

  /**
   * The last step: the booking is booked and, for its first booking, the request too — in one
   * transaction, together with `invited` (the invitation's ids, when the invitation was just sent).
   */
  function finish(ctx: SpecContext, invited: Patch = {}): void {
    const { booking, request } = ctx;
    const closed = closedRequestStatus(ctx);
    if (closed) {
      advance(booking, {
        ...invited,
        state: 'cancelling',
        cancelReason: `The request was ${closed} while the meeting was being set up.`,
        sequence: booking.sequence + 1,
        nextAttemptAt: lease(),
      });
      return;
    }
    const booked = {
      ...invited,
      state: 'booked' as const,
      nextAttemptAt: null,
      attempts: 0,
      previousStart: null,
      previousEnd: null,
      previousTimeZone: null,
      previousHoldStart: null,
      previousHoldEnd: null,
    };
    if (request.status !== 'scheduling') {
      advance(booking, booked);
      return;
    }
    try {
      requests.transition(request.id, 'book', SAGA_ACTOR, null, (tx) => {
        if (!bookings.advance(booking.id, booking.state, booked, tx)) throw new LostRace();
      });
    } catch (error) {
      // Closed by another process since it was read: the invitation already sent must be recorded
      // (so that it is cancelled), which re-reading and finishing again does.
      if (!(error instanceof IllegalTransitionError) || !invited.calendarEventId) throw error;
      const fresh = requests.find(request.id);
      if (!fresh || fresh.status === 'scheduling') throw error;
      finish({ ...ctx, request: fresh }, invited);
    }
  }

  /** What to do after a failed step; returns true when the saga should keep driving (an undo to run). */
  function onFailure(ctx: SpecContext, error: unknown): boolean {
    const { booking } = ctx;
    const classified =
      error instanceof ProviderError
        ? error
        : new ProviderError(
            'retryable',
            'internal',
            `unexpected error: ${(error as Error)?.message ?? error}`,
          );
    if (!(error instanceof ProviderError))
      options.log.error({ err: error, bookingId: booking.id }, 'booking step crashed');
    const attempts = booking.attempts + 1;
    const reason = `${classified.provider}: ${classified.message}`;

    if (classified.kind !== 'permanent' && attempts < options.maxAttempts) {
      const delay = Math.max(classified.details.retryAfterMs ?? 0, backoffMs(attempts));
      advance(booking, { attempts, nextAttemptAt: new Date(Date.now() + delay).toISOString() });
      if (classified.kind === 'needs_reconnect' && attempts === 1) {
        requests.note(
          booking.requestId,
          'provider_needs_reconnect',
          `${reason} (retrying; reconnect the account)`,
          SAGA_ACTOR,
        );
      }
      options.log.warn(
        { bookingId: booking.id, state: booking.state, attempts, delay, reason },
        'booking step will be retried',
      );
      options.onRetryScheduled?.(booking.id, delay);
      return false;
    }

    const final = classified.kind === 'permanent' ? reason : `${reason} (gave up after ${attempts} attempts)`;
    options.log.warn(
      { bookingId: booking.id, state: booking.state, reason: final },
      'booking step failed permanently',
    );
    const undo: BookingState[] = ['pending', 'meeting_created', 'calendar_created'];
    if (undo.includes(booking.state)) {
      advance(booking, { state: 'cancelling', failureReason: final, attempts: 0, nextAttemptAt: lease() });
      requests.note(
        booking.requestId,
        'booking_failed',
        `Booking failed and was undone: ${final}`,
        SAGA_ACTOR,
      );
      return true;
    }
    if (booking.state === 'rescheduling') {
      if (
        booking.previousStart &&
        booking.previousEnd &&
        booking.previousHoldStart &&
        booking.previousHoldEnd
      ) {
        // Put everything back to the times the participants already have.
        advance(booking, {
          start: booking.previousStart,
          end: booking.previousEnd,
          timeZone: booking.previousTimeZone ?? booking.timeZone,
          holdStart: booking.previousHoldStart,
          holdEnd: booking.previousHoldEnd,
          previousStart: null,
          previousEnd: null,
          previousTimeZone: null,
          previousHoldStart: null,
          previousHoldEnd: null,
          sequence: booking.sequence + 1,
          failureReason: `Reschedule failed: ${final}`,
          attempts: 0,
          nextAttemptAt: lease(),
        });
        requests.note(
          booking.requestId,
          'reschedule_failed',
          `Reschedule failed, previous time restored: ${final}`,
          SAGA_ACTOR,
        );
        return true;
      }
      advance(booking, {
        state: 'booked',
        failureReason: `Could not restore the previous time: ${final}`,
        nextAttemptAt: null,
      });
      requests.note(
        booking.requestId,
        'reschedule_failed',
        `Reschedule failed and the previous time could not be restored: ${final}. Check the meeting by hand.`,
        SAGA_ACTOR,
      );
      return false;
    }
    if (booking.state === 'cancelling') {
      advance(booking, {
        state: booking.failureReason ? 'failed' : 'cancelled',
        failureReason: [booking.failureReason, `cancellation failed: ${final}`].filter(Boolean).join('; '),
        nextAttemptAt: null,
      });
      requests.note(
        booking.requestId,
        'cancellation_failed',
        `The meeting or invitations could not be cancelled at the provider: ${final}. Remove them by hand.`,
        SAGA_ACTOR,
      );
    }
    return false;
  }

  async function run(id: number): Promise<BookingRow> {
    let base: SpecContext | undefined;
    // Bounded: a booking needs at most a handful of steps (setup, undo); a loop beyond that is a bug.
    for (let i = 0; i < 12; i++) {
      const booking = bookings.find(id);
      if (!booking) throw new Error(`booking ${id} not found`);
      if (!UNFINISHED_STATES.includes(booking.state)) return booking;
      // Participants and host do not change during a run; the request's status is re-read where it matters.
      base ??= context(booking);
      const ctx: SpecContext = {
        ...base,
        booking,
        request: requests.find(booking.requestId) ?? base.request,
      };
      try {
        await step(ctx);
      } catch (error) {
        if (error instanceof LostRace || error instanceof IllegalTransitionError) continue;
        try {
          if (!onFailure(ctx, error)) return bookings.find(id)!;
        } catch (inner) {
          if (inner instanceof LostRace) continue;
          throw inner;
        }
      }
    }
    return bookings.find(id)!;
  }

  return {
    /**
     * Runs the booking's saga until it is finished or waiting for a retry. The caller must own the
     * booking's lease (it created it, or claimed it). Concurrent calls in one process share one run.
     */
    drive(id: number): Promise<BookingRow> {
      const running = inFlight.get(id);
      if (running) return running;
      const promise = run(id).finally(() => inFlight.delete(id));
      inFlight.set(id, promise);
      return promise;
    },
    isDriving: (id: number) => inFlight.has(id),
    /** Waits (up to `ms`) for running sagas, so that closing the app does not pull the database away. */
    async settle(ms: number) {
      const all = Promise.allSettled([...inFlight.values()]);
      await Promise.race([all, new Promise((resolve) => setTimeout(resolve, ms).unref())]);
    },
  };
}

export type BookingSaga = ReturnType<typeof createBookingSaga>;
