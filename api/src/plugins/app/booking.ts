import { createBookingsRepository, createHostAccountsRepository, createRequestsRepository } from '@cmss/db';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createHolidayCalendar } from '../../booking/holidays.js';
import { createBookingSaga } from '../../booking/saga.js';
import { createBookingService } from '../../booking/service.js';
import { createSuggestionService } from '../../booking/suggestion-service.js';
import { createBookingWorker } from '../../booking/worker.js';
import { createProviders } from '../../providers/index.js';
import { createRequestService } from '../../requests/service.js';

/** How long closing the app waits for sagas in flight; whatever is left is resumed by the next start. */
const SETTLE_ON_CLOSE_MS = 3000;

function createBookingEngine(app: FastifyInstance) {
  const db = app.database.db;
  const config = app.config.booking;
  const providers = createProviders(app.config);
  const repos = {
    requests: createRequestsRepository(db),
    bookings: createBookingsRepository(db),
    hosts: createHostAccountsRepository(db),
  };
  const requestService = createRequestService(repos.requests);
  // The worker needs the saga and the saga wakes the worker: wire them through this late binding.
  let wake: (id: number, delayMs: number) => void = () => {};
  const saga = createBookingSaga({
    bookings: repos.bookings,
    requests: repos.requests,
    providers,
    organizer: { email: app.config.helpdeskMailbox, displayName: config.helpdeskName },
    leaseMs: config.leaseMs,
    maxAttempts: config.maxAttempts,
    log: app.log.child({ component: 'booking-saga' }),
    onRetryScheduled: (id, delay) => wake(id, delay),
  });
  const worker = createBookingWorker({
    saga,
    bookings: repos.bookings,
    intervalMs: config.workerIntervalMs,
    leaseMs: config.leaseMs,
    log: app.log.child({ component: 'booking-worker' }),
  });
  wake = (id, delay) => worker.wake(id, delay);
  const bookingService = createBookingService({
    bookings: repos.bookings,
    requests: repos.requests,
    requestService,
    saga,
    bufferMinutes: config.bufferMinutes,
    leaseMs: config.leaseMs,
    meetingProvider: () => providers.meeting.name,
    calendarProvider: () => providers.calendar.name,
    uidDomain: app.config.helpdeskMailbox.split('@')[1] ?? 'cmss.example',
  });
  const suggestions = createSuggestionService({
    requests: repos.requests,
    bookings: repos.bookings,
    requestService,
    holidays: createHolidayCalendar(),
    bufferMinutes: config.bufferMinutes,
    workingHours: config.workingHours,
    workingDays: config.workingDays,
    calendar: () => providers.calendar,
    log: app.log.child({ component: 'suggestions' }),
  });
  return { providers, repos, requestService, saga, worker, bookingService, suggestions };
}

export type BookingEngine = ReturnType<typeof createBookingEngine>;

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * The request log and booking engine. `booking.providers.meeting|calendar` may be replaced before
     * `ready()` (tests use provider doubles); the saga reads them at every step.
     */
    booking: BookingEngine;
  }
}

export default fp(
  async (app) => {
    const engine = createBookingEngine(app);
    app.decorate('booking', engine);
    // Resume bookings a previous run left half-done, before the first request is served.
    app.addHook('onReady', async () => {
      if (app.config.booking.workerEnabled) await engine.worker.start();
    });
    app.addHook('onClose', async () => {
      await engine.worker.stop();
      await engine.saga.settle(SETTLE_ON_CLOSE_MS);
      await engine.providers.close();
    });
  },
  { name: 'booking', dependencies: ['database', 'audit'] },
);
