/**
 * What every spreadsheet format is read into: text rows, the header row found among the first rows of
 * a sheet (fromHeaderRow), and the one error a file that cannot be read gets (invalidFile).
 */
import { AppError } from '../../errors.js';

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

/** A worksheet of a workbook: its name, and its position among the workbook's sheets (1: the first tab). */
export interface Worksheet {
  name: string;
  position: number;
}

/** What fromHeaderRow finds besides the rows: the rows above the header, and the worksheet read. */
export interface Found {
  aboveHeader: SheetRow[];
  worksheet: Worksheet | null;
}

export const invalidFile = (reason: string, details?: unknown) =>
  new AppError(422, 'invalid_file', `The file cannot be read: ${reason}`, details);

/**
 * A sheet's rows that have a value, in batches (CSV's: one per chunk of text). A sheet is read by
 * fromHeaderRow with `next()` alone: the sheets' generator finishes it (see fromHeaderRow).
 */
export type Sheet = AsyncIterator<readonly SheetRow[]> & { worksheet?: Worksheet };

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
export async function* fromHeaderRow(
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

/** A column's letters as a spreadsheet shows them ("F"; 1: "A"). */
export function columnLetters(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}
