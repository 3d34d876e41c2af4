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
 * Spellings people write names in that any-ascii, going letter by letter, does not produce. The rules
 * rewrite a value (NFC, lower case) before it is transliterated into one *variant* spelling; a value is
 * indexed with the words of every spelling and a query is searched in each (`queryAlternatives`), so
 * either spelling finds the other and nothing that matched any-ascii's spelling stops matching.
 * Rules only where a standard differs from any-ascii, not a transliteration table of our own:
 * - German umlauts: Müller is "Mueller" in e-mail addresses and passports, "Muller" (any-ascii) when
 *   the dots are simply dropped. Likewise Danish and Norwegian ø "oe" and å "aa" (Ørsted "Oersted",
 *   Ålborg "Aalborg"; any-ascii: "o", "a").
 * - Apostrophes inside a name are left out: O'Brien, D’Arcy, Ukrainian Мар'яна are typed "obrien",
 *   "darcy", "maryana" at least as often as with the apostrophe, which any-ascii's spelling splits into
 *   two words ("o brien").
 * - Greek as Greeks write it in Latin letters (ELOT 743 = ISO 843, on passports): any-ascii writes ου
 *   "oy", αυ/ευ/ηυ "ay/ey/iy", γγ/γξ/γχ "gg/gx/gch"; the standard "ou"; "av/ev/iv", or "af/ef/if" before
 *   a voiceless consonant and at the end of a word; "ng/nx/nch" (Nikolaou, Stavros, Efstathios,
 *   Evangelos). Its single letters are any-ascii's.
 * - Bulgarian's official Streamlined System (passports, the seed data): х "h" (any-ascii, as in Russian:
 *   "kh"), щ "sht" ("shch"), ъ "a" and ь "y" (any-ascii: an apostrophe, which splits Търново into
 *   "t rnovo"), and ия at the end of a word "ia" (София → Sofia, not "Sofiya"). Its other letters are
 *   any-ascii's. Applied to all Cyrillic: a Russian name merely gains a spelling nobody looks for.
 */
const VARIANT_SPELLINGS: readonly [RegExp, (match: string, ...groups: string[]) => string][] = [
  [/[äöüøå]/g, (m) => ({ ä: 'ae', ö: 'oe', ü: 'ue', ø: 'oe', å: 'aa' })[m] ?? m],
  [/(?<=\p{L})['‘’ʼ`´](?=\p{L})/gu, () => ''],
  [/ο[υύ]/g, () => 'ou'],
  // The lookahead captures the letter after the diphthong ('' at the end of a word).
  [
    /([αεη])[υύ](?=(\p{L}?))/gu,
    (_, vowel = '', next = '') =>
      `${{ α: 'a', ε: 'e', η: 'i' }[vowel] ?? vowel}${next === '' || /[θκξπσςτφχψ]/.test(next) ? 'f' : 'v'}`,
  ],
  [/γ(?=[γξχ])/g, () => 'n'],
  [/ия(?!\p{L})/gu, () => 'ia'],
  [/[хщъь]/g, (m) => ({ х: 'h', щ: 'sht', ъ: 'a', ь: 'y' })[m] ?? m],
];

/**
 * Greek μπ, ντ, γκ at the start of a word are said b, d, g, and most people write them so in Latin
 * letters (Μπακογιάννης "Bakogiannis", Ντίνος "Dinos", Γκίκας "Gikas"), where passports (ELOT 743) and
 * any-ascii write "mp", "nt", "gk". A spelling of its own, the variant above with these b/d/g: were
 * they part of the variant, Μπούρας would be "bouras" and any-ascii's "mpoyras", and the passport's
 * "Mpouras" neither. Inside a word the sounds are mb, nd, ng, but "Lampropoulos", "Antoniou",
 * "Fragkiadakis" are written as the passport writes them at least as often as "Lambropoulos",
 * "Andoniou", "Frangiadakis": there the passport's spelling stays, rather than giving nearly every Greek
 * name one more spelling that its bearer mostly does not use. The lookbehind: after a hyphen or a space.
 */
const WORD_INITIAL_STOPS = /(?<![\p{L}\p{M}])(?:μπ|ντ|γκ)/gu;
const STOP_LETTER: Readonly<Record<string, string>> = { μπ: 'b', ντ: 'd', γκ: 'g' };

/** A letter some rule starts with: other accented Latin (é, ł…) has none and needs no second spelling. */
const HAS_VARIANT = /[äöüøåαεηογμνихщъь'‘’ʼ`´]/;

/** The distinct variant spellings of `text` (NFC, lower case) that differ from it, if any. */
function variantSpellings(text: string): string[] {
  if (!HAS_VARIANT.test(text)) return [];
  let variant = text;
  for (const [pattern, replace] of VARIANT_SPELLINGS) variant = variant.replace(pattern, replace);
  const spoken = variant.replace(WORD_INITIAL_STOPS, (m) => STOP_LETTER[m] ?? m);
  return [...new Set([variant, spoken])].filter((v) => v !== text);
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range is the point
const ASCII = /^[\x00-\x7f]*$/;
/**
 * What is not part of a word: punctuation, symbols, emoji. Taken out before transliterating, because
 * any-ascii spells many of them in letters (© "c", ✓ "v", ❤ "heart"): "anna 😀" would find nobody, and
 * "heart" a clinician whose name ends in ❤.
 */
const NOT_IN_WORDS = /[^\p{L}\p{M}\p{N}]+/gu;

/**
 * Lower-case ASCII words: transliterated, punctuation and symbols removed, whitespace collapsed. NFC
 * first, so that a name pasted in decomposed form (macOS: u + combining diaeresis) folds as the
 * precomposed one.
 */
export function foldText(value: string): string {
  // any-ascii walks its tables character by character; plain ASCII (most names) needs none of that.
  const ascii = ASCII.test(value) ? value : anyAscii(value.normalize('NFC').replace(NOT_IN_WORDS, ' '));
  return ascii
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The folded words of a value as any-ascii spells it and in each variant spelling that differs. */
function spellings(value: string): string[][] {
  const words = (text: string) => foldText(text).split(' ').filter(Boolean);
  const text = ASCII.test(value) ? value : value.normalize('NFC');
  return [words(value), ...variantSpellings(text.toLowerCase()).map(words)];
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
  return [...new Set(spellings(value).flat())];
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

/**
 * Academic and courtesy titles as they begin a name in the network's countries, folded: helpdesk staff
 * paste "Dr. Franz Weber", "Prof. Dr. med. …", "dr n. med. Zofia Głowacka", "Dra. Sofia Ferreira", "MUDr.
 * Jan Novák" from an e-mail, and the title is no part of the name that is searched. Single letters
 * (the Polish "n." of "dr n. med.") only with their full stop.
 */
const TITLES = new Set([
  ...['dr', 'dra', 'drs', 'dres', 'doctor', 'doktor', 'dott', 'dottssa', 'dottoressa', 'doc', 'docent'],
  ...['prof', 'profa', 'profe', 'professor', 'pr', 'univ', 'priv', 'doz', 'hab', 'med', 'habil'],
  ...['mudr', 'mvdr', 'phdr', 'rndr', 'mgr', 'ing', 'dipl', 'lek', 'phd', 'md'],
  ...['mr', 'mrs', 'ms', 'mme', 'mlle', 'sr', 'sra', 'srta', 'hr', 'herr', 'frau', 'sig', 'sigra'],
]);
const TITLE_LETTERS = new Set(['n', 'm']);

/** The query without the titles it begins with ("Dr. Franz Weber" → "Franz Weber"); never all of it. */
function withoutLeadingTitles(query: string): string {
  const words = query.trim().split(/\s+/);
  let start = 0;
  while (start < words.length - 1) {
    const word = words[start]!;
    // "Univ.-Prof.", "Dr.med." are titles in every part.
    const parts = foldText(word).split(' ');
    const title =
      parts.every((part) => TITLES.has(part)) || (word.endsWith('.') && TITLE_LETTERS.has(parts.join('')));
    if (!title) break;
    start++;
  }
  return start === 0 ? query : words.slice(start).join(' ');
}

/**
 * The distinct words of a query in each of its distinct spellings: any-ascii's (`queryTokens`) and the
 * variant ones (VARIANT_SPELLINGS, WORD_INITIAL_STOPS); empty lists left out, so none means nothing to
 * search. A row matches when every word of one spelling matches: `Νικολάου` finds "Nikolaou" (variant
 * "ou"), `Христов` both "Hristov" (variant) and "Khristov" (any-ascii). A Latin query has one spelling;
 * each other costs the FTS query one more prefix term per word, no more.
 */
export function queryAlternatives(query: string): string[][] {
  const lists = new Map<string, string[]>();
  for (const words of spellings(withoutLeadingTitles(query))) {
    const distinct = [...new Set(words)];
    const key = distinct.join(' ');
    if (distinct.length > 0 && !lists.has(key)) lists.set(key, distinct);
  }
  return [...lists.values()];
}

/**
 * How long a sort key can be. A listing's cursor carries the sort key of its page's last row, and a
 * name transliterates to up to 24 times its length (ﷺ, CJK in pinyin): uncut, a 200-letter name made a
 * cursor longer than the API accepts back. Names alike in their first 255 folded letters sort by id.
 */
export const MAX_SORT_KEY = 255;

/**
 * Folded sort key: Łukasz sorts with Lukasz, not after Z. Parts (family name, then given name) are
 * joined by U+0001, which sorts before the space and every letter: the whole family name decides
 * first, so "Álvarez, Cristina" comes before "Álvarez Castaño, Íñigo" and "Zupan" before "Zupančič".
 */
export const sortKey = (...parts: string[]): string =>
  parts.map(foldText).join('\u0001').slice(0, MAX_SORT_KEY);
