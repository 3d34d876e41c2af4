import { createRandom } from '@cmss/db';
import { CF_ODD, mod97 } from '../../../shared/src/domain/patient-guard/checksums.js';
/**
 * Generators of realistic (fictional) patient identifiers with valid check digits, for the labelled
 * corpus. A seeded random source keeps the corpus byte-for-byte reproducible.
 */

export type Rng = () => number;

/** The demo seed's PRNG (mulberry32): the same texts on every machine. */
export const seeded = (seed: number): Rng => createRandom(seed).next;

export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
export const int = (rng: Rng, min: number, max: number) => min + Math.floor(rng() * (max - min + 1));
export const digits = (rng: Rng, n: number) => Array.from({ length: n }, () => int(rng, 0, 9)).join('');
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function nir(rng: Rng, spaced: boolean): string {
  const sex = pick(rng, ['1', '2']);
  const yy = pad(int(rng, 30, 99));
  const mm = pad(int(rng, 1, 12));
  const dept = pick(rng, ['75', '69', '13', '2A', '2B', '59', '33', '67', '31']);
  const commune = pad(int(rng, 1, 400), 3);
  const order = pad(int(rng, 1, 999), 3);
  const body = `${sex}${yy}${mm}${dept}${commune}${order}`;
  const key = pad(97 - mod97(body.replace('2A', '19').replace('2B', '18')));
  return spaced ? `${sex} ${yy} ${mm} ${dept} ${commune} ${order} ${key}` : `${body}${key}`;
}

export function codiceFiscale(rng: Rng): string {
  const L = 'BCDFGLMNPRSTVZ';
  const letters = Array.from({ length: 6 }, () => pick(rng, [...L])).join('');
  const female = rng() < 0.5;
  const body = `${letters}${pad(int(rng, 30, 99))}${pick(rng, [...'ABCDEHLMPRST'])}${pad(int(rng, 1, 28) + (female ? 40 : 0))}${pick(rng, [...'ABCDEFGHLM'])}${pad(int(rng, 1, 999), 3)}`;
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const ch = body[i]!;
    sum += i % 2 === 0 ? CF_ODD[ch]! : /\d/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 65;
  }
  return body + String.fromCharCode(65 + (sum % 26));
}

export function dni(rng: Rng): string {
  const n = int(rng, 10_000_000, 99_999_999);
  return `${n}${'TRWAGMYFPDXBNJZSQVHLCKE'[n % 23]}`;
}

export function nie(rng: Rng): string {
  const p = int(rng, 0, 2);
  const n = int(rng, 1_000_000, 9_999_999);
  return `${'XYZ'[p]}${n}${'TRWAGMYFPDXBNJZSQVHLCKE'[Number(`${p}${n}`) % 23]}`;
}

export function pesel(rng: Rng): string {
  const year = int(rng, 1930, 2010);
  const month = int(rng, 1, 12) + (year >= 2000 ? 20 : 0);
  const body = `${pad(year % 100)}${pad(month)}${pad(int(rng, 1, 28))}${digits(rng, 4)}`;
  const w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
  const sum = w.reduce((a, wi, i) => a + wi * Number(body[i]), 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

export function bsn(rng: Rng): string {
  for (;;) {
    const body = `${int(rng, 1, 9)}${digits(rng, 7)}`;
    let sum = 0;
    for (let i = 0; i < 8; i++) sum += (9 - i) * Number(body[i]);
    const last = sum % 11;
    if (last <= 9) return `${body}${last}`;
  }
}

export function belgianNumber(rng: Rng, formatted: boolean): string {
  const y2k = rng() < 0.2;
  const body = `${pad(y2k ? int(rng, 0, 15) : int(rng, 30, 99))}${pad(int(rng, 1, 12))}${pad(int(rng, 1, 28))}${pad(int(rng, 1, 997), 3)}`;
  const key = pad(97 - mod97(y2k ? `2${body}` : body));
  const s = `${body}${key}`;
  return formatted ? `${s.slice(0, 2)}.${s.slice(2, 4)}.${s.slice(4, 6)}-${s.slice(6, 9)}.${s.slice(9)}` : s;
}

export function nhsNumber(rng: Rng): string {
  for (;;) {
    const body = digits(rng, 9);
    let sum = 0;
    for (let i = 0; i < 9; i++) sum += (10 - i) * Number(body[i]);
    const check = 11 - (sum % 11);
    if (check === 10) continue;
    const s = `${body}${check === 11 ? 0 : check}`;
    return `${s.slice(0, 3)} ${s.slice(3, 6)} ${s.slice(6)}`;
  }
}

/** A birth date in one of the formats people write, with month names in the text's language. */
export function birthDate(rng: Rng, months: readonly string[]): string {
  const y = int(rng, 1930, 2005);
  const m = int(rng, 1, 12);
  const d = int(rng, 1, 28);
  switch (int(rng, 0, 3)) {
    case 0:
      return `${pad(d)}/${pad(m)}/${y}`;
    case 1:
      return `${pad(d)}.${pad(m)}.${y}`;
    case 2:
      return `${d} ${months[m - 1]} ${y}`;
    default:
      return `${y}-${pad(m)}-${pad(d)}`;
  }
}
