/** The local date and time of an instant in an IANA zone, and that zone's UTC offset at the instant. */
export interface WallClock {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday */
  weekday: number;
  offsetMinutes: number;
}

/**
 * One Intl.DateTimeFormat per zone, kept: building one is the expensive part (luxon built several
 * per invitation). Numeric fields only, so the result does not depend on locale data.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterFor = (timeZone: string) => {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, format);
  }
  return format;
};

/**
 * Results by zone and instant: an invitation needs the start and end twice (text and calendar), and
 * bookings cluster on the same hours. Exact keys, so no DST edge can be answered wrongly; bounded.
 */
const cache = new Map<string, WallClock>();
const CACHE_LIMIT = 2000;

export function wallClock(iso: string, timeZone: string): WallClock {
  const key = `${timeZone} ${iso}`;
  let clock = cache.get(key);
  if (!clock) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    clock = compute(Date.parse(iso), timeZone);
    cache.set(key, clock);
  }
  return clock;
}

function compute(instant: number, timeZone: string): WallClock {
  const fields: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = fields;
  const local = Date.UTC(year, month - 1, day, hour, minute, second);
  return {
    year,
    month,
    day,
    hour,
    minute,
    second,
    weekday: new Date(local).getUTCDay(),
    offsetMinutes: Math.round((local - (instant - (instant % 1000))) / 60_000),
  };
}

export const pad2 = (n: number) => String(n).padStart(2, '0');
