import { PassThrough, type Readable } from 'node:stream';
import type { Clinician } from '@cmss/shared';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { csvStream, drainedOrClosed, nextTurn } from '../../download-streams.js';
import { COLUMNS, type Column, looksLikeFormula, neutraliseCell, unneutraliseCell } from './columns.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A cell of an exported sheet: text, or a number (hospital_id, a number in a workbook). */
export type SheetCell = string | number;

/** A clinician's values, in the import's columns, as the import reads them back unchanged. */
function clinicianValues(c: Clinician): Record<Column, SheetCell> {
  return {
    email: c.email,
    title: c.title ?? '',
    given_name: c.givenName,
    family_name: c.familyName,
    role: c.role,
    hospital_id: c.hospitalId,
    hospital: c.hospitalName,
    country: c.countryCode,
    phone: c.phone ?? '',
    specialties: c.specialties.join('; '),
    languages: c.languages.join('; '),
    networks: c.networks.join('; '),
    contact_person: c.contactPerson ? 'yes' : 'no',
    status: c.status,
  };
}

/**
 * A clinician as CSV cells, in COLUMNS order. Every cell, not just free text, gets the apostrophe guard
 * (neutraliseCell): in CSV a spreadsheet decides what a cell is, and a name or hospital could start with
 * "=" too.
 */
export function clinicianCsvCells(c: Clinician): string[] {
  const values = clinicianValues(c);
  return COLUMNS.map((col) => neutraliseCell(String(values[col])));
}

/** A clinician as workbook cells, in COLUMNS order: typed, so no apostrophe is needed (see xlsxStream). */
export function clinicianSheetCells(c: Clinician): SheetCell[] {
  const values = clinicianValues(c);
  return COLUMNS.map((col) => values[col]);
}

/** The directory as CSV for Excel (UTF-8 with BOM), in the import's columns. */
export const directoryCsv = (rows: Iterable<string[]>): Readable => csvStream(COLUMNS, rows, { bom: true });

/**
 * styles.xml of an export: exceljs's default stylesheet plus cell format 1, `quotePrefix`, which Excel
 * itself gives a cell typed with a leading apostrophe: the text is shown as it is, and editing the cell
 * keeps it text instead of turning "=1+1" or "+48…" into a formula.
 */
const STYLES_XML =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<fonts count="1"><font><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '<dxfs count="0"/><tableStyles count="0"/></styleSheet>';

/** The style a guarded text cell is given; exceljs 4.4 has no quotePrefix, so our styles (below) read it. */
const QUOTE_PREFIX = { quotePrefix: true } as Partial<ExcelJS.Style>;

/**
 * exceljs 4.4 cannot write quotePrefix: the streaming writer's style manager (a private `styles` field,
 * asked `addStyleModel(style)` for each cell's format index and `xml` for styles.xml) is replaced by one
 * that knows two formats, plain (0) and quotePrefix (1). Checked here, and by the export tests.
 */
function useQuotePrefixStyles(workbook: ExcelJS.stream.xlsx.WorkbookWriter) {
  const internal = workbook as unknown as { styles?: { addStyleModel?: unknown } };
  if (typeof internal.styles?.addStyleModel !== 'function') {
    throw new Error('exceljs no longer has the style manager the XLSX export replaces (workbook.styles)');
  }
  internal.styles = {
    addStyleModel: (style?: { quotePrefix?: boolean }) => (style?.quotePrefix ? 1 : 0),
    xml: STYLES_XML,
  } as typeof internal.styles;
}

/**
 * A text cell's value: an inline string (`t="inlineStr"`). exceljs writes a plain string as `t="str"`, a
 * formula's cached result, which a spreadsheet may evaluate again; rich text is written inline as text.
 * `_xHHHH_` is how a workbook escapes a character in text, so a literal one is escaped itself (`_x005F_`).
 */
const inlineText = (text: string): ExcelJS.CellRichTextValue => ({
  richText: [{ text: text.replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1') }],
});

/**
 * XLSX written row by row (exceljs streaming writer), never held whole in memory: rows are read only
 * as fast as the client takes the file. (exceljs writes whatever the stream's state: without the wait,
 * a client that stopped reading had every row read for it anyway, and its snapshot held until the end.)
 * Text goes in text cells, shown as it is (no apostrophe); one that starts like a formula also gets
 * Excel's quotePrefix, so that editing it does not make it one. Numbers are numbers; an empty text is an
 * empty cell.
 */
export function xlsxStream(rows: Iterable<SheetCell[]>, sheetName = 'Directory'): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: false,
    useSharedStrings: false,
  });
  useQuotePrefixStyles(workbook);
  const sheet = workbook.addWorksheet(sheetName);
  const addRow = (cells: readonly SheetCell[]) => {
    const row = sheet.addRow(
      cells.map((cell) => {
        if (cell === '') return null;
        if (typeof cell === 'number') return cell;
        // The import removes the CSV guard's apostrophe (unneutraliseCell): text it would change gets one more.
        return inlineText(unneutraliseCell(cell) === cell ? cell : `'${cell}`);
      }),
    );
    cells.forEach((cell, i) => {
      if (typeof cell === 'string' && looksLikeFormula(cell)) row.getCell(i + 1).style = QUOTE_PREFIX;
    });
    row.commit();
  };
  void (async () => {
    try {
      addRow(COLUMNS);
      let n = 0;
      for (const cells of rows) {
        addRow(cells);
        if (++n % 1000 !== 0) continue;
        // Let the zip stream drain now and then, and wait while the client is behind.
        await nextTurn();
        if (out.writableNeedDrain) await drainedOrClosed(out);
        if (out.destroyed) return; // the download ended (client gone, or stalled): stop reading rows
      }
      sheet.commit();
      await workbook.commit();
    } catch (error) {
      out.destroy(error as Error);
    }
  })();
  return out;
}

export function sendTemplate(reply: FastifyReply, format: 'csv' | 'xlsx') {
  const name = `directory-import-template.${format}`;
  reply.header('content-disposition', `attachment; filename="${name}"`);
  if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(directoryCsv([]));
  return reply.type(XLSX_TYPE).send(xlsxStream([], 'Clinicians'));
}
