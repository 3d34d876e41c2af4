import type { BookingsRepository, RequestsRepository } from '@cmss/db';
import { type CalendarProvider, checkCapacity, countryByCode } from '@cmss/shared';
import type { Principal } from '../access.js';
import { AppError } from '../errors.js';
import type { RequestService } from '../requests/service.js';
import type { HolidayCalendar } from './holidays.js';
import { type Attendance, suggestSlots } from './suggestions.js';

const DAY = 24 * 3_600_000;
const MAX_RANGE_DAYS = 62;

export interface SuggestionServiceOptions {
  requests: RequestsRepository;
  bookings: BookingsRepository;
  requestService: RequestService;
  holidays: HolidayCalendar;
  bufferMinutes: number;
  workingHours: { startMinute: number; endMinute: number };
  workingDays: number[];
  /** The calendar provider; when it offers `freeBusy` (Graph), invitees' busy times are avoided. */
  calendar?: () => CalendarProvider;
  log?: { warn(obj: object, msg: string): void };
}

/** Ranked free slots for a request (GET /requests/{id}/suggestions). */
export function createSuggestionService(options: SuggestionServiceOptions) {
  /**
   * One entry per (zone, country). Where someone works: the zone and/or country stated with an e-mail
   * invitee (a zone alone brings no holidays; a country alone brings its zone), else their hospital's
   * country, else — a guest nobody placed — the request's zone.
   */
  function attendanceOf(requestId: number, requesterId: number | null, requestZone: string): Attendance[] {
    const groups = new Map<string, Attendance>();
    const add = (
      stated: { timeZone: string | null; countryCode: string | null },
      hospitalCountry: string | null,
    ) => {
      const countryCode = stated.timeZone || stated.countryCode ? stated.countryCode : hospitalCountry;
      const timeZone =
        stated.timeZone ?? ((countryCode && countryByCode(countryCode)?.timeZone) || requestZone);
      const key = `${timeZone}|${countryCode ?? ''}`;
      const group = groups.get(key);
      if (group) group.participants++;
      else groups.set(key, { timeZone, countryCode, participants: 1 });
    };
    const requester = requesterId ? options.requests.requester(requesterId) : undefined;
    if (requester) add({ timeZone: null, countryCode: null }, requester.countryCode);
    for (const i of options.requests.invitees(requestId)) {
      add({ timeZone: i.givenTimeZone, countryCode: i.givenCountryCode }, i.countryCode ?? null);
    }
    return [...groups.values()];
  }

  /**
   * Busy periods of everyone the calendar provider can see (blocking statuses only: busy, out of
   * office). Its failure never blocks suggestions: they are then made without free/busy.
   */
  async function inviteeBusy(requestId: number, requesterId: number | null, from: Date, to: Date) {
    const calendar = options.calendar?.();
    if (!calendar?.freeBusy) return undefined;
    const emails = options.requests.invitees(requestId).map((i) => i.email);
    const requester = requesterId ? options.requests.requester(requesterId) : undefined;
    if (requester) emails.push(requester.email);
    if (emails.length === 0) return undefined;
    try {
      const answers = await calendar.freeBusy(emails, from.toISOString(), to.toISOString());
      return answers.flatMap((a) =>
        a.availability === 'known'
          ? a.busy
              .filter((b) => b.status === 'busy' || b.status === 'oof')
              .map(({ start, end }) => ({ start, end }))
          : [],
      );
    } catch (err) {
      options.log?.warn({ err, requestId }, 'free/busy unavailable; suggesting without it');
      return undefined;
    }
  }

  return {
    async suggest(
      requestId: number,
      principal: Principal,
      query: { from?: string; to?: string; limit?: number },
      now = new Date(),
    ) {
      const request = options.requestService.load(requestId, principal);
      const from = query.from ? new Date(query.from) : now;
      const to = query.to ? new Date(query.to) : new Date(from.getTime() + 14 * DAY);
      const start = from < now ? now : from;
      if (to <= start)
        throw new AppError(422, 'end_before_start', '`to` must be after `from` and in the future');
      if (to.getTime() - start.getTime() > MAX_RANGE_DAYS * DAY) {
        throw new AppError(422, 'range_too_long', `Ask for at most ${MAX_RANGE_DAYS} days at a time`);
      }
      const attendance = attendanceOf(request.id, request.requesterId, request.timeZone);
      const participants = attendance.reduce((n, a) => n + a.participants, 0);
      const buffer = options.bufferMinutes * 60_000;
      const calendar = options.bookings.holdsBetween(
        new Date(start.getTime() - buffer - DAY).toISOString(),
        new Date(to.getTime() + buffer + DAY).toISOString(),
      );
      // A booked request is moved on the host account it holds (a reschedule keeps the meeting, and so
      // its host): only times that host is free, its own hold aside. Other hosts' free times were
      // offered, and refused as 409 host_busy once chosen. (A series: each occurrence has its host.)
      const held = options.bookings.holdingFor(request.id);
      const hostCalendar =
        held.length === 1
          ? {
              hosts: calendar.hosts.filter((h) => h.id === held[0]!.hostAccountId),
              holds: calendar.holds.filter((h) => h.bookingId !== held[0]!.id),
            }
          : calendar;
      const busy = await inviteeBusy(request.id, request.requesterId, start, to);
      const items = suggestSlots({
        from: start,
        to,
        durationMinutes: request.durationMinutes,
        stepMinutes: 30,
        bufferMinutes: options.bufferMinutes,
        attendance,
        workingHours: options.workingHours,
        workingDays: options.workingDays,
        holidays: options.holidays,
        hostCalendar,
        seats: checkCapacity(request.kind, participants).participants,
        webinar: request.kind === 'webinar',
        proposedWindows: options.requests.windows(request.id),
        limit: query.limit ?? 10,
        ...(busy ? { inviteeBusy: busy } : {}),
      });
      return { items, zones: attendance };
    },
  };
}
