/**
 * The API under load for directory.bench.ts, in its own process so that the load generator does not
 * share the server's event loop. Listens on 127.0.0.1 (a free port), reports it over IPC.
 * Adds one bare route beside the real ones: the same app, plugins and hooks (auth, rate limit, errors),
 * but a handler that does nothing, as the yardstick for the search route.
 */
import { ANY_SIGNED_IN, buildApp, loadConfig } from '@cmss/api';

const databasePath = process.argv[2];
if (!databasePath) throw new Error('usage: directory-server.ts <database path>');

const app = await buildApp(
  loadConfig({
    DATABASE_PATH: databasePath,
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    RATE_LIMIT_MAX: '1000000',
    BOOKING_WORKER: 'false',
    SEARCH_CACHE_ENTRIES: process.env.SEARCH_CACHE_ENTRIES ?? '1000',
  }),
);
app.get('/bench/bare', { config: { access: ANY_SIGNED_IN } }, async () => ({ items: [], nextCursor: null }));
// The bare route plus the audit row every clinician read must write: separates that cost from search's.
type Audit = { audit(request: unknown, event: Record<string, unknown>): void };
app.get('/bench/audit', { config: { access: ANY_SIGNED_IN } }, async (request) => {
  // The audit decorator's type is declared by the API's plugin module, which this file does not import.
  (app as unknown as Audit).audit(request, {
    action: 'read',
    entity: 'clinician',
    entityId: null,
    details: { ids: [] },
  });
  return { items: [], nextCursor: null };
});
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
// The bench asks for this process's CPU time around each load: CPU per request does not depend on
// what else the machine is doing, unlike requests per second.
process.on('message', (m) => {
  if (m === 'cpu') process.send?.({ cpu: process.cpuUsage() });
});
process.on('disconnect', () => void app.close().then(() => process.exit(0)));
