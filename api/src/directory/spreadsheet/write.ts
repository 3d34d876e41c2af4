import { PassThrough, Readable } from 'node:stream';
import type { Clinician } from '@cmss/shared';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { COLUMNS, type Column, neutraliseCell } from './columns.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A clinician as spreadsheet cells, in COLUMNS order: what the import reads back unchanged. */
export function clinicianCells(c: Clinician): string[] {
  const cells: Record<Column, string> = {
    email: c.email,
    title: c.title ?? '',
    given_name: c.givenName,
    family_name: c.familyName,
    role: c.role,
    hospital_id: String(c.hospitalId),
    hospital: c.hospitalName,
    country: c.countryCode,
    phone: c.phone ?? '',
    specialties: c.specialties.join('; '),
    languages: c.languages.join('; '),
    networks: c.networks.join('; '),
    contact_person: c.contactPerson ? 'yes' : 'no',
    status: c.status,
  };
  // Every cell, not just free text: a name or hospital could start with "=" too.
  return COLUMNS.map((col) => neutraliseCell(cells[col]));
}

const csvCell = (v: string) => (/[",;\r\n\t]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
const csvLine = (cells: readonly string[]) => `${cells.map(csvCell).join(',')}\r\n`;

/** Characters of CSV per chunk written: one write per row cost a system call per row. */
const CSV_CHUNK_CHARS = 64 * 1024;

/** Waits for the next turn of the event loop, so other requests are served meanwhile. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * CSV for Excel: UTF-8 with BOM (else Excel guesses the ANSI code page), CRLF line ends, RFC 4180
 * quoting. Written in chunks, with a turn of the event loop between them: a socket that keeps up
 * would otherwise take a synchronous source in one go (100k clinicians froze the API for 7.6 s).
 */
export function csvStream(rows: Iterable<string[]>): Readable {
  async function* chunks() {
    let chunk = `\uFEFF${csvLine(COLUMNS)}`;
    for (const cells of rows) {
      chunk += csvLine(cells);
      if (chunk.length >= CSV_CHUNK_CHARS) {
        yield chunk;
        chunk = '';
        await nextTurn();
      }
    }
    yield chunk;
  }
  return Readable.from(chunks(), { objectMode: false });
}

/** XLSX written row by row (exceljs streaming writer), never held whole in memory. */
export function xlsxStream(rows: Iterable<string[]>, sheetName = 'Directory'): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: false,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet(sheetName);
  void (async () => {
    try {
      sheet.addRow([...COLUMNS]).commit();
      let n = 0;
      for (const cells of rows) {
        sheet.addRow(cells).commit();
        // Let the zip stream drain now and then instead of buffering the whole sheet.
        if (++n % 1000 === 0) await nextTurn();
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
  if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(csvStream([]));
  return reply.type(XLSX_TYPE).send(xlsxStream([], 'Clinicians'));
}
