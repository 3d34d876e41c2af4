import { IANAZone } from 'luxon';
import { AppError } from '../errors.js';

/**
 * Input rules for times, shared by requests and bookings. Instants are stored as
 * `toISOString()` (UTC, milliseconds, `Z`) so that they compare correctly as strings in SQL.
 */

export const invalidInput = (code: string, message: string, details?: unknown) =>
  new AppError(422, code, message, details);

/**
 * Zones already found valid: IANAZone.isValidZone builds an Intl.DateTimeFormat on every call. Only
 * valid names are kept, so the set is bounded by the runtime's zone list (a few hundred).
 */
const validZones = new Set<string>();
const isIanaZone = (timeZone: string) => {
  if (validZones.has(timeZone)) return true;
  if (!/^[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+$|^UTC$/.test(timeZone) || !IANAZone.isValidZone(timeZone))
    return false;
  validZones.add(timeZone);
  return true;
};

/** A real IANA zone known to the runtime (Europe/Lisbon), not an offset or an abbreviation. */
export function assertTimeZone(timeZone: string, field = 'timeZone'): string {
  if (!isIanaZone(timeZone)) {
    throw new AppError(
      400,
      'invalid_time_zone',
      `${field} "${timeZone}" is not an IANA time zone such as Europe/Lisbon`,
      {
        field,
      },
    );
  }
  return timeZone;
}

export function toInstant(value: string, field: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new AppError(400, 'invalid_instant', `${field} is not a valid date-time`, { field });
  }
  return date.toISOString();
}

export interface Interval {
  start: string;
  end: string;
}

/**
 * A proposed or booked interval: end after start, not in the past, no longer than `maxMinutes`.
 * `now` is passed in so callers (and tests) agree on one clock reading.
 */
export function checkInterval(
  raw: Interval,
  options: { now: Date; field: string; maxMinutes?: number; minMinutes?: number },
): Interval {
  const start = toInstant(raw.start, `${options.field}.start`);
  const end = toInstant(raw.end, `${options.field}.end`);
  if (end <= start) {
    throw invalidInput('end_before_start', `${options.field}: the end must be after the start`, {
      field: options.field,
      start,
      end,
    });
  }
  if (start < options.now.toISOString()) {
    throw invalidInput('in_the_past', `${options.field} starts in the past`, { field: options.field, start });
  }
  const minutes = (Date.parse(end) - Date.parse(start)) / 60_000;
  if (options.maxMinutes !== undefined && minutes > options.maxMinutes) {
    throw invalidInput(
      'too_long',
      `${options.field} lasts ${minutes} minutes; at most ${options.maxMinutes}`,
      {
        field: options.field,
      },
    );
  }
  if (options.minMinutes !== undefined && minutes < options.minMinutes) {
    throw invalidInput(
      'too_short',
      `${options.field} lasts ${minutes} minutes; it must hold the ${options.minMinutes}-minute conference`,
      { field: options.field },
    );
  }
  return { start, end };
}

/** Proposed windows must not overlap one another: overlapping ones are almost always a typing error. */
export function assertNoOverlap(windows: Interval[], field: string): void {
  const sorted = [...windows].sort((a, b) => (a.start < b.start ? -1 : 1));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.start < sorted[i - 1]!.end) {
      throw invalidInput('overlapping_windows', `${field}: two proposed windows overlap`, {
        field,
        windows: [sorted[i - 1], sorted[i]],
      });
    }
  }
}

/** [start − buffer, end + buffer]: the interval a host account is held for a meeting. */
export function holdFor(interval: Interval, bufferMinutes: number) {
  const buffer = bufferMinutes * 60_000;
  return {
    holdStart: new Date(Date.parse(interval.start) - buffer).toISOString(),
    holdEnd: new Date(Date.parse(interval.end) + buffer).toISOString(),
  };
}
