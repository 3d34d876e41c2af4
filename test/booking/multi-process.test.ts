import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import {
  bookingApp,
  createRequest,
  futureAt,
  overlappingHolds,
  requestBody,
  seedDirectory,
  seedHosts,
  tempDir,
} from './fixtures.js';

const run = promisify(execFile);

/**
 * Two API processes on one database file book at the same moment. Each has its own SQLite
 * connection, so only the IMMEDIATE transaction around check-and-insert stands between them and a
 * double-booked host.
 */
it('two processes booking the same hours on one database never double-book a host', {
  timeout: 240_000,
}, async () => {
  const dbPath = join(tempDir('multi'), 'cmss.db');
  const outboxDir = tempDir('multi-outbox');
  const setup = await bookingApp({ config: { databasePath: dbPath }, booking: { outboxDir } });
  const dir = seedDirectory(setup.app, ['PT', 'DE']);
  seedHosts(setup.app, 4);
  const staff = setup.auth('helpdesk');
  const ids: number[] = [];
  for (let i = 0; i < 30; i++) {
    ids.push(
      (
        await createRequest(
          setup.app,
          staff,
          requestBody(dir[0]!.clinicians[0]!.id, [dir[1]!.clinicians[1]!.id]),
        )
      ).id,
    );
  }
  await setup.app.close();

  const start = futureAt(12, 9);
  const child = (part: number[]) =>
    run(process.execPath, ['--conditions=source', '--import', 'tsx', 'test/booking/booking-process.ts'], {
      env: {
        ...process.env,
        FASTIFY_AUTOLOAD_TYPESCRIPT: '1',
        DATABASE_PATH: dbPath,
        OUTBOX_DIR: outboxDir,
        REQUEST_IDS: part.join(','),
        START: start,
      },
      maxBuffer: 10_000_000,
    }).then(({ stdout }) => JSON.parse(/RESULT (.*)/.exec(stdout)![1]!) as number[]);
  const [a, b] = await Promise.all([child(ids.slice(0, 15)), child(ids.slice(15))]);
  const statuses = [...a, ...b];
  expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
  // 09:00, 09:30 and 10:00 for an hour, each held 15 minutes either side, all overlap one another:
  // four hosts can take exactly four of the thirty, whichever process asks first.
  expect(statuses.filter((s) => s === 201)).toHaveLength(4);
  expect(statuses.filter((s) => s === 409)).toHaveLength(26);

  const check = await bookingApp({
    config: { databasePath: dbPath },
    booking: { outboxDir, workerEnabled: false },
  });
  const booked = check.app.database.sqlite
    .prepare(`select count(*) as n from bookings where state = 'booked'`)
    .get() as {
    n: number;
  };
  const overlaps = overlappingHolds(check.app);
  await check.app.close();
  expect(overlaps).toEqual([]);
  expect(booked.n).toBe(statuses.filter((s) => s === 201).length);
});
