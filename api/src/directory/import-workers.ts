import { Worker } from 'node:worker_threads';
import type { HospitalForImport, ImportRowRecord } from '@cmss/db';
import type { Header, MatchedRow } from './import-classify.js';

/**
 * A message to an import worker (import-worker.ts): a batch of rows with the header and hospitals of
 * its dry run.
 * The hospitals travel with every batch: a few hundred small records next to 2,000 rows, so no thread
 * has to remember which dry run it has seen.
 */
export interface ToWorker {
  job: number;
  header: Header;
  hospitals: HospitalForImport[];
  rows: MatchedRow[];
}

type FromWorker =
  | { ready: true }
  | { job: number; records: ImportRowRecord[] }
  | { job: number; error: string };

interface Job {
  resolve(records: ImportRowRecord[]): void;
  reject(error: Error): void;
}

interface Thread {
  worker: Worker;
  jobs: Map<number, Job>;
  /** Its modules are loaded (about half a second after it starts). */
  ready: boolean;
  /** Settles when it is ready, or fails if it dies first. */
  started: Promise<void>;
}

/**
 * A small pool of worker threads that classify the rows of import dry runs (phone parsing, folding and
 * validation are most of a dry run's time), so a 100k-row file uses every core and the API's event loop
 * stays free for other requests meanwhile. Threads start when a dry run first asks (`start`) and are kept
 * for later imports; until one is ready, the dry run classifies on its own thread rather than wait.
 * An idle thread does not keep the process alive.
 */
export function createImportWorkerPool(size: number) {
  const threads: Thread[] = [];
  let nextJob = 0;

  function spawn(): Thread {
    const fromSource = import.meta.url.endsWith('.ts');
    const entry = new URL(`./import-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url);
    const worker = fromSource
      ? new Worker(new URL('./typescript-worker.mjs', import.meta.url), {
          workerData: { entry: entry.href },
          execArgv: ['--conditions=source'],
        })
      : new Worker(entry, { execArgv: [] });
    let onReady = () => {};
    let onDeath = (_error: Error) => {};
    const started = new Promise<void>((resolve, reject) => {
      onReady = resolve;
      onDeath = reject;
    });
    started.catch(() => {}); // a thread that dies is reported through its jobs; start() callers see it too
    const thread: Thread = { worker, jobs: new Map(), ready: false, started };
    worker.unref();
    worker.on('message', (message: FromWorker) => {
      if ('ready' in message) {
        thread.ready = true;
        onReady();
        return;
      }
      const job = thread.jobs.get(message.job);
      if (!job) return;
      thread.jobs.delete(message.job);
      if (thread.jobs.size === 0) worker.unref();
      if ('error' in message) job.reject(new Error(`import worker: ${message.error}`));
      else job.resolve(message.records);
    });
    // A thread that crashed fails its jobs (their dry runs fail and leave nothing) and is replaced on
    // the next use.
    const die = (error: Error) => {
      onDeath(error);
      const at = threads.indexOf(thread);
      if (at >= 0) threads.splice(at, 1);
      for (const job of thread.jobs.values()) job.reject(error);
      thread.jobs.clear();
    };
    worker.on('error', die);
    worker.on('exit', (code) => die(new Error(`import worker exited with code ${code}`)));
    threads.push(thread);
    return thread;
  }

  return {
    size,

    /** Starts the threads not running yet; settles when all are ready. */
    start(): Promise<void> {
      while (threads.length < size) spawn();
      return Promise.all(threads.map((t) => t.started)).then(() => {});
    },

    /** Whether a thread is ready for `classify`. */
    ready(): boolean {
      return threads.some((t) => t.ready);
    },

    /**
     * Classifies `rows` (under `header`) against `hospitals` on the ready thread with the fewest jobs; records come back
     * in `rows` order. Only when `ready()`.
     */
    classify(header: Header, hospitals: HospitalForImport[], rows: MatchedRow[]): Promise<ImportRowRecord[]> {
      const thread = threads.filter((t) => t.ready).reduce((a, b) => (b.jobs.size < a.jobs.size ? b : a));
      const job = nextJob++;
      return new Promise((resolve, reject) => {
        thread.jobs.set(job, { resolve, reject });
        thread.worker.ref();
        thread.worker.postMessage({ job, header, hospitals, rows } satisfies ToWorker);
      });
    },

    /** Stops every thread; dry runs still waiting on one fail. */
    async close(): Promise<void> {
      await Promise.all(threads.map((t) => t.worker.terminate()));
    },
  };
}
