import type { IdentifierKind, IdentifierSpan } from './types.js';

/**
 * Between a label ("MRN", "PESEL", "n° dossier") and its value: punctuation and "number" words in
 * any of our languages, e.g. "MRN: 123", "IPP n° 456", "Fallnummer 789", "nr historii choroby 12/34".
 */
const GAP = String.raw`[\s:#.=°º-]*(?:(?:n[°ºr]?\.?|no\.?|nr\.?|num(?:ber|ero|éro|mer)|número)[\s:#.°º-]*)?`;

/**
 * The value: a run of digit-bearing tokens joined by single separators ("1 58 03 75 123 456 78",
 * "2023/004512", "RSSMRA58C12H501X"), optionally ending with a lone check letter ("12345678-Z").
 */
const VALUE = String.raw`((?:[A-Z]{0,6}\d[\dA-Z]*)(?:[ .\-/](?:\d[\dA-Z]*|[A-Z](?![\p{L}\d])))*)`;

/** A value immediately followed by a unit is a measurement ("IPP 40 mg" is a proton-pump inhibitor dose). */
const UNIT_AFTER = /^\s*(?:mg|g|µg|mcg|ml|mL|l|L|%|mmol|µmol|umol|IU|UI|U|E|kg|cm|mm|h|j|d|x|\/)/;

/** Compiled once per label set: building these on every keystroke would dominate the guard's time. */
const COMPILED = new WeakMap<RegExp, RegExp>();

/**
 * Finds "<label> <value>" pairs. Labels say what the number is, so the value needs no checksum, only
 * enough digits (`minDigits`) to be an identifier rather than a dose or a score.
 */
export function labelledValues(
  text: string,
  labels: RegExp,
  kind: IdentifierKind,
  minDigits: number,
  reason: (label: string) => string,
): Omit<IdentifierSpan, 'text'>[] {
  let re = COMPILED.get(labels);
  if (!re) {
    re = new RegExp(`(${labels.source})${GAP}${VALUE}`, `g${labels.flags.replace(/[gyu]/g, '')}u`);
    COMPILED.set(labels, re);
  }
  const out: Omit<IdentifierSpan, 'text'>[] = [];
  for (const m of text.matchAll(re)) {
    const value = m[m.length - 1]!;
    const digits = value.replace(/\D/g, '').length;
    if (digits < minDigits) continue;
    const end = m.index + m[0].length;
    if (UNIT_AFTER.test(text.slice(end))) continue;
    out.push({ start: end - value.length, end, kind, reason: reason(m[1]!.trim()) });
  }
  return out;
}
