// Starts a worker thread from TypeScript sources (tests, `npm run dev`, benchmarks): on Node 20 a worker
// does not inherit the tsx loader of its parent, so it registers tsx itself, then loads the entry.
// The built API (dist/) starts its .js entries directly and never uses this file.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
