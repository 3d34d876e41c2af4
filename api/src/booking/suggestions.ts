import { DateTime } from 'luxon';
import type { HolidayCalendar } from './holidays.js';

/**
 * Slot suggestions: times at which every participant is inside their own working hours (in their
 * country's time zone, on a working day that is not a public holiday there) and a host account is
 * free for the slot plus its buffer. All arithmetic is done on real instants and converted per zone
 * with Luxon, so daylight-saving changes — and zones that do not change at all, like Reykjavik —
 * come out right without special cases.
 */

export interface Attendance {
  timeZone: string;
  /** For public holidays; null for guests placed by zone only, or not placed at all. */
  countryCode: string | null;
  /** How many participants share this zone and country (for display). */
  participants: number;
}

export interface HostCalendar {
  hosts: { id: number; capacity: number; webinarCapable: boolean }[];
  holds: {
    hostAccountId: number;
    holdStart: string;
    holdEnd: string;
    previousHoldStart: string | null;
    previousHoldEnd: string | null;
  }[];
}

export interface SuggestionInput {
  from: Date;
  to: Date;
  durationMinutes: number;
  stepMinutes: number;
  bufferMinutes: number;
  attendance: Attendance[];
  workingHours: { startMinute: number; endMinute: number };
  /** ISO weekdays, Monday = 1. */
  workingDays: number[];
  holidays: HolidayCalendar;
  hostCalendar: HostCalendar;
  seats: number;
  webinar: boolean;
  proposedWindows: { start: string; end: string }[];
  limit: number;
  /**
   * Busy periods of invitees whose calendars the calendar provider can read (Graph getSchedule,
   * issue 5), UTC ISO instants. Invitees it cannot see are not in here: unknown, never "free".
   */
  inviteeBusy?: { start: string; end: string }[];
}

export interface SuggestedSlot {
  start: string;
  end: string;
  freeHosts: number;
  inProposedWindow: boolean;
  localTimes: { timeZone: string; start: string; end: string; participants: number }[];
}

/** How comfortably a slot sits inside everyone's day: the smallest margin to anyone's start or end of work. */
function margin(
  start: Date,
  end: Date,
  attendance: Attendance[],
  hours: SuggestionInput['workingHours'],
  input: SuggestionInput,
): number | null {
  let smallest = Number.POSITIVE_INFINITY;
  for (const a of attendance) {
    const s = DateTime.fromJSDate(start, { zone: a.timeZone });
    const e = DateTime.fromJSDate(end, { zone: a.timeZone });
    if (s.toISODate() !== e.minus({ milliseconds: 1 }).toISODate()) return null;
    if (!input.workingDays.includes(s.weekday)) return null;
    const startMinute = s.hour * 60 + s.minute;
    const endMinute = startMinute + (end.getTime() - start.getTime()) / 60_000;
    if (startMinute < hours.startMinute || endMinute > hours.endMinute) return null;
    if (a.countryCode && input.holidays.isHoliday(a.countryCode, s.toISODate()!)) return null;
    smallest = Math.min(smallest, startMinute - hours.startMinute, hours.endMinute - endMinute);
  }
  return smallest;
}

function freeHosts(holdStart: string, holdEnd: string, input: SuggestionInput): number {
  let free = 0;
  for (const host of input.hostCalendar.hosts) {
    if (host.capacity < input.seats || (input.webinar && !host.webinarCapable)) continue;
    const busy = input.hostCalendar.holds.some(
      (h) =>
        h.hostAccountId === host.id &&
        ((h.holdStart < holdEnd && h.holdEnd > holdStart) ||
          (h.previousHoldStart !== null &&
            h.previousHoldStart < holdEnd &&
            (h.previousHoldEnd ?? '') > holdStart)),
    );
    if (!busy) free++;
  }
  return free;
}

export function suggestSlots(input: SuggestionInput): SuggestedSlot[] {
  const step = input.stepMinutes * 60_000;
  const duration = input.durationMinutes * 60_000;
  const buffer = input.bufferMinutes * 60_000;
  const candidates: (SuggestedSlot & { margin: number })[] = [];
  // Candidate starts on the step grid: whole and half hours in UTC are whole and half hours in Europe and
  // almost everywhere else (a guest in Asia/Kathmandu, UTC+5:45, sees starts at :15 and :45).
  const first = Math.ceil(input.from.getTime() / step) * step;
  for (let t = first; t + duration <= input.to.getTime(); t += step) {
    const start = new Date(t);
    const end = new Date(t + duration);
    const m = margin(start, end, input.attendance, input.workingHours, input);
    if (m === null) continue;
    const hosts = freeHosts(
      new Date(t - buffer).toISOString(),
      new Date(t + duration + buffer).toISOString(),
      input,
    );
    if (hosts === 0) continue;
    const startIso = start.toISOString();
    const endIso = end.toISOString();
    if (input.inviteeBusy?.some((b) => b.start < endIso && b.end > startIso)) continue;
    candidates.push({
      start: startIso,
      end: endIso,
      freeHosts: hosts,
      inProposedWindow: input.proposedWindows.some(
        (w) => new Date(w.start).toISOString() <= startIso && new Date(w.end).toISOString() >= endIso,
      ),
      localTimes: input.attendance.map((a) => ({
        timeZone: a.timeZone,
        start: DateTime.fromJSDate(start, { zone: a.timeZone }).toFormat("yyyy-LL-dd'T'HH:mm"),
        end: DateTime.fromJSDate(end, { zone: a.timeZone }).toFormat("yyyy-LL-dd'T'HH:mm"),
        participants: a.participants,
      })),
      margin: m,
    });
  }
  // Ranked: inside a proposed window first, then comfortably inside everyone's day, then earliest.
  candidates.sort(
    (a, b) =>
      Number(b.inProposedWindow) - Number(a.inProposedWindow) ||
      Math.min(b.margin, 120) - Math.min(a.margin, 120) ||
      (a.start < b.start ? -1 : 1),
  );
  return candidates.slice(0, input.limit).map(({ margin: _m, ...slot }) => slot);
}
