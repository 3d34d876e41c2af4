/**
 * Entry of an import worker thread (import-workers.ts): classifies the batches of rows it is sent
 * against the hospitals of their dry run, sent once per dry run.
 */
import { parentPort } from 'node:worker_threads';
import { classifyRow, type HospitalIndex, hospitalIndex } from './import-classify.js';
import type { ToWorker } from './import-workers.js';

const port = parentPort;
if (!port) throw new Error('import-worker.ts runs as a worker thread');
const dryRuns = new Map<string, HospitalIndex>();

port.postMessage({ ready: true });
port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'hospitals':
      dryRuns.set(message.dryRun, hospitalIndex(message.hospitals));
      return;
    case 'forget':
      dryRuns.delete(message.dryRun);
      return;
    case 'rows':
      try {
        const hospitals = dryRuns.get(message.dryRun);
        if (!hospitals) throw new Error(`no hospitals for dry run ${message.dryRun}`);
        port.postMessage({ job: message.job, records: message.rows.map((r) => classifyRow(r, hospitals)) });
      } catch (error) {
        port.postMessage({ job: message.job, error: (error as Error).stack ?? String(error) });
      }
  }
});
