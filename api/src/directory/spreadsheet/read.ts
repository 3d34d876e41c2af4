import { createRequire } from 'node:module';
import { posix } from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import type { SaxesParser as SaxesParserType } from 'saxes';
import { AppError } from '../../errors.js';
import {
  MixedEncodingError,
  type Sniffed,
  sniff,
  type TextDecoderStream,
  type TextEncoding,
  textDecoder,
} from './decode.js';
import { openZipUpload, ZipOpenError, type ZipUpload } from './zip-upload.js';

/** A spreadsheet row as text cells; `rowNumber` is what the user sees (the header is row 1). */
export interface SheetRow {
  rowNumber: number;
  cells: string[];
  /** Of an XLSX row: which cells hold a number rather than text (a spreadsheet drops a leading + or 0). */
  numeric?: boolean[];
  /** Of an XLSX row: which cells have no value to read (an error such as #N/A; see cellText). */
  unreadable?: boolean[];
}

/** Whether a row's cells are the header row sought (see openSheet). */
export type HeaderTest = (cells: readonly string[]) => boolean;

/** How many non-empty rows of a sheet are searched for its header row (a title or a note may be above it). */
export const HEADER_SEARCH_ROWS = 10;

export interface OpenedSheet {
  format: 'csv' | 'xlsx';
  /**
   * The encoding a CSV is read in. One without BOM is 'utf-8' until its first non-ASCII byte, which can
   * make it 'windows-1252' (see textDecoder): final once `rows` has been read to its end.
   */
  readonly encoding: TextEncoding | null;
  /** The rows that have a value, from the header row on (see openSheet). */
  rows: AsyncIterable<SheetRow>;
  /** The rows that have a value above the header row, not read: known once `rows` has yielded the header. */
  aboveHeader: SheetRow[];
  /** Of an XLSX, the worksheet `rows` come from (see openSheet): known once `rows` has yielded a row. */
  readonly worksheet: Worksheet | null;
}

/** A worksheet of a workbook: its name, and its position among the workbook's sheets (1: the first tab). */
export interface Worksheet {
  name: string;
  position: number;
}

/** What fromHeaderRow finds besides the rows: the rows above the header, and the worksheet read. */
interface Found {
  aboveHeader: SheetRow[];
  worksheet: Worksheet | null;
}

const HEAD_BYTES = 64 * 1024;
/** A CSV "row" longer than this is not a directory row: most likely not a CSV at all. */
const MAX_RECORD_CHARS = 64 * 1024;
/** How far past that limit an over-long quoted cell is followed, to tell a missing quote from a long cell. */
const SKIM_CHARS = 1024 * 1024;

/**
 * How much XML a workbook may unpack to. A 50 MB upload of repeated text can unpack to 50 GB: exceljs
 * keeps every shared string in memory, so without a cap a small file could exhaust the server's memory.
 * A directory of 100,000 clinicians unpacks to about 8 MB of shared strings and 50-60 MB of worksheet.
 */
export interface UnpackLimits {
  sharedStringsChars: number;
  worksheetChars: number;
}
export const UNPACK_LIMITS: UnpackLimits = { sharedStringsChars: 128 * 2 ** 20, worksheetChars: 2 ** 30 };

export const invalidFile = (reason: string, details?: unknown) =>
  new AppError(422, 'invalid_file', `The file cannot be read: ${reason}`, details);

/** Reads up to `bytes` from the stream, and returns them with a stream that replays them first. */
async function peek(input: Readable, bytes: number): Promise<{ head: Buffer; stream: Readable }> {
  const iterator = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const chunks: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < bytes) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
    chunks.push(chunk);
    size += chunk.length;
  }
  const head = Buffer.concat(chunks);
  async function* replay() {
    yield head;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { head, stream: Readable.from(replay(), { objectMode: false }) };
}

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
async function* decodedText(stream: Readable, decoder: TextDecoderStream, delimiter: string) {
  const newlines = lineBreakNormaliser();
  const guard = recordLengthGuard(delimiter);
  const mixed = (error: unknown) => {
    if (!(error instanceof MixedEncodingError)) return error;
    // The text before the bytes, through the guard, which counts the lines. A CR held back is a line
    // break of its own: what follows it is not an LF.
    guard.write(newlines.write(error.before) + newlines.end());
    return invalidFile(
      error.readAs === 'utf-8'
        ? `the file is UTF-8 but line ${guard.line} has bytes that are not UTF-8 (a row pasted in from a file in another encoding?): retype its accented letters, or save it again as "CSV UTF-8"`
        : `the file reads as Windows-1252 up to line ${guard.line}, which has UTF-8 characters (a row pasted in from a file in another encoding?): retype its accented letters, or save the whole file as "CSV UTF-8"`,
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

/** The text of the file's first HEAD_BYTES, decoded as the file is (up to where it mixes encodings). */
function headTextOf(head: Buffer, encoding: TextEncoding, bomLength: number): string {
  try {
    const decoder = textDecoder(encoding, bomLength);
    return decoder.write(head.subarray(0, HEAD_BYTES));
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
async function* csvRows(
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

/**
 * A sheet's rows that have a value, in batches (CSV's: one per chunk of text). A sheet is read by
 * fromHeaderRow with `next()` alone: the sheets' generator finishes it (see fromHeaderRow).
 */
type Sheet = AsyncIterator<readonly SheetRow[]> & { worksheet?: Worksheet };

/**
 * The rows of the first of `sheets` that has a header row, from that row on: its header row is the
 * first of its first HEADER_SEARCH_ROWS rows that `isHeader` accepts, and the rows above it go to
 * `found`, with the sheet's worksheet; no later sheet is read. Without such a sheet, the first HEADER_SEARCH_ROWS rows of the
 * first sheet that has any (none of them a header row, which the caller can say), and no more.
 *
 * A sheet is never closed here: `sheets` closes the one it last gave when it is closed (also when the
 * rows' consumer stops early), and, asked for the next, finishes the last one as it needs (an XLSX
 * worksheet is read past, for the reader to reach the next part of the zip; a CSV is closed).
 */
async function* fromHeaderRow(
  sheets: AsyncIterable<Sheet>,
  isHeader: HeaderTest,
  found: Found,
): AsyncGenerator<SheetRow> {
  let first: SheetRow[] = [];
  let firstWorksheet: Worksheet | null = null;
  for await (const sheet of sheets) {
    const searched: SheetRow[] = [];
    let headerFound = false;
    search: for (let batch = await sheet.next(); !batch.done; batch = await sheet.next()) {
      for (const row of batch.value) {
        if (!headerFound) {
          if (searched.length === HEADER_SEARCH_ROWS) break search;
          headerFound = isHeader(row.cells);
          if (!headerFound) {
            searched.push(row);
            continue;
          }
          found.aboveHeader.push(...searched);
          found.worksheet = sheet.worksheet ?? null;
        }
        yield row;
      }
    }
    if (headerFound) return;
    if (first.length === 0) {
      first = searched;
      firstWorksheet = sheet.worksheet ?? null;
    }
  }
  found.worksheet = firstWorksheet;
  yield* first;
}

/** The one sheet of a CSV, for fromHeaderRow; closed with them, or when the next is asked for. */
async function* onlySheet(rows: AsyncGenerator<SheetRow[]>): AsyncGenerator<Sheet> {
  try {
    yield rows;
  } finally {
    await rows.return(undefined);
  }
}

/**
 * A cell's value as text, or null when it has no value to read: a formula whose result is an error
 * (#N/A) or was never saved (a workbook written by a program; computing formulas is a spreadsheet's
 * job), or an error value. Such a cell is not read as empty, which would clear that field of an
 * existing clinician: the import names it as an error of its row, if its column is imported.
 */
function cellText(value: ExcelJS.CellValue): string | null {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') return Number.isNaN(value) ? null : String(value);
  if (typeof value === 'object') {
    if ('formula' in value || 'sharedFormula' in value) {
      const { result } = value as { result?: ExcelJS.CellValue };
      return result === undefined ? null : cellText(result);
    }
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String((value as { text: unknown }).text ?? '');
    if ('error' in value) return null;
  }
  return String(value);
}

/** `_xHHHH_` in a workbook's text (see xstring). */
const XSTRING_ESCAPE = /_x([0-9A-Fa-f]{4})_/g;

/**
 * A cell's text as the workbook means it: its strings (shared or inline, ECMA-376 ST_Xstring) write a
 * character as `_xHHHH_`, U+HHHH (Excel does so for control characters, among others), and a "_" that
 * begins such text as `_x005F_` (see write.ts): "_x005F_x0041_" is "_x0041_". Decoded once, left to right.
 */
function xstring(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(XSTRING_ESCAPE, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/** Whether a cell holds a number, itself or as its formula's saved result. */
function isNumber(value: ExcelJS.CellValue): boolean {
  if (typeof value === 'number') return true;
  return typeof value === 'object' && value !== null && 'result' in value && typeof value.result === 'number';
}

/**
 * wholeXml's parser comes from a copy of the saxes module of its own, not the one exceljs uses. When
 * exceljs's parsers (text handlers always on) and ours (mostly off) run the same compiled saxes
 * functions, V8's optimised code for them can turn several times slower once the process has parsed
 * other files:
 * a 100k-row workbook took 25-28 s instead of 7-9 s after a small XLSX and a refused 10 MB CSV.
 */
const SaxesParser = ((): typeof SaxesParserType => {
  const require = createRequire(import.meta.url);
  const path = require.resolve('saxes');
  const shared = require.cache[path];
  delete require.cache[path];
  try {
    return (require('saxes') as typeof import('saxes')).SaxesParser;
  } finally {
    if (shared) require.cache[path] = shared;
    else delete require.cache[path];
  }
})();

/**
 * Collects into `texts`, by cell reference ("B7"), the text of each inline-string cell (t="inlineStr":
 * all its runs, without phonetic ones) and of each formula's saved text result (t="str"), as the XML
 * says it, entities decoded once. exceljs 4.4 reads those cells wrong: each <t> run restarts the text,
 * so only the last run of rich text (or a phonetic reading, <rPh>) is kept, and it decodes their
 * entities a second time, so a cell reading "&lt;b&gt;" came out as "<b>". sheetRowOf takes these
 * texts instead. Text is only listened to inside such a cell: the rest of a sheet costs one tag test.
 */
function collectStringCells(parser: SaxesParserType, texts: Map<string, string>): void {
  let ref: string | null = null;
  let kind: string | undefined;
  let text = '';
  let phonetic = false;
  const onText = (t: string) => {
    text += t;
  };
  parser.on('opentag', (node) => {
    const name = node.name;
    if (name === 'c') {
      const t = node.attributes.t;
      const r = node.attributes.r;
      ref = (t === 'inlineStr' || t === 'str') && typeof r === 'string' ? r.toUpperCase() : null;
      kind = t as string | undefined;
      text = '';
      phonetic = false;
    } else if (ref !== null) {
      if (name === 'rPh') phonetic = true;
      else if ((name === 't' && kind === 'inlineStr' && !phonetic) || (name === 'v' && kind === 'str')) {
        parser.on('text', onText);
      }
    }
  });
  parser.on('closetag', (node) => {
    if (ref === null) return;
    const name = node.name;
    if (name === 't' || name === 'v') {
      parser.off('text');
      // A formula's text result is kept only when saved (<v>); an inline string always has one.
      if (name === 'v') texts.set(ref, text);
    } else if (name === 'rPh') {
      phonetic = false;
    } else if (name === 'is') {
      texts.set(ref, text);
    } else if (name === 'c') {
      ref = null;
    }
  });
}

/**
 * Passes the text of one XML part of the workbook on to exceljs, and fails unless it is one whole,
 * well-formed document. exceljs's own parser (saxes, lib/utils/parse-sax.js) throws the errors it meets
 * on the way but is never closed: a part cut short, or one where an unescaped "&" (or an unclosed
 * comment) swallows the rest of the text, ends quietly after the rows before the damage. A second saxes
 * parser, the same as exceljs's, reads the same text and is closed at the end.
 * Also decodes the UTF-8 across chunk boundaries: exceljs decodes each chunk alone, and turns a
 * character split between two chunks into U+FFFD (a dozen names in a 100k-row file).
 */
async function* wholeXml(
  chunks: AsyncIterable<Buffer | string>,
  part: string,
  maxChars: number,
  texts?: Map<string, string>,
): AsyncGenerator<string> {
  const parser = new SaxesParser();
  let error: Error | undefined;
  parser.on('error', (e) => {
    error ??= e;
  });
  if (texts) collectStringCells(parser, texts);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const damaged = (e: Error) => invalidFile(`${part} is cut short or is not well-formed XML (${e.message})`);
  let chars = 0;
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    chars += text.length;
    if (chars > maxChars) {
      throw new AppError(
        413,
        'payload_too_large',
        `The workbook unpacks to more than ${Math.round(maxChars / 2 ** 20)} MB of text in ${part}: far more than a directory needs, so it is not read`,
      );
    }
    parser.write(text);
    if (error) throw damaged(error);
    yield text;
  }
  decoder.decode(); // throws on a character cut short
  parser.close(); // reports what only the end shows: unclosed elements, an unfinished "&..." or comment
  if (error) throw damaged(error);
}

const notAWorkbook = (kind: string) =>
  new AppError(
    415,
    'unsupported_file_type',
    `The file is ${kind}, not an Excel workbook: save it as .xlsx or CSV`,
  );

/** A worksheet's row as text, or null when it has no value. */
function sheetRowOf(row: ExcelJS.Row, texts: Map<string, string>): SheetRow | null {
  // Sparse: an empty cell is a hole in `values` (index 0 is unused), so read it by index.
  const values = row.values as ExcelJS.CellValue[];
  const cells: string[] = [];
  const numeric: boolean[] = [];
  const unreadable: boolean[] = [];
  for (let i = 1; i < values.length; i++) {
    const collected = texts.size > 0 ? takeText(texts, i, row.number) : undefined;
    const text = collected ?? cellText(values[i]);
    cells.push(text === null ? '' : xstring(text).trim());
    numeric.push(isNumber(values[i]));
    unreadable.push(text === null);
  }
  return cells.some((c, i) => c !== '' || unreadable[i])
    ? { rowNumber: row.number, cells, numeric, unreadable }
    : null;
}

/** The text collectStringCells read for the cell in column `column` (1: A) of row `row`, taken out. */
function takeText(texts: Map<string, string>, column: number, row: number): string | undefined {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  const ref = `${letters}${row}`;
  const text = texts.get(ref);
  if (text !== undefined) texts.delete(ref);
  return text;
}

/**
 * A worksheet's rows that have a value, as text, one to a batch. An iterator, not a generator: one
 * generator fewer between exceljs and the import is 5% of the time a large workbook takes to read.
 * `texts`: its string cells as collectStringCells read them.
 */
function worksheetRows(
  rows: AsyncIterator<ExcelJS.Row>,
  worksheet: Worksheet,
  texts: Map<string, string>,
): Sheet {
  return {
    worksheet,
    async next() {
      for (let next = await rows.next(); !next.done; next = await rows.next()) {
        const row = sheetRowOf(next.value, texts);
        if (row) return { done: false, value: [row] };
      }
      return { done: true, value: undefined };
    },
  };
}

/**
 * The (private) exceljs 4.4 WorkbookReader methods that read one part of a workbook each, and the
 * workbook's relationships they keep. The parts are taken from the zip's central directory here
 * (zip-upload.ts), not by exceljs's own front-to-back pass.
 */
interface PartReaders {
  _parseRels(part: Readable): Promise<void>;
  _parseWorkbook(part: Readable): Promise<void>;
  _parseSharedStrings(part: Readable): AsyncIterable<unknown>;
  _parseWorksheet(chunks: AsyncIterable<Buffer | string>, sheetNo: string): Iterable<{ value: unknown }>;
  workbookRels?: { Id: string; Target: string }[];
}

function partReaders(): PartReaders {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  }) as unknown as PartReaders;
  for (const method of ['_parseRels', '_parseWorkbook', '_parseSharedStrings', '_parseWorksheet'] as const) {
    if (typeof reader[method] !== 'function') {
      throw new Error(`exceljs no longer has WorkbookReader.${method}, which xlsxRows reads parts with`);
    }
  }
  return reader;
}

const WORKBOOK = 'xl/workbook.xml';
const WORKBOOK_RELS = 'xl/_rels/workbook.xml.rels';
const SHARED_STRINGS = 'xl/sharedStrings.xml';
/** The workbook part and its relationships list sheets and files: far below this even with hundreds. */
const MAX_INDEX_PART_BYTES = 16 * 2 ** 20;

const damagedData = (error: Error) => invalidFile(`its compressed data is damaged (${error.message})`);

/** A part's unpacked bytes, streamed; damaged compressed data (or a size that lies) fails as the file's. */
async function* unpacked(zip: ZipUpload, part: string): AsyncGenerator<Buffer> {
  const stream = await zip.read(part);
  try {
    yield* stream;
  } catch (error) {
    throw damagedData(error as Error);
  } finally {
    stream.destroy();
  }
}

/** A small part of the workbook (its list of sheets, its relationships), read whole. */
async function indexPart(zip: ZipUpload, part: string): Promise<Buffer> {
  if (zip.size(part) > MAX_INDEX_PART_BYTES) {
    throw invalidFile(`${part} is larger than a workbook's list of sheets can be`);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of unpacked(zip, part)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

interface SheetEntry {
  name: string;
  rId: string;
  state: string | undefined;
}

/**
 * The sheets xl/workbook.xml lists, in tab order, with their names as written: exceljs decodes a
 * name's entities twice (a tab named "A&amp;B" came out as "A&B"). Its relationship id is the attribute
 * `id` in the relationships namespace, whatever its prefix (usually r:id).
 */
function sheetsOf(workbookXml: Buffer): SheetEntry[] {
  const parser = new SaxesParser();
  const sheets: SheetEntry[] = [];
  let error: Error | undefined;
  parser.on('error', (e) => {
    error ??= e;
  });
  parser.on('opentag', (node) => {
    if (node.name !== 'sheet' && !node.name.endsWith(':sheet')) return;
    const attributes = node.attributes as Record<string, string>;
    const rId = Object.entries(attributes).find(([key]) => key.endsWith(':id'))?.[1];
    sheets.push({ name: attributes.name ?? '', rId: rId ?? '', state: attributes.state });
  });
  const text = new TextDecoder().decode(workbookXml);
  if (text.trim() === '') throw missingPart();
  parser.write(text).close();
  if (error) throw invalidFile(`${WORKBOOK} is not well-formed XML (${error.message})`);
  if (sheets.length === 0) throw missingPart();
  return sheets;
}

/** The part of the zip that holds a sheet: its relationship's target, relative to xl/ or absolute. */
function partOf(reader: PartReaders, rId: string): string | null {
  const rel = reader.workbookRels?.find((r) => r.Id === rId);
  return rel ? posix.resolve('/xl', rel.Target).slice(1) : null;
}

const HIDDEN = new Set(['hidden', 'veryHidden']);

/**
 * The workbook's visible worksheets in tab order, for fromHeaderRow: a hidden sheet (old data, lookup
 * lists) is never imported. The workbook part and its relationships are read first, then the shared
 * strings, then each worksheet when it is asked for; each part is checked whole and within `limits`
 * (wholeXml). A ZIP with neither workbook part nor worksheets is not a workbook.
 */
async function* worksheets(zip: ZipUpload, limits: UnpackLimits): AsyncGenerator<Sheet> {
  if (!zip.names.has(WORKBOOK)) {
    if ([...zip.names].some((name) => name.startsWith('xl/worksheets/'))) throw missingPart();
    throw notAWorkbook(`a ZIP archive that is not an Excel workbook (it has no ${WORKBOOK})`);
  }
  const reader = partReaders();
  if (zip.names.has(WORKBOOK_RELS)) {
    await reader._parseRels(Readable.from([await indexPart(zip, WORKBOOK_RELS)]));
  }
  const workbookXml = await indexPart(zip, WORKBOOK);
  const sheets = sheetsOf(workbookXml);
  // Read by exceljs too (a few hundred bytes): its worksheet reading uses what it keeps of it (the
  // sheets, the date system).
  await reader._parseWorkbook(Readable.from([workbookXml]));
  if (zip.names.has(SHARED_STRINGS)) {
    const text = wholeXml(unpacked(zip, SHARED_STRINGS), SHARED_STRINGS, limits.sharedStringsChars);
    for await (const _ of reader._parseSharedStrings(Readable.from(text))) {
    }
  }
  for (const [at, sheet] of sheets.entries()) {
    if (sheet.state && HIDDEN.has(sheet.state)) continue;
    const part = partOf(reader, sheet.rId);
    if (!part || !zip.names.has(part)) {
      throw invalidFile(`the worksheet "${sheet.name}" has no part in the file${part ? ` (${part})` : ''}`);
    }
    const texts = new Map<string, string>();
    const chunks = wholeXml(unpacked(zip, part), part, limits.worksheetChars, texts);
    const [emitted] = reader._parseWorksheet(chunks, String(at + 1));
    const rows = (emitted!.value as AsyncIterable<ExcelJS.Row>)[Symbol.asyncIterator]();
    try {
      yield worksheetRows(rows, { name: sheet.name, position: at + 1 }, texts);
    } finally {
      await rows.return?.();
    }
  }
}

const missingPart = () =>
  invalidFile('not a readable XLSX workbook: a part Excel always writes is missing or empty');

async function* xlsxRows(
  stream: Readable,
  limits: UnpackLimits,
  isHeader: HeaderTest,
  found: Found,
): AsyncGenerator<SheetRow> {
  const zip = await openZipUpload(stream).catch((error: unknown) => {
    if (!(error instanceof ZipOpenError)) throw error; // the upload's own: too large, cut off
    throw invalidFile(
      `the file was cut short, or is not a whole ZIP archive: its table of contents cannot be read (${error.message})`,
    );
  });
  try {
    yield* fromHeaderRow(worksheets(zip, limits), isHeader, found);
  } catch (error) {
    if (error instanceof AppError) throw error;
    // A TypeError is exceljs reading a part that lacks what it expects: its text ("Cannot read
    // properties of undefined") would tell the user nothing.
    if (error instanceof TypeError) throw missingPart();
    throw invalidFile(`not a readable XLSX workbook (${(error as Error).message})`);
  } finally {
    zip.close();
  }
}

/**
 * Opens an uploaded spreadsheet as a stream of text rows without holding it in memory (an XLSX is spooled to a
 * temporary file, see zip-upload.ts): recognises XLSX or
 * CSV from the bytes, detects the CSV's encoding and delimiter. The rows start with the header row: the
 * first of the first HEADER_SEARCH_ROWS rows that have a value that `isHeader` accepts (by default the
 * first), of the first worksheet that has one; the rows above it are `aboveHeader`. Without such a row,
 * the rows are the first HEADER_SEARCH_ROWS rows that have a value (of the first worksheet that has
 * any), and no more: none is a header row (fromHeaderRow). A workbook's visible worksheets are read in
 * tab order (see worksheets): `worksheet` says which one was read.
 */
export async function openSheet(
  input: Readable,
  limits = UNPACK_LIMITS,
  isHeader: HeaderTest = () => true,
): Promise<OpenedSheet> {
  const { head, stream } = await peek(input, HEAD_BYTES);
  if (head.length === 0) throw invalidFile('the file is empty');
  const sniffed: Sniffed = sniff(head);
  if (sniffed.format === 'binary' || sniffed.format === 'other-zip') {
    stream.resume();
    if (sniffed.format === 'other-zip') throw notAWorkbook(sniffed.kind);
    throw new AppError(
      415,
      'unsupported_file_type',
      'The file is neither a CSV text file nor an XLSX workbook',
    );
  }
  const found: Found = { aboveHeader: [], worksheet: null };
  if (sniffed.format === 'xlsx') {
    return {
      format: 'xlsx',
      encoding: null,
      rows: xlsxRows(stream, limits, isHeader, found),
      aboveHeader: found.aboveHeader,
      get worksheet() {
        return found.worksheet;
      },
    };
  }
  const decoder = textDecoder(sniffed.encoding, sniffed.bomLength);
  return {
    format: 'csv',
    get encoding() {
      return decoder.encoding;
    },
    rows: fromHeaderRow(
      onlySheet(csvRows(stream, decoder, head, sniffed.bomLength, isHeader)),
      isHeader,
      found,
    ),
    aboveHeader: found.aboveHeader,
    worksheet: null,
  };
}
