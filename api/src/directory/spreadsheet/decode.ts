import { isAscii } from 'node:buffer';
import iconv from 'iconv-lite';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' | 'windows-1250';

/** Spreadsheet formats recognised from the first bytes, whatever the Content-Type says. */
export type Sniffed =
  | { format: 'xlsx' }
  | { format: 'csv'; encoding: TextEncoding; bomLength: number }
  /**
   * A file that is certainly no spreadsheet the import reads: `kind` says what it is ("a Word document
   * (.docx)"), `advice` what to do instead.
   */
  | { format: 'unsupported'; kind: string; advice?: string }
  | { format: 'binary' };

/**
 * Recognises the file from its first bytes: a ZIP (XLSX), a byte-order mark (Excel's "Unicode text" is
 * UTF-16LE with BOM; "CSV UTF-8" has a UTF-8 BOM), UTF-16 without BOM (NULs on one side of the byte
 * pairs only), or otherwise UTF-8 or Windows-1252 (Excel's plain "CSV" on Western European Windows),
 * which the first non-ASCII byte tells apart wherever it is (textDecoder). A Compound File is an .xls or
 * a password-protected workbook; any other NUL byte means a binary file that is not a spreadsheet.
 */
export function sniff(head: Buffer): Sniffed {
  if (head.length >= 4 && head.readUInt32BE(0) === 0x504b0304) {
    const kind = zipKind(head);
    return kind ? { format: 'unsupported', kind } : { format: 'xlsx' };
  }
  if (head.length >= 8 && head.readBigUInt64BE(0) === COMPOUND_FILE) return LEGACY_OR_ENCRYPTED;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf)
    return { format: 'csv', encoding: 'utf-8', bomLength: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { format: 'csv', encoding: 'utf-16le', bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { format: 'csv', encoding: 'utf-16be', bomLength: 2 };
  const sample = head.subarray(0, Math.min(head.length, 4096));
  let oddNuls = 0;
  let evenNuls = 0;
  for (let i = 0; i < sample.length; i++) if (sample[i] === 0) i % 2 ? oddNuls++ : evenNuls++;
  // UTF-16 puts a NUL beside every ASCII character (delimiters, digits, e-mail addresses) and none
  // beside Greek or Cyrillic letters: a file in those scripts has far fewer than one in Latin letters,
  // but all on one side. Binary files have them on both.
  const enough = Math.max(4, sample.length / 2 / 10);
  if (oddNuls >= enough && evenNuls === 0) return { format: 'csv', encoding: 'utf-16le', bomLength: 0 };
  if (evenNuls >= enough && oddNuls === 0) return { format: 'csv', encoding: 'utf-16be', bomLength: 0 };
  if (oddNuls + evenNuls > 0) return { format: 'binary' };
  return { format: 'csv', encoding: 'utf-8', bomLength: 0 };
}

const LOCAL_FILE_HEADER = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** The names of the ZIP entries whose local headers are in `head` (the first of them first). */
function zipEntryNames(head: Buffer): string[] {
  const names: string[] = [];
  for (let at = 0; at >= 0 && names.length < 100; at = head.indexOf(LOCAL_FILE_HEADER, at + 4)) {
    const nameLength = at + 30 <= head.length ? head.readUInt16LE(at + 26) : -1;
    if (nameLength < 0 || at + 30 + nameLength > head.length) break;
    names.push(head.toString('utf8', at + 30, at + 30 + nameLength));
  }
  return names;
}

/**
 * The signature of a Compound File (OLE2): an Excel 97-2003 workbook (.xls), and also an .xlsx saved
 * with a password, which Excel encrypts into one.
 */
const COMPOUND_FILE = 0xd0cf11e0a1b11ae1n;
const LEGACY_OR_ENCRYPTED: Sniffed = {
  format: 'unsupported',
  kind: 'an Excel 97-2003 workbook (.xls), or a workbook protected with a password',
  advice: 'save it as .xlsx without a password, or as CSV UTF-8',
};

const OPENDOCUMENT: Record<string, string> = {
  spreadsheet: 'an OpenDocument spreadsheet (.ods)',
  'spreadsheet-template': 'an OpenDocument spreadsheet template (.ots)',
  text: 'an OpenDocument text document (.odt)',
  presentation: 'an OpenDocument presentation (.odp)',
};

/**
 * What a ZIP that is certainly not an XLSX workbook is, from its first bytes, or null. An OpenDocument
 * file (LibreOffice) names its type in its first entry, "mimetype", stored uncompressed (the ODF
 * specification requires both); Word and PowerPoint files have their own folders, and no "xl/". Any other
 * ZIP is found not to be a workbook only once it has been read (xlsx-rows.ts).
 */
function zipKind(head: Buffer): string | null {
  const names = zipEntryNames(head);
  if (names[0] === 'mimetype' && head.readUInt16LE(8) === 0) {
    const start = 30 + 'mimetype'.length + head.readUInt16LE(28);
    const mimetype = head.toString('latin1', start, start + Math.min(head.readUInt32LE(18), 100));
    const odf = /^application\/vnd\.oasis\.opendocument\.(.+)$/.exec(mimetype)?.[1];
    if (odf) return OPENDOCUMENT[odf] ?? `an OpenDocument file (${mimetype})`;
    return `a ZIP archive of type ${mimetype}`;
  }
  if (names.some((n) => n.startsWith('xl/'))) return null;
  if (names.some((n) => n.startsWith('word/'))) return 'a Word document (.docx)';
  if (names.some((n) => n.startsWith('ppt/'))) return 'a PowerPoint presentation (.pptx)';
  return null;
}

/**
 * The length of the UTF-8 character at `at`: 0 if the bytes there are not UTF-8 (a stray continuation
 * byte, an overlong form, a surrogate, past U+10FFFF), -1 if they begin one that `bytes` cuts off.
 */
function utf8CharLength(bytes: Uint8Array, at: number): number {
  const b = bytes[at]!;
  if (b < 0x80) return 1;
  // The allowed range of the second byte depends on the first (RFC 3629); later ones are 80-BF.
  const [length, low, high] =
    b >= 0xc2 && b <= 0xdf
      ? [2, 0x80, 0xbf]
      : b === 0xe0
        ? [3, 0xa0, 0xbf]
        : b === 0xed
          ? [3, 0x80, 0x9f]
          : b >= 0xe1 && b <= 0xef
            ? [3, 0x80, 0xbf]
            : b === 0xf0
              ? [4, 0x90, 0xbf]
              : b >= 0xf1 && b <= 0xf3
                ? [4, 0x80, 0xbf]
                : b === 0xf4
                  ? [4, 0x80, 0x8f]
                  : [0, 0, 0];
  if (length === 0) return 0;
  for (let i = 1; i < length; i++) {
    if (at + i >= bytes.length) return -1;
    const c = bytes[at + i]!;
    if (i === 1 ? c < low || c > high : (c & 0xc0) !== 0x80) return 0;
  }
  return length;
}

/**
 * Whether the UTF-8 character of `length` bytes at `at` can be text of the directory. Some are not,
 * though valid UTF-8, and are what Windows-1252 or -1250 pairs of a letter and a quote, a dash or a
 * capital with a caron read as:
 * - ß, Ü, Ý or Þ before ’ ” “ – (DC-DF 80-BF: "Weiß’", „Groß“) make a Syriac, Thaana or NKo letter
 *   (U+0700-07FF, no script of the network's countries);
 * - Â before € ‚ ƒ … a C1 control (U+0080-009F, never text);
 * - a capital before Š Ś Ť Ž Ź (RŮŽIČKA, JÓŹWIAK: D9 8E, D3 8F) a Greek, Cyrillic, Armenian, Hebrew
 *   or Arabic letter (U+0380-07FF) right after a Latin one, where no word changes script.
 * So such a pair does not make a file UTF-8, nor count as a UTF-8 character in a Windows-125x one.
 */
function isUtf8Text(bytes: Uint8Array, at: number, length: number): boolean {
  if (length !== 2) return true;
  const lead = bytes[at]!;
  if (lead >= 0xdc && lead <= 0xdf) return false;
  if (lead === 0xc2 && bytes[at + 1]! < 0xa0) return false;
  const before = at > 0 ? bytes[at - 1]! | 0x20 : 0; // an ASCII letter in lower case
  return !(lead >= 0xce && before >= 0x61 && before <= 0x7a);
}

/**
 * A byte that can begin a multi-byte UTF-8 character and one that can continue it, or the first at the
 * end of the bytes (read as Latin-1 text: a character a byte).
 */
const UTF8_START = /[\xc2-\xf4](?:[\x80-\xbf]|$)/g;

/** How many bytes at the start of `bytes` are valid UTF-8 (a character cut off at the end is not). */
function validUtf8Length(bytes: Uint8Array): number {
  let at = 0;
  for (let length = 0; at < bytes.length; at += length) {
    length = utf8CharLength(bytes, at);
    if (length <= 0) break;
  }
  return at;
}

/** Where a UTF-8 character that `bytes` cuts off at its end begins (bytes.length when none is). */
function wholeCharsLength(bytes: Uint8Array): number {
  for (let i = 1; i <= 3 && i <= bytes.length; i++) {
    const b = bytes[bytes.length - i]!;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: its lead is further back
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return length > i ? bytes.length - i : bytes.length;
  }
  return bytes.length;
}

/**
 * A file that mixes encodings: read as `readAs` up to bytes that belong to another (a row pasted in from
 * a file in another encoding): bytes that are not UTF-8 in a UTF-8 file, or UTF-8 characters in a
 * Windows-1252 one. `before` is the text decoded up to them, of the bytes given to that `write`.
 */
export class MixedEncodingError extends Error {
  constructor(
    readonly readAs: 'utf-8' | 'windows-1252' | 'windows-1250',
    readonly before: string,
    /** What the bytes look like instead: UTF-8, or Central European (-1250) or Western (-1252) letters. */
    readonly found: 'utf-8' | 'windows-1250' | 'windows-1252' = readAs === 'utf-8' ? 'windows-1250' : 'utf-8',
  ) {
    super(`${found} text in a file read as ${readAs}`);
  }
}

/**
 * Central European letters, as Windows-1252 reads their Windows-1250 bytes (Excel on a Polish, Czech,
 * Slovak, Croatian or Romanian Windows saves a plain "CSV" so), where no Western text has them:
 * - Ł Ą Ż Ť Ź ł ą ż ť ľ Ľ are £ ¥ ¯ and symbols no name has beside a letter (³ ¹ ¼ ¾, ¿ after a
 *   letter, bytes Windows-1252 leaves undefined);
 * - Czech ě ů are ì ù between letters: Němec, Růžička read Nìmec, Rùžièka;
 * - Czech ř is ø before an acute vowel, which Danish and Norwegian never write: Jiří, Dvořák, Říha
 *   read Jiøí, Dvoøák, Øíha;
 * - the ending -ić of Croatian, Serbian and Bosnian names is -iæ: Babić reads Babiæ;
 * - Romanian ă is ã before a consonant, which Portuguese never writes: Bălan, Răzvan read Bãlan, Rãzvan;
 * - Polish ś is œ after a vowel or ending a word, ź is Ÿ after a small letter, ń is ñ before a consonant
 *   or ending a word, all of which French and Spanish never write: Wiśniewska, Woźniak, Zieliński,
 *   Stępień read Wiœniewska, WoŸniak, Zieliñski, Stêpieñ.
 * Checked against the word lists of Debian's Danish, Norwegian, Swedish, Faroese, German, Dutch,
 * French, Catalan, Spanish, Portuguese, Italian and Irish dictionaries: none has one, but for 11
 * Portuguese words (irmãmente) and Scottish Gaelic, which writes ì ù between letters (Catrìona): a
 * file with such a word reads as Central European, and has to be saved as "CSV UTF-8".
 * Not č ň ő ű ę ş ţ, which read as letters Western names have where they have them (è ò õ û ê º þ): a
 * file with only those, a Hungarian one mostly, cannot be told from a Western one, and is read as that.
 * Searched in bytes read as Latin-1 text, one character a byte.
 */
// After an ASCII letter, or starting a word before a letter: never inside a UTF-8 character, whose
// bytes 80-BF follow a byte of 80 or more (and are not ASCII, nor ř's vowels). "Ending a word" is a
// byte that ends it, never the end of the bytes: an upload arrives in pieces cut anywhere, and Muñ|oz,
// Cœ|ur are Western words that go on in the next piece.
// The leading lookahead names every byte an alternative can match: with it, V8 skips to those bytes
// instead of trying each alternative's lookbehind at every position (measured on 13 MB of Windows-1252
// text: 0.07 s against 0.4 s). A new alternative adds its bytes there.
const CENTRAL_EUROPEAN_BYTES =
  '[\\x8d\\x8f\\x9c\\x9d\\x9f\\xa3\\xa5\\xaf\\xb3\\xb9\\xbc\\xbe\\xbf\\xc3\\xc6\\xcc\\xd8\\xd9\\xe3\\xe6\\xec\\xf1\\xf8\\xf9]';
const CENTRAL_EUROPEAN = new RegExp(
  `(?=${CENTRAL_EUROPEAN_BYTES})(?:${[
    '(?<=[A-Za-z])[\\x8d\\x8f\\x9d\\xa3\\xa5\\xaf\\xb3\\xb9\\xbc\\xbe\\xbf]',
    '(?<![\\x80-\\xff])[\\x8d\\x8f\\x9d\\xa3\\xa5\\xaf\\xb3\\xb9\\xbc\\xbe](?=[A-Za-z\\xc0-\\xff])',
    // ě ů (Ě Ů) between letters; the next may be š ž (Š Ž), the same bytes in both encodings.
    '(?<=[A-Za-z])[\\xcc\\xd9\\xec\\xf9](?=[A-Za-z\\x8a\\x8e\\x9a\\x9e])',
    // ř (Ř) before á é í (Á É Í).
    '(?<![\\x80-\\xbf])[\\xd8\\xf8](?=[\\xc1\\xc9\\xcd\\xe1\\xe9\\xed])',
    // ić (IĆ) ending a word.
    '(?<=[Ii])[\\xc6\\xe6](?=[^A-Za-z\\x80-\\xff])',
    // ă (Ă) after a letter, before a consonant other than s (Portuguese plurals: irmãs).
    '(?<=[A-Za-z])[\\xc3\\xe3](?=[b-df-hj-np-rt-zB-DF-HJ-NP-RT-Z])',
    // ś after a vowel or ending a word; ź after a small letter; ń before a consonant or ending a word.
    '(?<=[aeiouyAEIOUY])\\x9c|(?<=[A-Za-z])\\x9c(?=[^A-Za-z\\x80-\\xff])',
    '(?<=[a-z])\\x9f',
    // Ť Ź ť (bytes Windows-1252 leaves undefined) after a letter after a Latin one: JÓŹWIAK (isUtf8Text).
    '(?<=[A-Za-z][\\xce-\\xdf])[\\x8d\\x8f\\x9d]',
    '(?<=[A-Za-z])\\xf1(?=[b-df-hj-np-tv-zB-DF-HJ-NP-TV-Z]|[^A-Za-z\\x80-\\xff])',
  ].join('|')})`,
);

/**
 * Western letters, as Windows-1250 reads their Windows-1252 bytes, where no Central European text has
 * them: ñ before a vowel (Muñoz; Polish ń never is), ã before o (João), å between letters (Håkan).
 * In a file read as Windows-1250 they are a row pasted in from a Western file.
 */
// (The leading lookahead: see CENTRAL_EUROPEAN.)
const WESTERN =
  /(?=[\xc5\xe3\xe5\xf1])(?:(?<=[A-Za-z])\xf1(?=[aeiouAEIOU\xe1\xe9\xed\xf3\xfa])|(?<=[A-Za-z])\xe3(?=o)|(?<=[A-Za-z])[\xc5\xe5](?=[A-Za-z]))/;

export interface TextDecoderStream {
  /** The text of the next bytes (a character they cut off at their end comes with the next call). */
  write(bytes: Buffer): string;
  end(): string;
  /** The encoding decoded with: it can change from 'utf-8' to 'windows-1252' or 'windows-1250' (see textDecoder). */
  readonly encoding: TextEncoding;
}

/**
 * A streaming decoder of a CSV's bytes (its BOM, `bomLength` bytes, dropped).
 *
 * A file without BOM that is not UTF-16 is read as ASCII until its first byte that is not, which
 * decides, wherever it comes (a Windows-1252 file's first "ë" may come after 30,000 rows): the start of
 * a UTF-8 character, and the file is UTF-8; anything else, and it is Windows-1252 from there on, or
 * Windows-1250 when the bytes read so far have Central European letters (CENTRAL_EUROPEAN; Central
 * European letters later in a file read as Windows-1252 are a MixedEncodingError). ASCII
 * reads the same in both, so nothing is read again, and the decision does not depend on how the upload
 * is cut into chunks. UTF-8 is decoded strictly: a byte that is not UTF-8 must not be stored as U+FFFD
 * in someone's name, so bytes that are not UTF-8 after UTF-8 characters (a row pasted in from another
 * file) are a MixedEncodingError. So is the other way round: a UTF-8 character in a file read as
 * Windows-1252, whose text hardly ever forms one: an accented letter (C2-F4) would have to be followed
 * by what continues a UTF-8 character (80-BF: symbols such as € " – © °, and Š Œ Ž š œ ž Ÿ), not by
 * ASCII or by another accented letter; the pairs that do form one are mostly not text (isUtf8Text). A
 * sequence that the end of one chunk cuts off is decided with the next, and at the end of the file is
 * Windows-1252.
 */
export function textDecoder(sniffed: TextEncoding, bomLength: number): TextDecoderStream {
  if (sniffed !== 'utf-8') {
    const decoder = iconv.getDecoder(sniffed, { stripBOM: true });
    return { write: (bytes) => decoder.write(bytes), end: () => decoder.end() ?? '', encoding: sniffed };
  }
  let state: 'ascii' | 'utf-8' | 'legacy' = bomLength > 0 ? 'utf-8' : 'ascii';
  let toSkip = bomLength;
  let held: Buffer | null = null; // the start of a character cut off at the end of the last bytes
  // ignoreBOM: each call decodes on its own, and a U+FEFF beginning one (a ZWNBSP) must stay.
  const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  // Windows-1252, or Windows-1250 (see CENTRAL_EUROPEAN), once the first non-ASCII byte decides.
  let legacy = iconv.getDecoder('windows-1252');

  const utf8 = (bytes: Buffer): string => {
    const whole = wholeCharsLength(bytes);
    held = whole < bytes.length ? bytes.subarray(whole) : null;
    try {
      return strict.decode(bytes.subarray(0, whole));
    } catch {
      throw new MixedEncodingError('utf-8', strict.decode(bytes.subarray(0, validUtf8Length(bytes))));
    }
  };
  // Windows-1252 (or -1250) text, checked for UTF-8 characters: where a byte that can begin one (C2-F4)
  // is followed by one that can continue it (80-BF), or ends the bytes, utf8CharLength decides. Read as
  // Windows-1252, also checked for Central European letters. The bytes are searched as Latin-1 text, one
  // character a byte, by regular expressions: no loop over them here.
  const legacyText = (bytes: Buffer): string => {
    if (isAscii(bytes)) return bytes.toString('latin1');
    const text = bytes.toString('latin1');
    // Letters of the other encoding: Central European ones in a Western file, and the other way round.
    const other = decoder.encoding === 'windows-1252' ? CENTRAL_EUROPEAN : WESTERN;
    const foreign = text.search(other);
    const end = foreign < 0 ? text.length : foreign;
    UTF8_START.lastIndex = 0;
    for (let m = UTF8_START.exec(text); m && m.index < end; m = UTF8_START.exec(text)) {
      const length = utf8CharLength(bytes, m.index);
      // Not UTF-8, or not text (isUtf8Text): Windows-1252 characters.
      if (length === 0 || (length > 0 && !isUtf8Text(bytes, m.index, length))) continue;
      const before = legacy.write(bytes.subarray(0, m.index));
      if (length > 0)
        throw new MixedEncodingError(decoder.encoding as 'windows-1252' | 'windows-1250', before);
      held = bytes.subarray(m.index); // decided with the next bytes
      return before;
    }
    if (foreign >= 0) {
      const readAs = decoder.encoding as 'windows-1252' | 'windows-1250';
      const found = readAs === 'windows-1252' ? 'windows-1250' : 'windows-1252';
      throw new MixedEncodingError(readAs, legacy.write(bytes.subarray(0, foreign)), found);
    }
    return legacy.write(bytes);
  };
  /** The text of `bytes` read with `read`, after `ascii`, which an error's text begins with too. */
  const after = (ascii: string, read: (bytes: Buffer) => string, bytes: Buffer): string => {
    try {
      return ascii + read(bytes);
    } catch (error) {
      if (!(error instanceof MixedEncodingError)) throw error;
      throw new MixedEncodingError(error.readAs, ascii + error.before);
    }
  };
  const decoder = {
    encoding: 'utf-8' as TextEncoding,
    write(bytes: Buffer): string {
      if (toSkip > 0) {
        const skipped = Math.min(toSkip, bytes.length);
        bytes = bytes.subarray(skipped);
        toSkip -= skipped;
      }
      if (held) {
        bytes = Buffer.concat([held, bytes]);
        held = null;
      }
      if (state === 'utf-8') return utf8(bytes);
      if (state === 'legacy') return legacyText(bytes);
      if (isAscii(bytes)) return bytes.toString('latin1');
      let at = 0;
      while (bytes[at]! < 0x80) at++;
      const ascii = bytes.toString('latin1', 0, at);
      const length = utf8CharLength(bytes, at);
      if (length < 0) {
        held = bytes.subarray(at); // decided with the next bytes
        return ascii;
      }
      if (length === 0 || (length > 0 && !isUtf8Text(bytes, at, length))) {
        state = 'legacy';
        // Windows-1250 when Central European letters come first; Western ones after them are a
        // MixedEncodingError (and the other way round), never read in the wrong encoding.
        const chunk = bytes.toString('latin1');
        const centralEuropean = chunk.search(CENTRAL_EUROPEAN);
        const western = centralEuropean < 0 ? -1 : chunk.search(WESTERN);
        if (centralEuropean >= 0 && (western < 0 || western > centralEuropean)) {
          decoder.encoding = 'windows-1250';
          legacy = iconv.getDecoder('windows-1250');
        } else {
          decoder.encoding = 'windows-1252';
        }
        // From the start of the bytes (ASCII reads the same): isUtf8Text looks at the byte before.
        return legacyText(bytes);
      }
      state = 'utf-8';
      return after(ascii, utf8, bytes.subarray(at));
    },
    end(): string {
      const rest = held;
      held = null;
      if (!rest) return state === 'legacy' ? (legacy.end() ?? '') : '';
      if (state === 'utf-8') throw new MixedEncodingError('utf-8', ''); // a character cut off by the end
      // Windows-1252 (a file whose first non-ASCII byte begins a character it ends in), or the encoding
      // it was read in already: what looked like the start of a UTF-8 character is not one.
      if (state === 'ascii') decoder.encoding = 'windows-1252';
      state = 'legacy';
      return legacy.write(rest) + (legacy.end() ?? '');
    },
  };
  return decoder;
}
