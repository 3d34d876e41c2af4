/**
 * XLSX reading: the upload is spooled and read through the zip's central directory (zip-upload.ts);
 * the workbook's parts are parsed by exceljs's part parsers, each worksheet checked whole and within
 * the unpack limits first (wholeXml).
 */
import { createRequire } from 'node:module';
import { posix } from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { SaxesParser as SaxesParserType } from 'saxes';
import { AppError } from '../../errors.js';
import {
  columnLetters,
  type Found,
  fromHeaderRow,
  type HeaderTest,
  invalidFile,
  type Sheet,
  type SheetRow,
  type Worksheet,
} from './sheet-rows.js';
import { openZipUpload, ZipOpenError, type ZipUpload } from './zip-upload.js';

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
/**
 * Two kinds of worksheet XML that ECMA-376 allows, Excel never writes and exceljs cannot read: cells
 * without a reference (r="B2": each follows the one before), and elements under a namespace prefix
 * (<x:row>, as some OpenXML SDK programs write). exceljs fails on the first with a TypeError and reads
 * no row of the second; collectStringCells stops at either and says so.
 */
const NO_CELL_REFERENCES = 'its cells have no references (r="B2")';
const PREFIXED = 'its XML names carry a namespace prefix (<x:row>)';
const unsupportedSheet = (what: string) =>
  invalidFile(
    `the worksheet was written by a program other than Excel, and ${what}, which this import does not read: open the file in Excel or LibreOffice and save it again`,
  );

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
      if (typeof r !== 'string') throw unsupportedSheet(NO_CELL_REFERENCES);
      ref = t === 'inlineStr' || t === 'str' ? r.toUpperCase() : null;
      kind = t as string | undefined;
      text = '';
      phonetic = false;
    } else if (name.endsWith(':worksheet')) {
      throw unsupportedSheet(PREFIXED);
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
 * Collects the shared strings (xl/sharedStrings.xml) in order, each the text of its <si> as the XML
 * says it: all of its runs, without phonetic readings (<rPh>) and without the whitespace a
 * pretty-printed part has between elements. exceljs 4.4 kept a phonetic reading instead of the text
 * ("ケン" for "Ken") and glued that whitespace into rich-text runs (a name "with a line break"). The
 * worksheets then read these strings (PartReaders.sharedStrings). Prefixed elements (x:si) count too.
 */
function collectSharedStrings(parser: SaxesParserType, strings: string[]): void {
  let text = '';
  let phonetic = false;
  const onText = (t: string) => {
    text += t;
  };
  const local = (name: string) => name.slice(name.indexOf(':') + 1);
  parser.on('opentag', (node) => {
    const name = local(node.name);
    if (name === 'si') text = '';
    else if (name === 'rPh') phonetic = true;
    else if (name === 't' && !phonetic) parser.on('text', onText);
  });
  parser.on('closetag', (node) => {
    const name = local(node.name);
    if (name === 't') parser.off('text');
    else if (name === 'rPh') phonetic = false;
    else if (name === 'si') strings.push(text);
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
  /** What else to read on the way (collectStringCells, collectSharedStrings). */
  collect: (parser: SaxesParserType) => void,
): AsyncGenerator<string> {
  const parser = new SaxesParser();
  let error: Error | undefined;
  parser.on('error', (e) => {
    error ??= e;
  });
  collect(parser);
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

export const notAWorkbook = (kind: string, advice = 'save it as .xlsx or CSV') =>
  new AppError(
    415,
    'unsupported_file_type',
    `The file is ${kind}, which the import does not read: ${advice}`,
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
  const ref = `${columnLetters(column)}${row}`;
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
  _parseWorksheet(chunks: AsyncIterable<Buffer | string>, sheetNo: string): Iterable<{ value: unknown }>;
  workbookRels?: { Id: string; Target: string }[];
  /** What a worksheet's shared-string cells read: collectSharedStrings's, not exceljs's own. */
  sharedStrings?: string[];
}

function partReaders(): PartReaders {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  }) as unknown as PartReaders;
  for (const method of ['_parseRels', '_parseWorkbook', '_parseWorksheet'] as const) {
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
    const strings: string[] = [];
    const collect = (parser: SaxesParserType) => collectSharedStrings(parser, strings);
    for await (const _ of wholeXml(
      unpacked(zip, SHARED_STRINGS),
      SHARED_STRINGS,
      limits.sharedStringsChars,
      collect,
    )) {
    }
    reader.sharedStrings = strings;
  }
  for (const [at, sheet] of sheets.entries()) {
    if (sheet.state && HIDDEN.has(sheet.state)) continue;
    const part = partOf(reader, sheet.rId);
    if (!part || !zip.names.has(part)) {
      throw invalidFile(`the worksheet "${sheet.name}" has no part in the file${part ? ` (${part})` : ''}`);
    }
    const texts = new Map<string, string>();
    const chunks = wholeXml(unpacked(zip, part), part, limits.worksheetChars, (parser) =>
      collectStringCells(parser, texts),
    );
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

export async function* xlsxRows(
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
