import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { AppError } from '../../errors.js';
import { decodeStream, type Sniffed, sniff, type TextEncoding } from './decode.js';

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

async function* csvRows(stream: Readable, encoding: TextEncoding, head: Buffer, bomLength: number) {
  const headText = iconv.decode(head.subarray(bomLength, HEAD_BYTES), encoding);
  const parser = parse({
    delimiter: delimiterOf(headText.split(/\r?\n/, 1)[0] ?? ''),
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_CHARS,
    bom: true,
    // Each record with its own line number: records are read ahead, so parser.info is already further on.
    info: true,
  });
  const decoded = decodeStream(stream, encoding);
  decoded.on('error', (e) => parser.destroy(e));
  decoded.pipe(parser);
  let rowNumber = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      // The line a record ends on: the row number a spreadsheet shows, for one-line records.
      rowNumber = info.lines;
      yield { rowNumber, cells: record.map((c) => c.trim()) };
    }
  } catch (error) {
    const e = error as Error & { code?: string; lines?: number };
    if (e.code === 'CSV_QUOTE_NOT_CLOSED')
      throw invalidFile(`a quoted cell is never closed (opened on or after line ${rowNumber + 1})`);
    if (e.code === 'CSV_MAX_RECORD_SIZE')
      throw invalidFile(
        `line ${(e.lines ?? rowNumber) + 1} is longer than ${MAX_RECORD_CHARS} characters; is this a CSV file?`,
      );
    if (e.code?.startsWith('CSV_')) throw invalidFile(`${e.message}`);
    throw error;
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
