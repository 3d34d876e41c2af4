import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/** How often the checkpoint thread copies committed WAL pages into the database file. */
const INTERVAL_MS = 200;

/**
 * The thread's whole program. Plain CommonJS evaluated as a string, so that it runs the same from the
 * TypeScript sources (tests, tsx) and from dist/ without a loader. PASSIVE: it copies what it can and
 * never waits for, or blocks, a reader or the writer.
 */
const CHECKPOINT_THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    if (error.code !== 'SQLITE_BUSY') throw error;
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/**
 * Moves the WAL checkpoints of `sqlite` (a file database in WAL mode) to a thread of their own, as
 * SQLite's WAL documentation suggests for applications that must not stall on them. Without this, the
 * connection that commits past 1,000 WAL pages copies them into the database file before its call
 * returns: a 100k-row import commit spent about 0.6 s of its 3 s there, on the API's event loop, and
 * every stored batch of its dry run paid its share. The thread copies them meanwhile, on another core.
 * If the thread fails, the connection checkpoints for itself again. Returns the function that stops it.
 */
export function checkpointInBackground(sqlite: Database.Database, path: string): () => void {
  const worker = new Worker(CHECKPOINT_THREAD, {
    eval: true,
    workerData: {
      path,
      intervalMs: INTERVAL_MS,
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
    },
  });
  worker.unref();
  sqlite.pragma('wal_autocheckpoint = 0');
  let stopped = false;
  const fallBack = () => {
    if (!stopped && sqlite.open) sqlite.pragma('wal_autocheckpoint = 1000');
  };
  worker.on('error', fallBack);
  worker.on('exit', fallBack);
  return () => {
    stopped = true;
    worker.postMessage('stop');
  };
}
