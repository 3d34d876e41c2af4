/**
 * Entry of an import worker thread (import-workers.ts): classifies the batches of rows it is sent
 * against the hospitals sent with them, and commits stored dry runs through a connection of its own.
 */
import { parentPort } from 'node:worker_threads';
import { type DatabaseFile, openDatabaseFile } from '@cmss/db';
import { AppError } from '../errors.js';
import { classifyRow, hospitalIndex } from './import-classify.js';
import { createImportCommitter } from './import-commit.js';
import type { ToWorker } from './import-workers.js';

const port = parentPort;
if (!port) throw new Error('import-worker.ts runs as a worker thread');

// One connection per database file, opened at the first commit and kept: commits are rare, but a
// connection's prepared statements are what makes the next one quick.
const committers = new Map<string, ReturnType<typeof createImportCommitter>>();
const committerOf = (database: DatabaseFile) => {
  let committer = committers.get(database.path);
  if (!committer) {
    committer = createImportCommitter(openDatabaseFile(database).db);
    committers.set(database.path, committer);
  }
  return committer;
};

port.postMessage({ ready: true });
port.on('message', (message: ToWorker) => {
  const { job } = message;
  try {
    if ('commit' in message) {
      const { database, importId, committedBy } = message.commit;
      port.postMessage({ job, result: committerOf(database).commit(importId, committedBy) });
    } else {
      const { header, hospitals, rows } = message.classify;
      const index = hospitalIndex(hospitals);
      port.postMessage({ job, result: rows.map((r) => classifyRow(r, header, index)) });
    }
  } catch (error) {
    const appError =
      error instanceof AppError
        ? { statusCode: error.statusCode, code: error.code, message: error.message, details: error.details }
        : undefined;
    port.postMessage({ job, error: (error as Error).stack ?? String(error), appError });
  }
});
