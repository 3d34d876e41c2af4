import {
  isValidBelgianNationalNumber,
  isValidBsn,
  isValidCodiceFiscale,
  isValidDniNie,
  isValidNhsNumber,
  isValidNir,
  isValidPesel,
} from './checksums.js';
import { labelledValues } from './labelled-values.js';
import type { Detector, IdentifierSpan } from './types.js';

type Found = Omit<IdentifierSpan, 'text'>;

interface Pattern {
  re: RegExp;
  checks: { name: string; valid: (s: string) => boolean }[];
}

/**
 * Unlabelled identifiers are only reported when a checksum holds — that is what keeps lab values,
 * phone numbers and order numbers from being flagged.
 */
const PATTERNS: Pattern[] = [
  {
    // NIR, written packed or grouped: "1 58 03 75 123 456 78", "2 85 12 2A 004 021 35".
    re: /(?<![\dA-Za-z])[1-478][ .]?\d{2}[ .]?\d{2}[ .]?(?:\d{2}|2[ABab])[ .]?\d{3}[ .]?\d{3}[ .]?\d{2}(?![\d])/g,
    checks: [{ name: 'French social-security number (NIR), key valid', valid: isValidNir }],
  },
  {
    re: /(?<![\p{L}\d])[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z](?![\p{L}\d])/gu,
    checks: [{ name: 'Italian codice fiscale, check character valid', valid: isValidCodiceFiscale }],
  },
  {
    re: /(?<![\p{L}\d])(?:[XYZ][ -]?\d{7}|\d{8})[ -]?[A-Z](?![\p{L}\d])/gu,
    checks: [{ name: 'Spanish DNI/NIE, control letter valid', valid: isValidDniNie }],
  },
  {
    // 11 digits: PESEL or Belgian national number (also written "85.07.30-033.28").
    re: /(?<![\d.])(?:\d{11}|\d{2}\.\d{2}\.\d{2}[- ]?\d{3}[.-]?\d{2})(?![\d])/g,
    checks: [
      { name: 'Polish PESEL, check digit and birth date valid', valid: isValidPesel },
      { name: 'Belgian national number, mod-97 key valid', valid: isValidBelgianNationalNumber },
    ],
  },
  {
    // BSN packed or dotted; spaced 3-3-3 groups are left to the phone detector (Spanish/Polish mobiles).
    re: /(?<![\d.,])(?:\d{9}|\d{4}\.\d{2}\.\d{3}|\d{3}\.\d{3}\.\d{3})(?![\d]|[.,]\d)/g,
    checks: [{ name: 'Dutch BSN, 11-proof valid', valid: isValidBsn }],
  },
  {
    re: /(?<![\d.,])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\d]|[.,]\d)/g,
    checks: [{ name: 'UK NHS number, mod-11 check digit valid', valid: isValidNhsNumber }],
  },
];

/** Labels naming a national identifier: whatever follows is one, checksum or not. */
const LABELS =
  /\b(?:NIR|INSEE|PESEL|BSN|DNI|NIE|NIF|NISS|INSZ|SSN|KVNR|NHS(?:\s+(?:number|no\.?))?|[Nn]° ?(?:de )?[Ss][ée]cu(?:rité sociale)?|[Nn]um[ée]ro de s[ée]curit[ée] sociale|[Cc]odice [Ff]iscale|C\.F\.|[Rr]ijksregisternummer|[Bb]urgerservicenummer|[Rr]egistre national|[Ss]ocial [Ss]ecurity(?: [Nn]umber)?|[Ss]ozialversicherungsnummer|SV-Nummer|[Vv]ersichertennummer|[Vv]ersicherungsnummer|[Tt]essera sanitaria|[Tt]arjeta sanitaria|[Nn]ational ID(?:entity)?(?: number)?|[Pp]assport(?: number)?|[Nn]umer dowodu|[Dd]owód osobisty|[Pp]ersonalausweis(?:nummer)?|[Cc]arte [Vv]itale)/u;

export const findNationalIds: Detector = (text) => {
  const out: Found[] = [];
  for (const { re, checks } of PATTERNS) {
    for (const m of text.matchAll(re)) {
      const hit = checks.find((c) => c.valid(m[0]));
      if (hit)
        out.push({ start: m.index, end: m.index + m[0].length, kind: 'national_id', reason: hit.name });
    }
  }
  out.push(...labelledValues(text, LABELS, 'national_id', 6, (label) => `value labelled "${label}"`));
  return out;
};
