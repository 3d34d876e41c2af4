import * as chrono from 'chrono-node';
import { wallClockAt } from '../wall-clock.js';

/**
 * Proposed times in request e-mails, in the seven languages the helpdesk receives most: chrono-node's
 * parsers for EN, DE, FR, ES, IT, NL and PT run side by side and the longest reading of each stretch of
 * text wins. Times are wall-clock times in the writer's zone (IANA), converted to UTC correctly across
 * DST changes; an explicit zone or offset in the text ("15:00 CET", "10:00 UTC") wins.
 */
export const TIME_LOCALES = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt'] as const;
export type TimeLocale = (typeof TIME_LOCALES)[number];

/**
 * The one gap in chrono's locales that request e-mails hit: a numeric day and month without a year
 * followed by a clock time ("25.11. um 10:30", "le 25/11 à 10h30", "op 25-11 om 10:30"). Day before
 * month, as written across Europe; the year is the next occurrence from the reference.
 */
const NUMERIC_DAY_TIME =
  /(?<![\d./-])(\d{1,2})[./-](\d{1,2})\.?(?![\d./-])\s*,?\s*(?:um|à|a las|alle(?: ore)?|om|às|as|at|a)?\s*(\d{1,2})(?:[:.hH](\d{2}))?\s*(?:Uhr|uur|horas|ore|h)?(?![\d:])/i;

const numericDayTime: chrono.Parser = {
  pattern: () => NUMERIC_DAY_TIME,
  extract: (context, match) => {
    const [day, month, hour, minute] = [match[1], match[2], match[3], match[4] ?? '0'].map(Number) as [
      number,
      number,
      number,
      number,
    ];
    if (day < 1 || day > 31 || month < 1 || month > 12 || hour > 23 || minute > 59) return null;
    const ref = context.reference.instant;
    let year = ref.getUTCFullYear();
    if (Date.UTC(year, month - 1, day, 23, 59) < ref.getTime()) year += 1;
    return context.createParsingComponents({ day, month, year, hour, minute });
  },
};

const withGapFiller = (parser: chrono.Chrono) => {
  const clone = parser.clone();
  clone.parsers.push(numericDayTime);
  return clone;
};

const PARSERS: Record<TimeLocale, chrono.Chrono> = {
  en: withGapFiller(chrono.en.casual),
  de: withGapFiller(chrono.de.casual),
  fr: withGapFiller(chrono.fr.casual),
  es: withGapFiller(chrono.es.casual),
  it: withGapFiller(chrono.it.casual),
  nl: withGapFiller(chrono.nl.casual),
  pt: withGapFiller(chrono.pt.casual),
};

export interface RecognisedTime {
  start: Date;
  end: Date | null;
  text: string;
  index: number;
  language: TimeLocale;
}

/** Offset of `zone` from UTC at an instant (ms), in minutes (e.g. +60 for Europe/Berlin in winter). */
const offsetAt = (instant: number, zone: string): number => wallClockAt(instant, zone).offsetMinutes;

/** The UTC instant at which the clock in `zone` shows the given wall time (DST-aware). */
export function wallTimeToInstant(
  wall: { year: number; month: number; day: number; hour: number; minute: number },
  zone: string,
): Date {
  const naive = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  let instant = naive - offsetAt(naive, zone) * 60_000;
  // A second pass settles times near a DST change, where the first guess used the other offset.
  instant = naive - offsetAt(instant, zone) * 60_000;
  return new Date(instant);
}

function toInstant(components: chrono.ParsedComponents, zone: string): Date {
  if (components.isCertain('timezoneOffset')) return components.date();
  return wallTimeToInstant(
    {
      year: components.get('year')!,
      month: components.get('month')!,
      day: components.get('day')!,
      hour: components.get('hour')!,
      minute: components.get('minute') ?? 0,
    },
    zone,
  );
}

/** "90 minutes", "2 Stunden": a duration that some locales read as "in 90 minutes from now". */
const DURATION_ONLY = new RegExp(
  '^\\s*(?:in|within|für|for|dans|en|per|durante|over|binnen|tra|fra|em)?\\s*' +
    "(?:\\d+(?:[.,]\\d+)?|an?|one|two|half an?|an? half|eine?|zwei|anderthalb|une?|deux|una?|dos|un'|due|mezz'|een|twee|half|uma?|duas?|meia)\\s*" +
    '(?:min\\w*|h|hrs?|hours?|stunden?|heures?|horas?|ora|ore|uur)\\.?\\s*$',
  'i',
);

function tomorrowAt(reference: Date, zone: string, time: chrono.ParsedComponents): Date {
  const today = wallClockAt(reference.getTime(), zone);
  const tomorrow = new Date(Date.UTC(today.year, today.month - 1, today.day + 1));
  return wallTimeToInstant(
    {
      year: tomorrow.getUTCFullYear(),
      month: tomorrow.getUTCMonth() + 1,
      day: tomorrow.getUTCDate(),
      hour: time.get('hour')!,
      minute: time.get('minute') ?? 0,
    },
    zone,
  );
}

/**
 * Every proposed time in `text` that names a day (date or weekday, or a relative day) and a clock time.
 * Relative expressions ("next Tuesday", "morgen") count from `reference`, forward in time.
 */
export function recogniseTimes(text: string, reference: Date, zone: string): RecognisedTime[] {
  const ref = { instant: reference, timezone: offsetAt(reference.getTime(), zone) };
  const candidates: RecognisedTime[] = [];
  for (const language of TIME_LOCALES) {
    for (const r of PARSERS[language].parse(text, ref, { forwardDate: true })) {
      const s = r.start;
      if (DURATION_ONLY.test(r.text)) continue;
      // chrono's German parser reads lower-case "morgen um 15 Uhr" as "this morning": it means tomorrow.
      const tomorrow = language === 'de' && /(?:^|[\s,])morgen\b/.test(r.text) && !s.isCertain('day');
      const hasDay = tomorrow || s.isCertain('day') || s.isCertain('weekday') || s.isCertain('month');
      if (!s.isCertain('hour') || !hasDay) continue;
      const start = tomorrow ? tomorrowAt(reference, zone, s) : toInstant(s, zone);
      const end = r.end?.isCertain('hour') ? toInstant(r.end, zone) : null;
      candidates.push({
        start,
        end: end && end > start ? end : null,
        text: r.text,
        index: r.index,
        language,
      });
    }
  }
  // Longest reading first; a shorter reading overlapping a kept one is the same words misread.
  candidates.sort((a, b) => b.text.length - a.text.length || a.index - b.index);
  const kept: RecognisedTime[] = [];
  for (const c of candidates) {
    const overlaps = kept.some((k) => c.index < k.index + k.text.length && k.index < c.index + c.text.length);
    if (!overlaps && !kept.some((k) => k.start.getTime() === c.start.getTime())) kept.push(c);
  }
  return kept.sort((a, b) => a.index - b.index);
}
