import { Readable } from 'node:stream';
import { AppError } from '../../errors.js';
import { csvRows, onlySheet } from './csv-rows.js';
import { type Sniffed, sniff, type TextEncoding, textDecoder } from './decode.js';
import {
  type Found,
  fromHeaderRow,
  type HeaderTest,
  invalidFile,
  type SheetRow,
  type Worksheet,
} from './sheet-rows.js';
import { notAWorkbook, UNPACK_LIMITS, xlsxRows } from './xlsx-rows.js';

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

/** How much of a file is read first: to tell its format and encoding, and a CSV's delimiter. */
const HEAD_BYTES = 64 * 1024;

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
  if (sniffed.format === 'binary' || sniffed.format === 'unsupported') {
    stream.resume();
    if (sniffed.format === 'unsupported') throw notAWorkbook(sniffed.kind, sniffed.advice);
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
      onlySheet(csvRows(stream, decoder, head.subarray(0, HEAD_BYTES), sniffed.bomLength, isHeader)),
      isHeader,
      found,
    ),
    aboveHeader: found.aboveHeader,
    worksheet: null,
  };
}
