/**
 * Calendar dates written as people write them in our seven languages. Only used to find the date
 * that a birth phrase points at: a date on its own (admission, imaging, lab) is clinical information.
 */

const MONTHS = [
  // EN
  'january|february|march|april|may|june|july|august|september|october|november|december',
  'jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec',
  // FR
  'janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre',
  'janv|févr|fevr|avr|juil|déc',
  // DE
  'januar|jänner|februar|märz|maerz|juni|juli|oktober|dezember|mär|okt|dez',
  // ES
  'enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre',
  'ene|ago|dic',
  // IT
  'gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|gen|mag|giu|lug|ott|set',
  // PL (genitive, as used in dates) and nominative
  'stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|września|października|listopada|grudnia',
  'styczeń|luty|marzec|kwiecień|maj|czerwiec|lipiec|sierpień|wrzesień|październik|listopad|grudzień',
  // NL
  'januari|februari|maart|mei|augustus|oktober',
].join('|');

const DAY = String.raw`(?:0?[1-9]|[12]\d|3[01])`;
const MONTH_NUM = '(?:0?[1-9]|1[0-2])';
const YEAR = String.raw`(?:1[89]\d\d|20\d\d)`;

/** dd/mm/yyyy, dd.mm.yy, yyyy-mm-dd, "12 March 1958", "12th of March 1958", "March 12, 1958", "12 de marzo de 1958". */
export const DATE_SOURCE = [
  String.raw`${DAY}[./-]${MONTH_NUM}[./-](?:${YEAR}|\d\d)(?![\d])`,
  String.raw`${YEAR}-${MONTH_NUM}-${DAY}(?![\d])`,
  String.raw`${DAY}(?:st|nd|rd|th|er|\.|º)?\s+(?:of\s+|de\s+)?(?:${MONTHS})\.?,?\s+(?:de\s+)?${YEAR}`,
  String.raw`(?:${MONTHS})\.?\s+${DAY}(?:st|nd|rd|th)?,?\s+${YEAR}`,
].join('|');

/** A date at the very start of a string (compiled once: the month alternation is costly to build). */
export const DATE_AT_START = new RegExp(`^(?:${DATE_SOURCE})(?![\\p{L}\\d])`, 'iu');
