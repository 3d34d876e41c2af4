import { DATE_AT_START } from './dates.js';
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
    String.raw`|\bnacid[oa]|\bfecha de nacimiento|\bF\. ?nac\.?|\bfecha (?:de )?nac\.?|\bdate (?:de )?naiss\.?|\bdata ur\.|\bgeb\.-?datum|\bFN` +
    String.raw`|\bur\.|\burodzon[ya]|\bdata urodzenia` +
    String.raw`|\bgeboortedatum|\bgeb\. ?datum` +
    String.raw`|\*)`,
  'gi',
);

/** What may stand between the phrase and the date: "born on the", "né le", "geb. am", "nato il a Roma", "ur. dnia". */
const CONNECTOR =
  /^[\s:,.-]*(?:(?:in|en|a|à|w|te|at)\s+\p{Lu}[\p{L}-]+,?\s+)?(?:(?:on|the|le|am|il|el|op|dnia)\s+){0,2}/iu;

/**
 * Phrase first, then the date right after it: birth phrases are rare, dates are everywhere, so this
 * order keeps the guard fast enough to run on every keystroke.
 */
export const findBirthDates: Detector = (text) => {
  const out: ReturnType<Detector> = [];
  for (const phrase of text.matchAll(BIRTH_PHRASE)) {
    const afterPhrase = phrase.index + phrase[0].length;
    const gap = CONNECTOR.exec(text.slice(afterPhrase, afterPhrase + 40))?.[0] ?? '';
    const start = afterPhrase + gap.length;
    const date = DATE_AT_START.exec(text.slice(start, start + 40));
    if (!date) continue;
    out.push({
      start,
      end: start + date[0].length,
      kind: 'birth_date',
      reason: `date of birth ("${phrase[0].trim()}")`,
    });
  }
  return out;
};
