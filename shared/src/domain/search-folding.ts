import anyAscii from 'any-ascii';

/**
 * Folding of names for search: accent- and script-insensitive, so that `lodz` finds Łódź, `aero` finds
 * Ærø, `gross` finds Groß and a Latin query finds a Greek or Cyrillic name. The transliteration itself
 * is any-ascii's (a maintained table covering every script); this module only adds the spelling
 * *variants* people type for the same name, which no single transliteration can produce.
 *
 * The indexer (db) and the add-in both use it, so that what is stored and what is queried fold alike.
 */

/**
 * German umlauts are written both ways: Müller is "Mueller" in e-mail addresses and passports, "Muller"
 * when the dots are simply dropped. Greek ου is "ou" in every usual romanisation, "oy" in any-ascii.
 * Indexing both spellings lets either query match; queries are folded with the plain transliteration.
 */
const VARIANT_SPELLINGS: readonly [RegExp, (m: string) => string][] = [
  [/[äöüÄÖÜ]/g, (m) => ({ ä: 'ae', ö: 'oe', ü: 'ue', Ä: 'Ae', Ö: 'Oe', Ü: 'Ue' })[m] ?? m],
  [/ο[υύ]|Ο[ΥΎυύ]/g, (m) => (m[0] === 'Ο' ? 'Ou' : 'ou')],
];

/** Lower-case ASCII words: transliterated, punctuation removed, whitespace collapsed. */
export function foldText(value: string): string {
  // any-ascii walks its tables character by character; plain ASCII (most names) needs none of that.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range is the point
  const ascii = /^[\x00-\x7f]*$/.test(value) ? value : anyAscii(value);
  return ascii
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * Directory values repeat a lot (hospital names, cities, specialty labels, common given names): a
 * bounded memo makes indexing 100k clinicians cost a few hundred distinct foldings, not 100k × 6.
 */
const memo = new Map<string, string[]>();
const MEMO_LIMIT = 20_000;

/** The distinct folded words of a value, including the variant spellings of its words. */
export function foldedTokens(value: string): string[] {
  const known = memo.get(value);
  if (known) return known;
  const tokens = computeTokens(value);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(value, tokens);
  return tokens;
}

function computeTokens(value: string): string[] {
  const tokens = new Set(foldText(value).split(' '));
  for (const [pattern, replace] of VARIANT_SPELLINGS) {
    if (pattern.test(value)) {
      pattern.lastIndex = 0;
      for (const t of foldText(value.replace(pattern, replace)).split(' ')) tokens.add(t);
    }
    pattern.lastIndex = 0;
  }
  tokens.delete('');
  return [...tokens];
}

/** Space-separated folded words of several values, for a search column. */
export function searchDocument(...values: (string | null | undefined)[]): string {
  const tokens = new Set<string>();
  for (const v of values) if (v) for (const t of foldedTokens(v)) tokens.add(t);
  return [...tokens].join(' ');
}

/**
 * The distinct words of a query as typed, folded. All of them: every word must match, as documented.
 * (The API caps `q` at 200 characters. Measured on 100k clinicians: 20 one-letter words, or every
 * letter and digit, cost no more than 8 words, since each word narrows the match.)
 */
export function queryTokens(query: string): string[] {
  return [...new Set(foldText(query).split(' ').filter(Boolean))];
}

/** Folded sort key: Łukasz sorts with Lukasz, not after Z. */
export const sortKey = (...parts: string[]): string => foldText(parts.join(' '));
