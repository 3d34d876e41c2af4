/**
 * Entry of an import worker thread (import-workers.ts): classifies the batches of rows it is sent
 * against the hospitals sent with them.
 */
import { parentPort } from 'node:worker_threads';
import { classifyRow, hospitalIndex } from './import-classify.js';
import type { ToWorker } from './import-workers.js';

const port = parentPort;
if (!port) throw new Error('import-worker.ts runs as a worker thread');

port.postMessage({ ready: true });
port.on('message', ({ job, header, hospitals, rows }: ToWorker) => {
  try {
    const index = hospitalIndex(hospitals);
    port.postMessage({ job, records: rows.map((r) => classifyRow(r, header, index)) });
  } catch (error) {
    port.postMessage({ job, error: (error as Error).stack ?? String(error) });
  }
});
