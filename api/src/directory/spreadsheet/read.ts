import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { AppError } from '../../errors.js';
import { type Sniffed, sniff, type TextEncoding } from './decode.js';

/** A spreadsheet row as text cells; `rowNumber` is what the user sees (the header is row 1). */
export interface SheetRow {
  rowNumber: number;
  cells: string[];
}

export interface OpenedSheet {
  format: 'csv' | 'xlsx';
  encoding: TextEncoding | null;
  rows: AsyncIterable<SheetRow>;
}

const HEAD_BYTES = 64 * 1024;
/** A CSV "row" longer than this is not a directory row: most likely not a CSV at all. */
const MAX_RECORD_CHARS = 64 * 1024;

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

/** Excel writes ";" where "," is the decimal separator: pick the delimiter the header line uses most. */
function delimiterOf(firstLine: string): string {
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![1] > 0 ? counts[0]![0] : ',';
}

/** The line break the file uses (papaparse guesses it per chunk otherwise, and can guess wrong). */
function newlineOf(text: string): '\r\n' | '\n' | '\r' {
  if (text.includes('\r\n')) return '\r\n';
  if (text.includes('\n') || !text.includes('\r')) return '\n';
  return '\r';
}

const QUOTE = 34;
const CR = 13;
const LF = 10;

/**
 * Whether character `c` (after `previous`) ends a line of text. Lines end with CRLF, LF or a lone CR
 * (old Mac exports), whatever the file's own line break, and a cell may hold any of them: a CR counts,
 * and an LF only if no CR came just before it. The one rule for every "line N" the import names.
 */
const endsLine = (c: number, previous: number) => c === CR || (c === LF && previous !== CR);

/** Line breaks in `text`, which follows the character `previous`. */
function lineBreaksIn(text: string, previous: number): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    if (endsLine(text.charCodeAt(i), i === 0 ? previous : text.charCodeAt(i - 1))) n++;
  }
  return n;
}

/**
 * Refuses a record longer than MAX_RECORD_CHARS as the text streams by: a file without line breaks
 * (garbage) or a quote never closed would otherwise be buffered whole by the parser, which also
 * re-scans its growing partial record on every chunk (seconds for a few MB). Follows CSV's quoting
 * just enough to know where records end: a quote opens a cell only at its start, `""` is an escaped
 * quote. Not a second parser: it yields nothing but the error.
 */
function recordLengthGuard(delimiter: string) {
  const delim = delimiter.charCodeAt(0);
  let state: 'start' | 'plain' | 'quoted' | 'quote-in-quoted' = 'start';
  let length = 0;
  let line = 1;
  let recordLine = 1;
  let previous = 0; // the character before, possibly the last of the previous chunk
  return (text: string) => {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (endsLine(c, previous)) line++;
      previous = c;
      if (state === 'quoted') {
        if (c === QUOTE) state = 'quote-in-quoted';
      } else if (state === 'quote-in-quoted' && c === QUOTE) {
        state = 'quoted';
      } else if (c === CR || c === LF) {
        state = 'start';
        length = 0;
        recordLine = line;
        continue;
      } else if (c === delim) {
        state = 'start';
      } else {
        state = state === 'start' && c === QUOTE ? 'quoted' : 'plain';
      }
      if (++length > MAX_RECORD_CHARS) {
        throw invalidFile(
          state === 'quoted'
            ? `a quoted cell is never closed (opened on or after line ${recordLine})`
            : `line ${recordLine} is longer than ${MAX_RECORD_CHARS} characters; is this a CSV file?`,
        );
      }
    }
  };
}

/** The file as text, decoded chunk by chunk (the BOM dropped), through the record-length guard. */
async function* decodedText(stream: Readable, encoding: TextEncoding, delimiter: string) {
  const decoder = iconv.getDecoder(encoding, { stripBOM: true });
  const guard = recordLengthGuard(delimiter);
  for await (const chunk of stream) {
    const text = decoder.write(chunk as Buffer);
    guard(text);
    if (text) yield text;
  }
  const rest = decoder.end() ?? '';
  guard(rest);
  if (rest) yield rest;
}

/**
 * Parsed records in batches (one per chunk of text), with backpressure: papaparse pauses after each
 * batch until the consumer asks for the next.
 */
async function* parsedBatches(text: Readable, config: { delimiter: string; newline: '\r\n' | '\n' | '\r' }) {
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

/**
 * CSV rows numbered as a spreadsheet application shows them: one row per record, even when a quoted
 * cell spans several lines, and blank lines are rows too (skipped, but counted). So the numbers match
 * those of the same sheet saved as XLSX. Errors about the text itself name its line instead, as a text
 * editor shows it.
 */
async function* csvRows(stream: Readable, encoding: TextEncoding, head: Buffer, bomLength: number) {
  const headText = iconv.decode(head.subarray(bomLength, HEAD_BYTES), encoding);
  const newline = newlineOf(headText);
  const delimiter = delimiterOf(headText.split(newline, 1)[0] ?? '');
  const text = Readable.from(decodedText(stream, encoding, delimiter));
  const delimiterCode = delimiter.charCodeAt(0);
  let row = 0;
  let line = 1; // the line the next record starts on
  // The character before the next record: the last of the line break the parser split on. The file's
  // own break is guessed from its head, so a record may still hold the rest of a different one (the CR
  // of a CRLF in an LF file): counting across the boundary keeps such a pair one line, as the guard does.
  let previous = newline.charCodeAt(newline.length - 1);
  for await (const batch of parsedBatches(text, { delimiter, newline })) {
    const quoteError = batch.errors.find((e) => e.type === 'Quotes');
    const records = quoteError ? batch.data.slice(0, quoteError.row) : batch.data;
    for (const record of records) {
      row++;
      record.forEach((cell, i) => {
        const before = i === 0 ? previous : delimiterCode;
        if (cell.includes('\n') || cell.includes('\r')) line += lineBreaksIn(cell, before);
        previous = cell.length ? cell.charCodeAt(cell.length - 1) : before;
      });
      line += lineBreaksIn(newline, previous);
      previous = newline.charCodeAt(newline.length - 1);
      if (record.length === 1 && record[0]!.trim() === '') continue;
      yield { rowNumber: row, cells: record.map((c) => c.trim()) };
    }
    if (quoteError?.code === 'MissingQuotes') {
      throw invalidFile(`a quoted cell is never closed (opened on or after line ${line})`);
    }
    if (quoteError) throw invalidFile(`line ${line}: ${quoteError.message.toLowerCase()}`);
  }
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String((value as { text: unknown }).text ?? '');
    if ('result' in value) return cellText((value as { result?: ExcelJS.CellValue }).result ?? null);
    if ('error' in value) return '';
  }
  return String(value);
}

async function* xlsxRows(stream: Readable) {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'emit',
  });
  try {
    // The first worksheet only: templates keep notes on other sheets.
    for await (const worksheet of reader) {
      for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
        const values = row.values as ExcelJS.CellValue[];
        const cells = values.slice(1).map((v) => cellText(v).trim());
        if (cells.some((c) => c !== '')) yield { rowNumber: row.number, cells };
      }
      return;
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw invalidFile(`not a readable XLSX workbook (${(error as Error).message})`);
  }
}

/**
 * Opens an uploaded spreadsheet as a stream of text rows without reading it whole: recognises XLSX or
 * CSV from the bytes, detects the CSV's encoding and delimiter.
 */
export async function openSheet(input: Readable): Promise<OpenedSheet> {
  const { head, stream } = await peek(input, HEAD_BYTES);
  if (head.length === 0) throw invalidFile('the file is empty');
  const sniffed: Sniffed = sniff(head);
  if (sniffed.format === 'binary') {
    stream.resume();
    throw new AppError(
      415,
      'unsupported_file_type',
      'The file is neither a CSV text file nor an XLSX workbook',
    );
  }
  if (sniffed.format === 'xlsx') return { format: 'xlsx', encoding: null, rows: xlsxRows(stream) };
  return {
    format: 'csv',
    encoding: sniffed.encoding,
    rows: csvRows(stream, sniffed.encoding, head, sniffed.bomLength),
  };
}
