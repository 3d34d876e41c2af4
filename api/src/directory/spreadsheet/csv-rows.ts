/**
 * CSV reading: delimiter and line breaks as Excel writes them, the text decoded as it streams in
 * (decode.ts), records parsed by papaparse with backpressure, and rows numbered as a spreadsheet shows
 * them.
 */
import { Readable } from 'node:stream';
import Papa from 'papaparse';
import { MixedEncodingError, type TextDecoderStream, type TextEncoding, textDecoder } from './decode.js';
import { HEADER_SEARCH_ROWS, type HeaderTest, invalidFile, type Sheet, type SheetRow } from './sheet-rows.js';

/** A CSV "row" longer than this is not a directory row: most likely not a CSV at all. */
const MAX_RECORD_CHARS = 64 * 1024;
/** How far past that limit an over-long quoted cell is followed, to tell a missing quote from a long cell. */
const SKIM_CHARS = 1024 * 1024;

/** The delimiters in `line`, most used first (ties in the order , ; tab). */
function delimitersIn(line: string): string[] {
  const counts = [',', ';', '\t'].map((d) => [d, line.split(d).length - 1] as const);
  return counts
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([d]) => d);
}

/**
 * Excel writes ";" where "," is the decimal separator: the delimiter is the one the header line uses
 * most. The header line is the first of `lines` that, split on a delimiter it has, is a header (a
 * title above it may have none); without one, the first line's.
 */
function delimiterOf(lines: readonly string[], isHeader: HeaderTest): string {
  for (const line of lines) {
    const found = delimitersIn(line).find((d) => isHeader(line.split(d)));
    if (found) return found;
  }
  return delimitersIn(lines[0] ?? '')[0] ?? ',';
}

/** Excel's delimiter hint, a first line "sep=;" (written on request, and not shown as a row). */
const SEP_LINE = /^"?sep=([,;\t|])"? *$/i;

const QUOTE = 34;
const CR = 13;
const LF = 10;

/**
 * Every line break of the text as one LF: CRLF, LF and a lone CR (old Mac exports) alike, in whatever
 * mix the file has them (files edited on several systems do). The parser then splits on LF alone, and
 * one LF is one line of a text editor, the rule for every "line N" the import names. A line break
 * inside a quoted cell is kept as an LF (names never legitimately hold one). A CR ending a chunk is
 * held back, as the LF of its CRLF may start the next; `end()` releases it.
 */
function lineBreakNormaliser() {
  let heldCR = false;
  return {
    write(text: string): string {
      if (heldCR) text = `\r${text}`;
      heldCR = text.charCodeAt(text.length - 1) === CR;
      if (heldCR) text = text.slice(0, -1);
      return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
    },
    end(): string {
      return heldCR ? '\n' : '';
    },
  };
}

/**
 * Refuses a record longer than MAX_RECORD_CHARS as the text streams by: a file without line breaks
 * (garbage) or a quote never closed would otherwise be buffered whole by the parser, which also
 * re-scans its growing partial record on every chunk (seconds for a few MB). Follows CSV's quoting
 * just enough to know where records end: a quote opens a cell only at its start, `""` is an escaped
 * quote. Not a second parser: it yields nothing but the error. Reads LF-only text (lineBreakNormaliser).
 *
 * A quoted cell that runs past the limit is either never closed or merely too long: the guard then
 * reads on, without the parser, until the quote closes or SKIM_CHARS later, to say which. `write`
 * returns false from then on: the text is not for the parser.
 */
function recordLengthGuard(delimiter: string) {
  const delim = delimiter.charCodeAt(0);
  let state: 'start' | 'plain' | 'quoted' | 'quote-in-quoted' = 'start';
  let length = 0;
  let line = 1; // the line of the next character
  let recordLine = 1;
  let skimmed = -1; // characters read past the limit in a quoted cell; -1 while within it
  const neverClosed = () =>
    invalidFile(`a quoted cell is never closed (opened on or after line ${recordLine})`);
  const tooLong = () =>
    invalidFile(
      `a quoted cell opened on or after line ${recordLine} makes its row longer than ${MAX_RECORD_CHARS} characters`,
    );
  return {
    write(text: string): boolean {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === LF) line++;
        if (state === 'quoted') {
          if (c === QUOTE) state = 'quote-in-quoted';
        } else if (state === 'quote-in-quoted' && c === QUOTE) {
          state = 'quoted';
        } else if (skimmed >= 0) {
          throw tooLong(); // the quote closed
        } else if (c === LF) {
          state = 'start';
          length = 0;
          recordLine = line;
          continue;
        } else if (c === delim) {
          state = 'start';
        } else {
          state = state === 'start' && c === QUOTE ? 'quoted' : 'plain';
        }
        if (skimmed >= 0) {
          if (++skimmed > SKIM_CHARS) throw neverClosed();
        } else if (++length > MAX_RECORD_CHARS) {
          if (state === 'plain' || state === 'start') {
            throw invalidFile(
              `the row starting on line ${recordLine} is longer than ${MAX_RECORD_CHARS} characters; is this a CSV file?`,
            );
          }
          skimmed = 0;
        }
      }
      return skimmed < 0;
    },
    end() {
      if (skimmed >= 0) throw state === 'quoted' ? neverClosed() : tooLong();
    },
    /** The line the next character of the text is on. */
    get line() {
      return line;
    },
  };
}

/**
 * The file as text, decoded chunk by chunk (see textDecoder), its line breaks made LF, through the
 * record-length guard. A file that mixes encodings (UTF-8 and bytes that are not, or Windows-1252 and
 * UTF-8 characters) is refused, naming the line where the other encoding begins.
 */
/** How the message for a mixed file names each single-byte encoding: its region, and its letters. */
const REGION = { 'windows-1252': 'Western European', 'windows-1250': 'Central European' } as const;
const LETTERS_OF = {
  'windows-1250':
    'Central European letters (Windows-1250, as Excel saves a plain "CSV" on a Central European Windows: Polish, Czech, Slovak, Croatian, Romanian…)',
  'windows-1252':
    'Western European letters (Windows-1252, as Excel saves a plain "CSV" on a Western Windows)',
} as const;

async function* decodedText(stream: Readable, decoder: TextDecoderStream, delimiter: string) {
  const newlines = lineBreakNormaliser();
  const guard = recordLengthGuard(delimiter);
  const mixed = (error: unknown) => {
    if (!(error instanceof MixedEncodingError)) return error;
    // The text before the bytes, through the guard, which counts the lines. A CR held back is a line
    // break of its own: what follows it is not an LF.
    guard.write(newlines.write(error.before) + newlines.end());
    if (error.readAs === 'utf-8') {
      return invalidFile(
        `the file is UTF-8 but line ${guard.line} has bytes that are not UTF-8 (a row pasted in from a file in another encoding?): retype its accented letters, or save it again as "CSV UTF-8"`,
      );
    }
    const readAs = error.readAs === 'windows-1250' ? 'Windows-1250' : 'Windows-1252';
    return invalidFile(
      error.found === 'utf-8'
        ? `the file reads as ${readAs} up to line ${guard.line}, which has UTF-8 characters (a row pasted in from a file in another encoding?): retype its accented letters, or save the whole file as "CSV UTF-8"`
        : `the file reads as ${readAs} (${REGION[error.readAs]}) up to line ${guard.line}, which has ${LETTERS_OF[error.found]}: save the whole file as "CSV UTF-8"`,
    );
  };
  try {
    for await (const chunk of stream) {
      const text = newlines.write(decoder.write(chunk as Buffer));
      if (guard.write(text) && text) yield text;
    }
    const rest = newlines.write(decoder.end()) + newlines.end();
    const forParser = guard.write(rest);
    guard.end();
    if (forParser && rest) yield rest;
  } catch (error) {
    throw mixed(error);
  }
}

/**
 * Parsed records in batches (one per chunk of text), with backpressure: papaparse pauses after each
 * batch until the consumer asks for the next.
 */
async function* parsedBatches(text: Readable, config: { delimiter: string; newline: '\n' }) {
  const queue: Papa.ParseResult<string[]>[] = [];
  let parser = null as Papa.Parser | null;
  let done = false;
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  text.on('error', (error) => {
    failure = error;
    notify();
  });
  Papa.parse<string[]>(text, {
    ...config,
    chunk(results, p) {
      parser = p;
      queue.push(results);
      p.pause();
      notify();
    },
    complete() {
      done = true;
      notify();
    },
    error(error: Error) {
      failure = error;
      notify();
    },
  });
  try {
    for (;;) {
      if (failure) throw failure;
      const batch = queue.shift();
      if (batch) {
        yield batch;
        if (queue.length === 0 && !done) parser?.resume();
      } else if (done) {
        return;
      } else {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    }
  } finally {
    if (!done) {
      parser?.abort();
      text.destroy();
    }
  }
}

/** The text of the file's first bytes (`head`), decoded as the file is (up to where it mixes encodings). */
function headTextOf(head: Buffer, encoding: TextEncoding, bomLength: number): string {
  try {
    const decoder = textDecoder(encoding, bomLength);
    return decoder.write(head);
  } catch (error) {
    if (error instanceof MixedEncodingError) return error.before;
    throw error;
  }
}

/**
 * CSV rows numbered as a spreadsheet application shows them: one row per record, even when a quoted
 * cell spans several lines, and rows with no value (blank lines, or only delimiters: Excel saves
 * formatted empty rows as ";;;") are rows too (skipped, but counted). So the numbers match those of the
 * same sheet saved as XLSX. Excel's "sep=;" first line is not a row: Excel does not show it. Errors
 * about the text itself name its line instead, as a text editor shows it. In batches, one per chunk of
 * text; `isHeader` tells the delimiter (delimiterOf).
 */
export async function* csvRows(
  stream: Readable,
  decoder: TextDecoderStream,
  head: Buffer,
  bomLength: number,
  isHeader: HeaderTest,
): AsyncGenerator<SheetRow[]> {
  const headText = headTextOf(head, decoder.encoding, bomLength);
  const lines = headText.split(/\r\n?|\n/, 4 * HEADER_SEARCH_ROWS);
  const sep = SEP_LINE.exec(lines[0]!)?.[1];
  const delimiter = sep ?? delimiterOf(lines, isHeader);
  const text = Readable.from(decodedText(stream, decoder, delimiter));
  let skip = sep === undefined ? 0 : 1; // records that are not rows
  let row = 0;
  let line = 1; // the line the next record starts on (the text's line breaks are all LF by now)
  for await (const batch of parsedBatches(text, { delimiter, newline: '\n' })) {
    const quoteError = batch.errors.find((e) => e.type === 'Quotes');
    const records = quoteError ? batch.data.slice(0, quoteError.row) : batch.data;
    const rows: SheetRow[] = [];
    for (const record of records) {
      line++;
      for (const cell of record) {
        for (let at = cell.indexOf('\n'); at >= 0; at = cell.indexOf('\n', at + 1)) line++;
      }
      if (skip > 0) {
        skip--;
        continue;
      }
      row++;
      const cells = record.map((c) => c.trim());
      if (cells.some((c) => c !== '')) rows.push({ rowNumber: row, cells });
    }
    if (rows.length > 0) yield rows;
    if (quoteError?.code === 'MissingQuotes') {
      throw invalidFile(`a quoted cell is never closed (opened on or after line ${line})`);
    }
    if (quoteError) throw invalidFile(`line ${line}: ${quoteError.message.toLowerCase()}`);
  }
}

/** The one sheet of a CSV, for fromHeaderRow; closed with them, or when the next is asked for. */
export async function* onlySheet(rows: AsyncGenerator<SheetRow[]>): AsyncGenerator<Sheet> {
  try {
    yield rows;
  } finally {
    await rows.return(undefined);
  }
}
