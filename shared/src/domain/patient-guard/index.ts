import { findAddresses } from './addresses.js';
import { findBirthDates } from './birth-dates.js';
import { digitsOf, findEmails, findPhones } from './contacts.js';
import { DATE_AT_START } from './dates.js';
import { foldName } from './name-lexicon.js';
import { findNationalIds } from './national-ids.js';
import { findPersonNames } from './person-names.js';
import { findRecordNumbers } from './record-numbers.js';
import type { GuardOptions, GuardVerdict, IdentifierKind, IdentifierSpan } from './types.js';

export * from './checksums.js';
export * from './types.js';

/** When two detectors claim overlapping text, the more specific verdict wins. */
const PRIORITY: Record<IdentifierKind, number> = {
  national_id: 7,
  record_number: 6,
  email: 5,
  birth_date: 4,
  address: 3,
  phone: 2,
  person_name: 1,
};

const TITLE_WORDS = new Set(['dr', 'prof', 'mr', 'mrs', 'ms', 'herr', 'frau', 'dott', 'dra', 'pr']);

/** Name tokens of the people allowed to appear (requester, invitees, the directory). */
function allowedNameTokens(options: GuardOptions): Set<string> {
  const names = [...(options.participants ?? []).map((p) => p.name ?? ''), ...(options.clinicianNames ?? [])];
  const tokens = new Set<string>();
  for (const name of names) {
    for (const t of foldName(name).split(/[^\p{L}'’-]+/u)) {
      if (t.length >= 2 && !TITLE_WORDS.has(t)) tokens.add(t);
    }
  }
  return tokens;
}

/** A participant's number, however it is written: compare the last 9 digits (drops +33 / 0 prefixes). */
const phoneKey = (s: string) => digitsOf(s).slice(-9);

function belongsToParticipant(
  span: Omit<IdentifierSpan, 'text'>,
  text: string,
  options: GuardOptions,
  nameTokens: Set<string>,
): boolean {
  const value = text.slice(span.start, span.end);
  const participants = options.participants ?? [];
  if (span.kind === 'email') {
    const v = value.toLowerCase();
    return participants.some((p) => p.email?.toLowerCase() === v);
  }
  if (span.kind === 'phone') {
    const key = phoneKey(value);
    return key.length >= 6 && participants.some((p) => p.phone && phoneKey(p.phone) === key);
  }
  if (span.kind === 'person_name') {
    // "Herr Müller" when Dr. Hans Müller takes part is the clinician; every token must be known.
    const tokens = foldName(value)
      .split(/[^\p{L}'’-]+/u)
      .filter(
        (t) =>
          t.length >= 2 &&
          !['van', 'von', 'der', 'den', 'de', 'la', 'le', 'del', 'della', 'di', 'da'].includes(t),
      );
    return tokens.length > 0 && tokens.every((t) => nameTokens.has(t));
  }
  return false;
}

/** "Anna Nowak (12.03.1958)": a date right after a patient's name is their date of birth. */
function datesAfterNames(
  text: string,
  names: Omit<IdentifierSpan, 'text'>[],
): Omit<IdentifierSpan, 'text'>[] {
  const out: Omit<IdentifierSpan, 'text'>[] = [];
  for (const name of names) {
    const tail = text.slice(name.end, name.end + 40);
    const gap = /^[\s,(–-]*(?:[*°]\s*)?/.exec(tail)![0];
    const m = DATE_AT_START.exec(tail.slice(gap.length));
    if (m) {
      const start = name.end + gap.length;
      out.push({
        start,
        end: start + m[0].length,
        kind: 'birth_date',
        reason: 'date right after a patient name',
      });
    }
  }
  return out;
}

/** Keeps the highest-priority span of each overlapping cluster (then the longest, then the first). */
function resolveOverlaps(spans: Omit<IdentifierSpan, 'text'>[]): Omit<IdentifierSpan, 'text'>[] {
  const ranked = [...spans].sort(
    (a, b) => PRIORITY[b.kind] - PRIORITY[a.kind] || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  const kept: Omit<IdentifierSpan, 'text'>[] = [];
  for (const s of ranked) {
    if (!kept.some((k) => s.start < k.end && k.start < s.end)) kept.push(s);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/**
 * Finds the parts of a free text that likely identify a patient: names in a patient context, dates of
 * birth, street addresses, national identifiers (with their check digits), medical-record numbers, and
 * phone numbers or e-mail addresses that are not a participant's. Ages, years, admission dates, doses,
 * lab values and the participants' own names pass. Pure and synchronous: the add-in runs it on every
 * keystroke, the API before anything is stored or sent.
 */
export function findPatientIdentifiers(text: string, options: GuardOptions = {}): GuardVerdict {
  if (!text) return { spans: [] };
  const nameTokens = allowedNameTokens(options);
  const candidates = [
    ...findNationalIds(text),
    ...findRecordNumbers(text),
    ...findEmails(text),
    ...findBirthDates(text),
    ...findAddresses(text),
    ...findPhones(text),
  ];
  const names = findPersonNames(text).filter((s) => !belongsToParticipant(s, text, options, nameTokens));
  candidates.push(...names, ...datesAfterNames(text, names));
  const spans = resolveOverlaps(
    candidates.filter((s) => !belongsToParticipant(s, text, options, nameTokens)),
  );
  return { spans: spans.map((s) => ({ ...s, text: text.slice(s.start, s.end) })) };
}

/** Convenience for callers that only need the yes/no. */
export const hasPatientIdentifiers = (text: string, options?: GuardOptions) =>
  findPatientIdentifiers(text, options).spans.length > 0;
