import { PassThrough, type Readable } from 'node:stream';
import type { Clinician } from '@cmss/shared';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { csvStream, drainedOrClosed, nextTurn } from '../../download-streams.js';
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

/** The directory as CSV for Excel (UTF-8 with BOM), in the import's columns. */
export const directoryCsv = (rows: Iterable<string[]>): Readable => csvStream(COLUMNS, rows, { bom: true });

/**
 * XLSX written row by row (exceljs streaming writer), never held whole in memory: rows are read only
 * as fast as the client takes the file. (exceljs writes whatever the stream's state: without the wait,
 * a client that stopped reading had every row read for it anyway, and its snapshot held until the end.)
 */
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
