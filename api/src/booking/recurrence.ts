import type { Recurrence } from '@cmss/shared';
import { DateTime } from 'luxon';
import { type Interval, invalidInput } from './time-rules.js';

export const MAX_OCCURRENCES = 52;

/**
 * The occurrences of a standing meeting. Each one keeps the first occurrence's local wall-clock time
 * in the organiser's zone (a 10:00 Brussels meeting stays at 10:00 after the clocks change, so its
 * UTC instant moves). Monthly series on the 29th–31st fall on the month's last day when it is shorter.
 */
export function occurrencesOf(first: Interval, timeZone: string, recurrence: Recurrence): Interval[] {
  if ((recurrence.count === undefined) === (recurrence.until === undefined)) {
    throw invalidInput(
      'invalid_recurrence',
      'Give either recurrence.count or recurrence.until, not both or neither',
    );
  }
  const interval = recurrence.interval ?? 1;
  const start = DateTime.fromISO(first.start, { zone: timeZone });
  const minutes = (Date.parse(first.end) - Date.parse(first.start)) / 60_000;
  const until = recurrence.until ? new Date(recurrence.until).toISOString() : null;
  if (until && until < first.start) {
    throw invalidInput('invalid_recurrence', 'recurrence.until is before the first occurrence');
  }
  const result: Interval[] = [];
  for (let i = 0; ; i++) {
    if (recurrence.count !== undefined && i >= recurrence.count) break;
    const local =
      recurrence.frequency === 'weekly'
        ? start.plus({ weeks: i * interval })
        : start.plus({ months: i * interval });
    const s = local.toUTC().toISO({ suppressMilliseconds: false })!;
    const occurrenceStart = new Date(s).toISOString();
    if (until && occurrenceStart > until) break;
    if (result.length >= MAX_OCCURRENCES) {
      throw invalidInput('too_many_occurrences', `A series has at most ${MAX_OCCURRENCES} occurrences`);
    }
    result.push({
      start: occurrenceStart,
      end: new Date(Date.parse(occurrenceStart) + minutes * 60_000).toISOString(),
    });
  }
  return result;
}
