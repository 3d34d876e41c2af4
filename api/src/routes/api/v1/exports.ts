import { createCliniciansRepository, readSnapshot } from '@cmss/db';
import type { Clinician } from '@cmss/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ADMIN_ONLY } from '../../../access.js';
import { ClinicianFilterQuery, FileDownload, StatusFilter } from '../../../directory/schemas.js';
import {
  clinicianCsvCells,
  clinicianSheetCells,
  directoryCsv,
  XLSX_TYPE,
  xlsxStream,
} from '../../../directory/spreadsheet/write.js';
import { endedWhenStalled } from '../../../download-streams.js';
import { errorResponses } from '../../../http.js';
import { clinicianFilterFromQuery } from './clinicians.js';

const ExportQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Same search as GET /clinicians' })),
    status: Type.Optional(StatusFilter),
    ...ClinicianFilterQuery,
  },
  { additionalProperties: false },
);

/** The directory as a spreadsheet, with the same filters as the listing and the import's columns. */
const exportsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  for (const format of ['csv', 'xlsx'] as const) {
    app.get(
      `/exports/directory.${format}`,
      {
        config: { access: ADMIN_ONLY },
        schema: {
          tags: ['exports'],
          operationId: format === 'csv' ? 'exportDirectoryCsv' : 'exportDirectoryXlsx',
          summary: `Export clinicians as ${format.toUpperCase()} (same filters as GET /clinicians)`,
          description:
            'Columns are those of the import template, so an export imports back as "unchanged". Formula injection: in CSV, cells starting with =, +, -, @, tab or CR get a leading apostrophe, which the import removes again; in XLSX every value is a text cell (hospital_id a number), shown without an apostrophe, and those starting so also get Excel\u2019s quotePrefix, so that editing them does not make a formula. A filter value outside the vocabularies is a 400. Sorted by name; streamed.',
          querystring: ExportQuery,
          produces: [format === 'csv' ? 'text/csv' : XLSX_TYPE],
          response: { 200: FileDownload, ...errorResponses(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const filter = clinicianFilterFromQuery(request, request.query);
        let count = 0;
        // One snapshot of the directory for the whole download, however long it takes to drain (unless
        // its client stops taking it: EXPORT_STALL_SECONDS).
        const clinicians = readSnapshot(app.database, (db) => createCliniciansRepository(db).iterate(filter));
        const rows = <T>(cellsOf: (c: Clinician) => T) =>
          endedWhenStalled(
            clinicians,
            (c) => {
              count++;
              return cellsOf(c);
            },
            reply.raw,
            app.config.exportStallSeconds * 1000,
          );
        const stamp = new Date().toISOString().slice(0, 10);
        reply.header('content-disposition', `attachment; filename="cmss-directory-${stamp}.${format}"`);
        // The audit entry is written when the download ends, with the number of records read for it,
        // also when the client went away before the end: what it received is personal data all the same.
        let complete = false;
        reply.raw.once('finish', () => {
          complete = true;
        });
        reply.raw.once('close', () =>
          app.audit(request, {
            action: 'export',
            entity: 'clinician',
            entityId: null,
            fields: ['email', 'givenName', 'familyName', 'title', 'phone', 'hospitalId', 'role'],
            details: { format, count, complete, filter: request.query },
          }),
        );
        if (format === 'csv') {
          return reply.type('text/csv; charset=utf-8').send(directoryCsv(rows(clinicianCsvCells)));
        }
        return reply.type(XLSX_TYPE).send(xlsxStream(rows(clinicianSheetCells)));
      },
    );
  }
};

export default exportsRoutes;
