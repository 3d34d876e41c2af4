/**
 * A second (and third) API process for the multi-process test: builds the real app on the shared
 * database file and books the request ids it is given, all at once. Prints the status codes as JSON.
 * Run with: node --conditions=source --import tsx test/booking/booking-process.ts
 */
import { buildApp } from '@cmss/api';
import { createApiKeysRepository } from '@cmss/db';
import { testConfig } from '../helpers/app.js';

const { DATABASE_PATH, OUTBOX_DIR, REQUEST_IDS, START } = process.env;
const base = testConfig({ databasePath: DATABASE_PATH! });
const app = await buildApp({
  ...base,
  identity: { ...base.identity, rateLimitMax: 1_000_000 },
  booking: { ...base.booking, outboxDir: OUTBOX_DIR!, workerIntervalMs: 3_600_000 },
});
await app.ready();
const key = createApiKeysRepository(app.database.db).create({
  name: 'process',
  role: 'helpdesk',
  createdBy: 'test',
}).key;
const ids = REQUEST_IDS!.split(',').map(Number);
const start = new Date(START!);
const results = await Promise.all(
  ids.map(async (id, i) => {
    const s = new Date(start.getTime() + (i % 3) * 30 * 60_000);
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/requests/${id}/booking`,
      headers: { authorization: `Bearer ${key}` },
      payload: {
        start: s.toISOString(),
        end: new Date(s.getTime() + 60 * 60_000).toISOString(),
        timeZone: 'Europe/Lisbon',
      },
    });
    return res.statusCode;
  }),
);
await app.close();
process.stdout.write(`RESULT ${JSON.stringify(results)}\n`);
