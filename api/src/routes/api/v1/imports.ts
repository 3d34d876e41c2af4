import type { Readable } from 'node:stream';
import { PassThrough, Transform } from 'node:stream';
import type { ImportRecord, ImportRowRecord, StoredRowData } from '@cmss/db';
import type { ClinicianInput } from '@cmss/shared';
import multipart, { type Multipart } from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest, FastifySchemaCompiler } from 'fastify';
import { Type } from 'typebox';
import { ADMIN_ONLY } from '../../../access.js';
import { createImportService } from '../../../directory/import-service.js';
import {
  DryRunResponse,
  FileDownload,
  ImportIdParams,
  ImportRowOutcome,
  ImportRowsQuery,
  ImportView,
} from '../../../directory/schemas.js';
import { COLUMNS, HEADER_ALIASES } from '../../../directory/spreadsheet/columns.js';
import { fieldColumn } from '../../../directory/spreadsheet/row-input.js';
import { sendTemplate } from '../../../directory/spreadsheet/write.js';
import { AppError, badRequest, notFound } from '../../../errors.js';
import { errorResponses, locationHeader, withHeaders } from '../../../http.js';

/** Every header name each column is read under (HEADER_ALIASES), as the route's description lists them. */
const HEADER_NAMES = COLUMNS.map(
  (column) => `${column} (${HEADER_ALIASES[column].map((alias) => `"${alias}"`).join(', ')})`,
).join('; ');

/** Content types accepted as a raw upload body (besides multipart/form-data with a `file` field). */
const RAW_TYPES = [
  'text/csv',
  'text/plain',
  'application/csv',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/octet-stream',
];

const view = (r: ImportRecord) => ({
  id: r.id,
  status: r.status,
  fileName: r.fileName,
  format: r.format,
  encoding: r.encoding,
  createdBy: r.createdBy,
  createdAt: r.createdAt,
  committedBy: r.committedBy,
  committedAt: r.committedAt,
  summary: r.summary,
});

const rowView = (r: ImportRowRecord) => ({
  row: r.rowNumber,
  outcome: r.outcome,
  email: r.email,
  clinicianId: r.clinicianId,
  ...(r.outcome === 'error' && r.details ? { errors: JSON.parse(r.details) } : {}),
  ...(r.outcome === 'updated' && r.details ? updateView(JSON.parse(r.details), r.data) : {}),
});

/**
 * What an updated row changes, old and new, so that a dry run can be checked before its commit. Named by
 * the file's columns, as the errors of error rows are: the dry run's user reads it beside the file.
 */
function updateView(fields: (keyof ClinicianInput)[], data: string | null) {
  const changes = fields.map((f) => fieldColumn[f] ?? f);
  const stored = data ? (JSON.parse(data) as StoredRowData) : null;
  if (!stored?.before) return { changes }; // a dry run stored before the old values were kept
  const before = stored.before;
  return {
    changes,
    values: Object.fromEntries(fields.map((f, i) => [changes[i], { from: before[f], to: stored[f] }])),
  };
}

/** Stops the upload with 413 once it passes the limit, so a huge file is never read to its end. */
function limitBytes(max: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > max)
        done(
          new AppError(413, 'payload_too_large', `The file is larger than ${max} bytes (IMPORT_MAX_BYTES)`),
        );
      else done(null, chunk);
    },
  });
}

/** A multipart part's file name as kept with the import: printable, at most 255 characters (as `?fileName`). */
const cleanFileName = (name: string | undefined): string | null =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it drops
  name?.replace(/[\x00-\x1f\x7f-\x9f]/g, '').slice(0, 255) || null;

/** The multipart field the spreadsheet is sent in. */
const FILE_FIELD = 'file';

const invalidMultipart = (reason: string) =>
  badRequest('invalid_multipart', `The multipart/form-data body cannot be read: ${reason}`);

/** A part other than the one file in the field `file`: worded like the other routes' body validation. */
const unexpectedPart = (part: Multipart) =>
  part.type === 'file' && part.fieldname === FILE_FIELD
    ? badRequest('too_many_files', 'Send one file per import: the multipart body has a second file')
    : part.fieldname === FILE_FIELD
      ? badRequest(
          'validation_failed',
          `Invalid body: the part "${FILE_FIELD}" is a text field; send the spreadsheet as a file, with a file name (curl -F ${FILE_FIELD}=@directory.csv)`,
        )
      : badRequest(
          'validation_failed',
          `Invalid body: unexpected ${part.type} "${part.fieldname}"; send the spreadsheet as the only part, a file in the multipart field "${FILE_FIELD}"`,
          [
            {
              in: 'body',
              path: `/${part.fieldname}`,
              field: part.fieldname,
              code: 'additionalProperties',
              message: `must NOT have additional properties: the only field is "${FILE_FIELD}"`,
              params: { additionalProperty: part.fieldname },
            },
          ],
        );

/**
 * What the multipart parser (busboy through @fastify/multipart) fails with is the client's fault:
 * a malformed or truncated body, or a limit passed. It becomes a 400 (413 for the size limit) with
 * the uniform error body instead of a 500.
 */
function multipartError(error: unknown, maxBytes: number): AppError {
  if (error instanceof AppError) return error;
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  switch (code) {
    case 'FST_FILES_LIMIT':
      return badRequest('too_many_files', 'Send one file per import: the multipart body has a second file');
    case 'FST_REQ_FILE_TOO_LARGE':
      return new AppError(
        413,
        'payload_too_large',
        `The file is larger than ${maxBytes} bytes (IMPORT_MAX_BYTES)`,
      );
    case 'FST_FIELDS_LIMIT':
    case 'FST_PARTS_LIMIT':
    case 'FST_PROTO_VIOLATION':
    case 'FST_INVALID_JSON_FIELD_ERROR':
      return invalidMultipart(`send the spreadsheet as the only part, a file in the field "${FILE_FIELD}"`);
    case 'FST_MP_PREMATURE_CLOSE':
      return invalidMultipart('the request ended before the multipart body was complete');
    default:
      // busboy: "Multipart: Boundary not found", "Unexpected end of multipart data",
      // "Part terminated early due to unexpected end of multipart data", "Malformed part header", ...
      return invalidMultipart(message || 'malformed body');
  }
}

const imports: FastifyPluginAsyncTypebox = async (app) => {
  const service = createImportService(app.database.db, { workers: app.config.importWorkers });
  app.addHook('onClose', () => service.close());
  const maxBytes = app.config.importMaxBytes;

  // Encapsulated in this plugin: only the import route streams request bodies.
  await app.register(multipart, { limits: { fileSize: maxBytes, files: 1, fields: 5 } });
  app.addContentTypeParser(RAW_TYPES, (_request, payload, done) => done(null, payload));

  /**
   * The one file of a multipart upload, as a stream that ends only once the whole multipart body has
   * been parsed and found well-formed, with no other part. Anything else destroys the stream with a
   * 400 (the dry run then fails and stores nothing): a truncated or malformed body, a part other than
   * the file, a second file. The parser's own end-or-error is awaited alongside the file, so a body
   * that stops mid-way settles the upload even if the file stream itself never ends nor fails.
   */
  async function multipartUpload(
    request: FastifyRequest,
  ): Promise<{ stream: Readable; fileName: string | null }> {
    const parts = request.parts()[Symbol.asyncIterator]();
    const next = () =>
      parts.next().catch((error: unknown) => Promise.reject(multipartError(error, maxBytes)));
    const first = await next();
    if (first.done)
      throw badRequest('file_missing', `Send the spreadsheet in a multipart field named "${FILE_FIELD}"`);
    const part = first.value;
    if (part.type !== 'file' || part.fieldname !== FILE_FIELD) {
      if (part.type === 'file') part.file.resume(); // let the parser move on; the rest is never read
      throw unexpectedPart(part);
    }

    const file = part.file;
    const out = new PassThrough();
    const fail = (error: unknown) => {
      if (out.destroyed) return;
      out.destroy(multipartError(error, maxBytes));
      if (!file.destroyed && !file.readableEnded) file.destroy();
    };
    let fileEnded = false;
    let bodyEnded = false;
    const finish = () => {
      if (fileEnded && bodyEnded && !out.destroyed) out.end();
    };
    file.on('error', fail);
    file.on('end', () => {
      if (file.truncated)
        return fail(
          new AppError(
            413,
            'payload_too_large',
            `The file is larger than ${maxBytes} bytes (IMPORT_MAX_BYTES)`,
          ),
        );
      fileEnded = true;
      finish();
    });
    file.on('close', () => {
      if (!fileEnded && !out.destroyed) fail(invalidMultipart('the file part ended early'));
    });
    // If the consumer stops reading (e.g. the file is not a spreadsheet), let the parser go.
    out.on('close', () => {
      if (!file.destroyed && !file.readableEnded) file.destroy();
    });
    file.pipe(out, { end: false });

    // The next part, the end of the body, or the parser's error, while the file is being read.
    next().then((rest) => {
      if (!rest.done) {
        if (rest.value.type === 'file') rest.value.file.resume();
        return fail(unexpectedPart(rest.value));
      }
      bodyEnded = true;
      finish();
    }, fail);

    return { stream: out, fileName: cleanFileName(part.filename) };
  }

  async function upload(request: FastifyRequest): Promise<{ stream: Readable; fileName: string | null }> {
    // Validated by the route's querystring schema. Given, it is the name kept, even for a multipart part.
    const { fileName } = request.query as { fileName?: string };
    if (request.isMultipart()) {
      try {
        const part = await multipartUpload(request);
        return { stream: part.stream, fileName: fileName ?? part.fileName };
      } catch (error) {
        throw multipartError(error, maxBytes);
      }
    }
    const body = request.body as Readable | undefined;
    if (!body || typeof (body as Readable).pipe !== 'function') {
      throw new AppError(
        415,
        'unsupported_media_type',
        `Upload the file as multipart/form-data or with one of: ${RAW_TYPES.join(', ')}`,
      );
    }
    return { stream: body, fileName: fileName ?? null };
  }

  async function dryRun(request: FastifyRequest) {
    const { stream, fileName } = await upload(request);
    const limited = stream.pipe(limitBytes(maxBytes));
    stream.on('error', (e) => limited.destroy(e));
    return service.dryRun(limited, { fileName, createdBy: request.principal!.subject });
  }

  /**
   * The body is a stream that upload() and the import check as they read it: its schema documents the
   * route for OpenAPI and is not compiled. The query string is validated like every other route's,
   * by the app's own validator (looked up when first used: it is set up once the routes are compiled).
   */
  const uploadValidator: FastifySchemaCompiler<unknown> = (route) => {
    if (route.httpPart === 'body') return () => true;
    let compiled: ReturnType<FastifySchemaCompiler<unknown>> | undefined;
    return (data) => {
      if (!compiled) {
        const standard = app.validatorCompiler;
        if (!standard) throw new Error('The app validator compiler is not set up');
        compiled = standard(route);
      }
      if (compiled(data) === false) return { error: compiled.errors as never };
      return true;
    };
  };

  app.post(
    '/imports',
    {
      config: { access: ADMIN_ONLY, idempotency: false },
      validatorCompiler: uploadValidator,
      schema: {
        tags: ['imports'],
        operationId: 'createImport',
        summary: 'Dry run of a clinician spreadsheet (CSV or XLSX): per-row outcomes, nothing written',
        description: [
          'Upload as multipart/form-data with one part, the file in the field `file` (anything else is a 400),',
          'or as the raw body (`text/csv`, XLSX, `application/octet-stream`).',
          'CSV may be UTF-8 (with or without BOM), UTF-16 (Excel "Unicode text") or Windows-1252/1250 (Excel "CSV"),',
          'separated by commas, semicolons or tabs (an Excel "sep=;" first line names the delimiter and is not a row).',
          'Without BOM, the first non-ASCII byte, wherever it comes, decides between UTF-8 and Windows-1252, or Windows-1250 when',
          'the text has Central European letters (`import.encoding`); bytes of another encoding later on are a 422 naming their line.',
          'A CSV row with more cells than the header, or lacking cells of imported columns, is an error of the `row`.',
          'Rows are matched to clinicians by e-mail, ignoring case. A row repeating an earlier row\u2019s e-mail is an error: with the same values, the earlier row is read instead; with other values, the earlier row is an error too (which one is meant is a guess). A repeat\u2019s own errors are named with it.',
          `Headers are matched ignoring case, accents, spaces and punctuation, by these names: ${HEADER_NAMES}.`,
          'A country is its ISO code (PL or POL), its English name, its name in a language of the network ("Polska", "Deutschland"), or another name lists use ("Czech Republic", "The Netherlands", EL for Greece).',
          'A hospital named without `hospital_id` is the clinician\u2019s own when the name is theirs, else the active hospital of that name in the country (several: the row asks for the id).',
          'The header row is the first of the first 10 non-empty rows that names an e-mail column: rows above it (a title)',
          'are listed in `ignoredRows`. Of an XLSX, the first visible worksheet in tab order with such a row is read (a "Read me"',
          'sheet before it is skipped), and no other; hidden sheets are never read. `worksheet` names the one read.',
          'Rows whose cells are all empty (";;;") are skipped; row numbers stay those of the sheet.',
          'An OpenDocument spreadsheet (.ods), a Word document or another ZIP that is not an XLSX workbook is a 415, as is an .xls or a password-protected workbook; a UTF-16 text without BOM is recognised by its NULs.',
          'Rows are matched to clinicians by e-mail (ignoring case): new e-mails are created, others updated.',
          'A column missing from the file keeps the current value; an empty cell clears an optional one (an empty status keeps the current status; a new clinician is active).',
          'Nothing changes in the directory until POST /imports/{id}/commit. The file is streamed, never held whole.',
        ].join(' '),
        consumes: ['multipart/form-data', ...RAW_TYPES],
        querystring: Type.Object(
          {
            fileName: Type.Optional(
              Type.String({
                maxLength: 255,
                description: "Name to keep with the import (default: a multipart part's own file name)",
              }),
            ),
          },
          { additionalProperties: false },
        ),
        // Per media type: a multipart form carries the file in its part `file`, a raw upload is the file.
        body: {
          content: {
            'multipart/form-data': {
              schema: Type.Object({
                file: Type.String({ format: 'binary', description: 'The spreadsheet' }),
              }),
            },
            ...Object.fromEntries(
              RAW_TYPES.map((type) => [
                type,
                {
                  schema: Type.String({
                    format: 'binary',
                    description: 'The spreadsheet, as the whole body',
                  }),
                },
              ]),
            ),
          },
        },
        response: {
          201: withHeaders(
            DryRunResponse,
            locationHeader('/api/v1/imports/3f2c1a9e-8b7d-4c6e-9f10-2a3b4c5d6e7f'),
          ),
          ...errorResponses(400, 401, 403, 413, 415, 422),
        },
      },
    },
    async (request, reply) => {
      const result = await dryRun(request).catch((error: unknown) => {
        // Refused before the body was read to its end (a stray first part, a file that is no
        // spreadsheet): close the connection after the answer instead of leaving the rest of the
        // client's upload waiting for the server's timeout.
        if (!request.raw.readableEnded) reply.header('connection', 'close');
        throw error;
      });
      const rows = service.imports.rows(result.import.id, { limit: 1001 });
      app.audit(request, {
        action: 'import',
        entity: 'clinician',
        entityId: null,
        details: { importId: result.import.id, step: 'dry_run', summary: result.import.summary.dryRun },
      });
      reply.code(201).header('location', `/api/v1/imports/${result.import.id}`);
      return {
        import: view(result.import),
        ignoredColumns: result.ignoredColumns,
        ignoredRows: result.ignoredRows,
        worksheet: result.worksheet,
        rows: rows.slice(0, 1000).map(rowView),
        rowsTruncated: rows.length > 1000,
      };
    },
  );

  app.get(
    '/imports/:id',
    {
      config: { access: ADMIN_ONLY },
      schema: {
        tags: ['imports'],
        operationId: 'getImport',
        summary: 'A dry run or committed import with its counts',
        params: ImportIdParams,
        response: { 200: ImportView, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const record = service.imports.get(request.params.id);
      if (!record) throw notFound('Import');
      return view(record);
    },
  );

  app.get(
    '/imports/:id/rows',
    {
      config: { access: ADMIN_ONLY },
      schema: {
        tags: ['imports'],
        operationId: 'listImportRows',
        summary: 'Per-row outcomes of an import, in spreadsheet order (page with `after`)',
        params: ImportIdParams,
        querystring: ImportRowsQuery,
        response: {
          200: Type.Object({ items: Type.Array(ImportRowOutcome) }),
          ...errorResponses(401, 403, 404),
        },
      },
    },
    async (request) => {
      if (!service.imports.get(request.params.id)) throw notFound('Import');
      const items = service.imports.rows(request.params.id, {
        outcome: request.query.outcome,
        after: request.query.after,
        limit: request.query.limit ?? 200,
      });
      return { items: items.map(rowView) };
    },
  );

  app.post(
    '/imports/:id/commit',
    {
      config: { access: ADMIN_ONLY },
      schema: {
        tags: ['imports'],
        operationId: 'commitImport',
        summary: 'Apply a dry run, all rows or none, in one transaction',
        description:
          'Writes the created and updated rows of the dry run; error rows are never written. 409 `already_committed` for a second commit; 409 `stale_dry_run` (nothing written, the row named) when the directory changed so that a row no longer applies: an e-mail taken meanwhile, a hospital deactivated, or a value the file changes that someone else changed since the dry run (the file would overwrite what its user never saw) — run the dry run again. Edits since the dry run to fields the file does not change are kept. Re-importing the same file yields only `unchanged` rows. Each clinician created or changed is recorded in the audit trail under its id, with the fields changed and the import and row.',
        params: ImportIdParams,
        response: { 200: ImportView, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request) => {
      // Each clinician written is on record under their own id, as after an edit through the API
      // (who changed what of whom, for an access request), besides the import's own entry.
      const record = service.commit(request.params.id, request.principal!.subject, (rows) => {
        for (const { rowNumber, clinicianId, action, fields } of rows) {
          app.audit(request, {
            action,
            entity: 'clinician',
            entityId: clinicianId,
            ...(fields ? { fields } : {}),
            details: { importId: request.params.id, row: rowNumber },
          });
        }
      });
      app.audit(request, {
        action: 'import',
        entity: 'clinician',
        entityId: null,
        details: { importId: record.id, step: 'commit', summary: record.summary.commit },
      });
      return view(record);
    },
  );

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(
      `/imports/template.${format}`,
      {
        config: { access: ADMIN_ONLY },
        schema: {
          tags: ['imports'],
          operationId: format === 'csv' ? 'getImportTemplateCsv' : 'getImportTemplateXlsx',
          summary: `Empty ${format.toUpperCase()} template with the import columns`,
          produces: [
            format === 'csv'
              ? 'text/csv'
              : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          ],
          response: { 200: FileDownload, ...errorResponses(401, 403) },
        },
      },
      async (_request, reply) => sendTemplate(reply, format),
    );
  }
};

export default imports;
