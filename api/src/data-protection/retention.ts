import { createDataProtectionRepository, createDirectoryImportsRepository, type Db } from '@cmss/db';
import { deleteOutboxFilesMentioning, deleteOutboxFilesOlderThan } from './outbox-files.js';

export interface RetentionSettings {
  retentionMonths: number;
  outboxRetentionDays: number;
  importRetentionDays: number;
  outboxDir: string;
}

export interface RetentionResult {
  requests: number;
  bookings: number;
  outboxFiles: number;
  /** Stored import dry runs deleted, and their rows. */
  imports: number;
  importRows: number;
  requestsClosedBefore: string;
  outboxWrittenBefore: string;
  importsMadeBefore: string;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * One retention run: closed requests (held, cancelled, rejected) and their bookings older than
 * RETENTION_MONTHS, then outbox files older than OUTBOX_RETENTION_DAYS, plus any outbox file of a
 * purged booking whatever its age (its invitation must not outlive the booking), and stored import
 * dry runs (copies of uploaded spreadsheets) older than IMPORT_RETENTION_DAYS.
 */
export async function runRetention(
  db: Db,
  settings: RetentionSettings,
  now = new Date(),
): Promise<RetentionResult> {
  const closedBefore = new Date(now);
  closedBefore.setUTCMonth(closedBefore.getUTCMonth() - settings.retentionMonths);
  const writtenBefore = new Date(now.getTime() - settings.outboxRetentionDays * 86_400_000);
  const madeBefore = new Date(now.getTime() - settings.importRetentionDays * 86_400_000);
  const purged = createDataProtectionRepository(db).purgeClosedRequests(closedBefore.toISOString());
  const imports = createDirectoryImportsRepository(db).purgeMadeBefore(madeBefore.toISOString());
  let outboxFiles = 0;
  if (purged.icalUids.length) {
    const uids = purged.icalUids.map((uid) => new RegExp(escapeRegExp(uid)));
    outboxFiles += (await deleteOutboxFilesMentioning(settings.outboxDir, uids)).length;
  }
  outboxFiles += await deleteOutboxFilesOlderThan(settings.outboxDir, writtenBefore);
  return {
    requests: purged.requests,
    bookings: purged.bookings,
    outboxFiles,
    imports: imports.imports,
    importRows: imports.rows,
    requestsClosedBefore: closedBefore.toISOString(),
    outboxWrittenBefore: writtenBefore.toISOString(),
    importsMadeBefore: madeBefore.toISOString(),
  };
}
