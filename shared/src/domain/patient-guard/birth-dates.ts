import { dateRegex } from './dates.js';
import type { Detector } from './types.js';

/**
 * Phrases that make the next date a date of birth. Admission, imaging or surgery dates are left alone:
 * they are clinical context, and a patient cannot be picked out by them.
 * "*" is the German genealogical birth mark ("* 12.03.1958").
 */
const BIRTH_PHRASE = new RegExp(
  String.raw`(?:\bborn|\bb\.|\bDOB|\bD\.O\.B\.?|\bdate of birth|\bbirth ?date|\bbirthday` +
    String.raw`|\bgeb\.|\bgeboren|\bGeburtsdatum|\bGeb\.-?Dat(?:um|\.)?` +
    String.raw`|\bnée?s?|\bdate de naissance|\bDDN` +
    String.raw`|\bnat[oa]|\bdata di nascita` +
    String.raw`|\bnacid[oa]|\bfecha de nacimiento|\bF\. ?nac\.?|\bFN` +
    String.raw`|\bur\.|\burodzon[ya]|\bdata urodzenia` +
    String.raw`|\bgeboortedatum|\bgeb\. ?datum` +
    String.raw`|\*)` +
    // what may stand between the phrase and the date: "born on the", "né le", "geb. am", "nato il", "ur. dnia"
    String.raw`[\s:,.-]*(?:(?:in|en|a|à|w|te|at)\s+\p{Lu}[\p{L}-]+,?\s+)?(?:(?:on|the|le|am|il|el|op|dnia)\s+){0,2}$`,
  'iu',
);

/** How far back from a date we look for the birth phrase. */
const LOOKBEHIND = 40;

export const findBirthDates: Detector = (text) => {
  const out: ReturnType<Detector> = [];
  for (const m of text.matchAll(dateRegex())) {
    const before = text.slice(Math.max(0, m.index - LOOKBEHIND), m.index);
    const phrase = BIRTH_PHRASE.exec(before);
    if (!phrase) continue;
    out.push({
      start: m.index,
      end: m.index + m[0].length,
      kind: 'birth_date',
      reason: `date of birth ("${phrase[0].trim()}")`,
    });
  }
  return out;
};
