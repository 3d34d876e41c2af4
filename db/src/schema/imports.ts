import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * A spreadsheet import: the dry run is stored so that "commit" applies exactly what the admin reviewed
 * (by id), without uploading the file again.
 */
export const directoryImports = sqliteTable(
  'directory_imports',
  {
    id: text('id').primaryKey(),
    status: text('status', { enum: ['dry_run', 'committed'] }).notNull(),
    fileName: text('file_name'),
    format: text('format', { enum: ['csv', 'xlsx'] }).notNull(),
    /** Detected text encoding of a CSV (utf-8, utf-16le, windows-1252 …); null for XLSX. */
    encoding: text('encoding'),
    createdBy: text('created_by').notNull(),
    createdAt: text('created_at').notNull(),
    committedBy: text('committed_by'),
    committedAt: text('committed_at'),
    /** JSON: counts per outcome of the dry run, then of the commit. */
    summary: text('summary').notNull(),
  },
  (t) => [index('directory_imports_created_idx').on(t.createdAt)],
);

export const directoryImportRows = sqliteTable(
  'directory_import_rows',
  {
    importId: text('import_id')
      .notNull()
      .references(() => directoryImports.id, { onDelete: 'cascade' }),
    /** Spreadsheet row number as the user sees it (the header is row 1). */
    rowNumber: integer('row_number').notNull(),
    outcome: text('outcome', { enum: ['created', 'updated', 'unchanged', 'error'] }).notNull(),
    clinicianId: integer('clinician_id'),
    /**
     * Of a created row: how many created rows come before it in the file. The commit gives the row's
     * clinician the id just above the directory's last, plus this, so rows and clinicians are linked by
     * arithmetic rather than by looking up 100k e-mails.
     */
    createdOrdinal: integer('created_ordinal'),
    email: text('email'),
    /** JSON: the validated clinician input to write; null for error rows. */
    data: text('data'),
    /** JSON: [{column, reason}] for error rows; changed field names for updates. */
    details: text('details'),
  },
  (t) => [primaryKey({ columns: [t.importId, t.rowNumber] })],
);
