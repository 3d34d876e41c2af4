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
 * per invitation, and the e-mail parser one per recognised time). Numeric fields only, so the result
 * does not depend on locale data.
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

/** Whether `timeZone` is an IANA zone this runtime knows (its formatter is then kept for later use). */
export function isKnownZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock of an ISO instant in `timeZone`. */
export const wallClock = (iso: string, timeZone: string): WallClock => wallClockAt(Date.parse(iso), timeZone);

/** The wall clock of an instant (ms since the epoch) in `timeZone`; RangeError for an unknown zone. */
export function wallClockAt(instant: number, timeZone: string): WallClock {
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
