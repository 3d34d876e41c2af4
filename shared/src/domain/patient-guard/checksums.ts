/**
 * Check-digit validators for national identifiers. A bare run of digits is only reported as an
 * identifier when its check digit holds: without that, lab values, order numbers and phone numbers
 * would all be false positives.
 */

const digitsOnly = (s: string) => s.replace(/[^0-9A-Za-z]/g, '');

/** 97 - (n mod 97) on a decimal string too long for a double: mod 97 computed digit by digit. */
export function mod97(digits: string): number {
  let r = 0;
  for (const ch of digits) r = (r * 10 + Number(ch)) % 97;
  return r;
}

/**
 * French NIR (numéro de sécurité sociale): 13 characters + 2-digit key = 97 − (number mod 97).
 * Corsican départements 2A/2B are replaced by 19/18 for the computation, as INSEE specifies.
 */
export function isValidNir(raw: string): boolean {
  const s = digitsOnly(raw).toUpperCase();
  if (!/^[1-478]\d{4}(?:\d{2}|2A|2B)\d{6}\d{2}$/.test(s)) return false;
  const month = Number(s.slice(3, 5));
  // 01–12, or 20–42 / 50–99 for people registered without a known birth month.
  if (month === 0 || (month > 12 && month < 20) || (month > 42 && month < 50)) return false;
  const body = s.slice(0, 13).replace('2A', '19').replace('2B', '18');
  return 97 - mod97(body) === Number(s.slice(13));
}

/** Values of the odd-position characters in the codice fiscale check (Decreto ministeriale 1976). */
export const CF_ODD: Readonly<Record<string, number>> = {
  '0': 1,
  '1': 0,
  '2': 5,
  '3': 7,
  '4': 9,
  '5': 13,
  '6': 15,
  '7': 17,
  '8': 19,
  '9': 21,
  A: 1,
  B: 0,
  C: 5,
  D: 7,
  E: 9,
  F: 13,
  G: 15,
  H: 17,
  I: 19,
  J: 21,
  K: 2,
  L: 4,
  M: 18,
  N: 20,
  O: 11,
  P: 3,
  Q: 6,
  R: 8,
  S: 12,
  T: 14,
  U: 16,
  V: 10,
  W: 22,
  X: 25,
  Y: 24,
  Z: 23,
};

/** Italian codice fiscale: the 16th character is a check letter over odd/even positions (omocodia allowed). */
export function isValidCodiceFiscale(raw: string): boolean {
  const s = raw.toUpperCase();
  if (!/^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/.test(s))
    return false;
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const ch = s[i]!;
    if (i % 2 === 0) sum += CF_ODD[ch]!;
    else sum += /\d/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 65;
  }
  return String.fromCharCode(65 + (sum % 26)) === s[15];
}

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/** Spanish DNI (8 digits + letter) and NIE (X/Y/Z + 7 digits + letter): letter = table[n mod 23]. */
export function isValidDniNie(raw: string): boolean {
  const s = digitsOnly(raw).toUpperCase();
  const m = /^([XYZ]?)(\d{7,8})([A-Z])$/.exec(s);
  if (!m) return false;
  const [, prefix, num, letter] = m;
  if (prefix ? num!.length !== 7 : num!.length !== 8) return false;
  const n = Number(`${prefix ? 'XYZ'.indexOf(prefix) : ''}${num}`);
  return DNI_LETTERS[n % 23] === letter;
}

/** Polish PESEL: weighted check digit, and the embedded birth date (century coded in the month) must exist. */
export function isValidPesel(raw: string): boolean {
  const s = digitsOnly(raw);
  if (!/^\d{11}$/.test(s)) return false;
  const w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
  const sum = w.reduce((acc, wi, i) => acc + wi * Number(s[i]), 0);
  if ((10 - (sum % 10)) % 10 !== Number(s[10])) return false;
  const mm = Number(s.slice(2, 4));
  const month = mm % 20;
  const day = Number(s.slice(4, 6));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/** Dutch BSN: 9 digits passing the "11-proof" (9·d1 + 8·d2 + … + 2·d8 − d9 ≡ 0 mod 11). */
export function isValidBsn(raw: string): boolean {
  let s = digitsOnly(raw);
  if (s.length === 8) s = `0${s}`;
  if (!/^\d{9}$/.test(s) || /^0+$/.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * Number(s[i]);
  sum -= Number(s[8]);
  return sum % 11 === 0;
}

/**
 * Belgian national number (rijksregisternummer / numéro de registre national): YYMMDD + 3-digit
 * serial + 2-digit key = 97 − (first 9 digits mod 97); for people born from 2000, a "2" is
 * prefixed to the 9 digits before the computation.
 */
export function isValidBelgianNationalNumber(raw: string): boolean {
  const s = digitsOnly(raw);
  if (!/^\d{11}$/.test(s)) return false;
  const month = Number(s.slice(2, 4));
  const day = Number(s.slice(4, 6));
  // Bis numbers add 20 or 40 to the month; 00 means an unknown month/day.
  if (month % 20 > 12 || month > 52 || day > 31) return false;
  const key = Number(s.slice(9));
  const body = s.slice(0, 9);
  return 97 - mod97(body) === key || 97 - mod97(`2${body}`) === key;
}

/** UK NHS number: 10 digits, mod-11 check digit (a remainder of 10 is never issued). */
export function isValidNhsNumber(raw: string): boolean {
  const s = digitsOnly(raw);
  if (!/^\d{10}$/.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (10 - i) * Number(s[i]);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(s[9]);
}
