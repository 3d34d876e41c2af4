import type { BookingsRepository } from '@cmss/db';
import type { FastifyBaseLogger } from 'fastify';
import type { BookingSaga } from './saga.js';

/**
 * Resumes bookings whose saga did not finish: at start-up (a crash between two steps) and whenever a
 * retry falls due. A booking is claimed (leased) before it is driven, so two processes never work on
 * one booking; a crashed process's lease simply runs out.
 */
export function createBookingWorker(options: {
  saga: BookingSaga;
  bookings: BookingsRepository;
  intervalMs: number;
  leaseMs: number;
  log: FastifyBaseLogger;
}) {
  const { saga, bookings, log } = options;
  const timers = new Set<NodeJS.Timeout>();
  let poller: NodeJS.Timeout | undefined;
  let stopped = false;
  let sweeping: Promise<void> | null = null;

  async function tryRun(id: number): Promise<void> {
    if (stopped || saga.isDriving(id)) return;
    const now = new Date();
    if (!bookings.claim(id, now.toISOString(), new Date(now.getTime() + options.leaseMs).toISOString()))
      return;
    try {
      const row = await saga.drive(id);
      log.info({ bookingId: id, state: row.state }, 'booking resumed');
    } catch (error) {
      log.error({ err: error, bookingId: id }, 'resuming a booking failed');
    }
  }

  /** One pass over every due booking; overlapping passes are merged into one. */
  function sweep(): Promise<void> {
    sweeping ??= (async () => {
      try {
        for (const id of bookings.due(new Date().toISOString())) await tryRun(id);
      } catch (error) {
        log.error({ err: error }, 'booking worker pass failed');
      }
    })().finally(() => {
      sweeping = null;
    });
    return sweeping;
  }

  return {
    /** Resumes what a previous run left unfinished, then keeps polling for due retries. */
    async start() {
      stopped = false;
      await sweep();
      poller = setInterval(() => void sweep(), options.intervalMs);
      poller.unref();
    },
    /** A step will be due in `delayMs`: run it then rather than at the next poll. */
    wake(id: number, delayMs: number) {
      if (stopped) return;
      const timer = setTimeout(() => {
        timers.delete(timer);
        void tryRun(id);
      }, delayMs + 5);
      timer.unref();
      timers.add(timer);
    },
    sweep,
    async stop() {
      stopped = true;
      if (poller) clearInterval(poller);
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await sweeping;
    },
  };
}

export type BookingWorker = ReturnType<typeof createBookingWorker>;
