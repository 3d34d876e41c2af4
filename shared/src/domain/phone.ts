import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

export type PhoneResult = { ok: true; e164: string } | { ok: false; reason: string };

/**
 * Normalises a phone number as people write it ("0048 12 345 67 89", "(012) 345 67 89", "+49 30 1234567")
 * to E.164. A number without an international prefix is read in the clinician's country (the
 * hospital's), which is how national contact points write them. Validity uses libphonenumber's full
 * metadata (number lengths and ranges per country), not a pattern.
 */
export function normalisePhone(raw: string, defaultCountry?: string): PhoneResult {
  // NFKC first: libphonenumber reads fullwidth digits but not a fullwidth plus (＋48…, typed with an
  // East Asian input method), which it would drop and read the rest as a national number.
  const trimmed = raw
    .normalize('NFKC')
    .trim()
    .replace(/^00(?=[1-9])/, '+');
  if (trimmed === '') return { ok: false, reason: 'empty' };
  const parsed = parsePhoneNumberFromString(
    trimmed,
    defaultCountry as Parameters<typeof parsePhoneNumberFromString>[1],
  );
  if (!parsed) return { ok: false, reason: `"${raw}" is not a phone number` };
  if (!parsed.isValid()) return { ok: false, reason: `"${raw}" is not a valid phone number` };
  // E.164 has no extension, so it would be dropped without a word: the caller is told instead.
  if (parsed.ext) {
    return {
      ok: false,
      reason: `"${raw}" has an extension (${parsed.ext}), which is not stored: give the direct number`,
    };
  }
  return { ok: true, e164: parsed.number };
}
