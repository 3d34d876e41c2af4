import { DATE_AT_START } from './dates.js';
import type { Detector } from './types.js';

type Found = ReturnType<Detector>[number];

const EMAIL = /(?<![\p{L}\d._%+-])[\p{L}\d._%+-]+@[\p{L}\d-]+(?:\.[\p{L}\d-]+)*\.\p{L}{2,}/gu;

/**
 * Phone shapes, unlabelled: international (+33 6 12 34 56 78, 0048 601 234 567), national with a
 * trunk 0 (06 12 34 56 78, 030/1234567, (020) 7946 0958), and mobile blocks without a trunk 0
 * (Spain, Poland, Italy: 612 345 678, 333 123 4567). Lab values are never grouped like this.
 */
const PHONE = new RegExp(
  [
    String.raw`(?:\+|00)[1-9]\d{0,2}[\s.-]?(?:\(0\)\s?)?\d{1,4}(?:[\s./-]?\d{2,4}){1,5}`,
    String.raw`\(?0\d{1,4}\)?[\s./-]?\d{2,4}(?:[\s.-]?\d{2,4}){1,4}`,
    String.raw`[3-9]\d{2}[\s.-]\d{3}[\s.-]\d{3,4}`,
  ]
    .map((p) => `(?:${p})`)
    .join('|'),
  'g',
);
const PHONE_BOUNDARY_BEFORE = /[\p{L}\d+.,/-]$/u;
const PHONE_BOUNDARY_AFTER = /^(?:[\p{L}\d]|[.,]\d|\s*(?:mg|ml|mL|g|%|mmol|µ|u\/|IU|UI|\/))/u;

/** Labels that make any digit run a phone number. */
const PHONE_LABEL =
  /(?:\b(?:tel|tél|telephone|téléphone|phone|mobile|cell|Telefon|Handy|Mobil|teléfono|telefono|móvil|cellulare|cell\.|telefoon|mobiel|komórka|telefon|kom\.)\.?\s*(?:n[°o.r]*\.?\s*)?[:.]?\s*)$/iu;

const LABELLED_PHONE =
  /\b(?:tel|tél|telephone|téléphone|phone|mobile|cell|Telefon|Handy|Mobil|teléfono|telefono|móvil|cellulare|telefoon|mobiel|komórka|kom)\.?\s*(?:n[°o.r]*\.?\s*)?[:.]?\s*((?:\+|00)?\d[\d\s./()-]{4,}\d)/gi;

const INSTITUTIONAL =
  /(?:dial[- ]?in|toll(?:-free)?|einwahl|audio|webex|helpdesk|hotline|switchboard|standard|centralita|centralino|centrala|receptie|zentrale)\b[^.\n]{0,20}$/i;

export const digitsOf = (s: string) => s.replace(/\D/g, '');

function isDateLike(candidate: string): boolean {
  const m = DATE_AT_START.exec(candidate);
  return m !== null && m[0].length >= candidate.trim().length - 1;
}

export const findEmails: Detector = (text) =>
  [...text.matchAll(EMAIL)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    kind: 'email' as const,
    reason: 'e-mail address of someone who is not a participant',
  }));

export const findPhones: Detector = (text) => {
  const out: Found[] = [];
  for (const m of text.matchAll(PHONE)) {
    const raw = m[0].trimEnd();
    const start = m.index;
    const end = start + raw.length;
    if (PHONE_BOUNDARY_BEFORE.test(text.slice(Math.max(0, start - 1), start))) continue;
    if (PHONE_BOUNDARY_AFTER.test(text.slice(end))) continue;
    if (isDateLike(raw)) continue;
    const digits = digitsOf(raw).length;
    // Dial-in numbers, switchboards and the helpdesk's hotline are institutions', not a patient's.
    if (INSTITUTIONAL.test(text.slice(Math.max(0, start - 30), start))) continue;
    const labelled = PHONE_LABEL.test(text.slice(Math.max(0, start - 30), start));
    const international = /^(?:\+|00)/.test(raw);
    const ok = labelled
      ? digits >= 6 && digits <= 15
      : international
        ? digits >= 9 && digits <= 15
        : digits >= 9 && digits <= 12;
    if (!ok) continue;
    out.push({ start, end, kind: 'phone', reason: 'phone number of someone who is not a participant' });
  }
  // After a label ("Tel.", "Handy", "komórka") any run of 6+ digits is a phone, packed or not.
  for (const m of text.matchAll(LABELLED_PHONE)) {
    const start = m.index + m[0].length - m[1]!.length;
    if (digitsOf(m[1]!).length >= 6) {
      out.push({
        start,
        end: m.index + m[0].length,
        kind: 'phone',
        reason: `phone number labelled "${m[0].slice(0, start - m.index).trim()}"`,
      });
    }
  }
  return out;
};
