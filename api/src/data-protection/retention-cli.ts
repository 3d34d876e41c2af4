/**
 * `npm run retention`: one retention run against DATABASE_PATH / OUTBOX_DIR, for cron or by hand.
 * The API also runs it daily by itself (RETENTION_JOB).
 */
import { migrateDatabase, openDatabase } from '@cmss/db';
import { ConfigError, loadConfig } from '../config.js';
import { runRetention } from './retention.js';

try {
  const config = loadConfig(process.env);
  const handle = openDatabase(config.databasePath);
  try {
    migrateDatabase(handle);
    const result = await runRetention(handle.db, {
      retentionMonths: config.dataProtection.retentionMonths,
      outboxRetentionDays: config.dataProtection.outboxRetentionDays,
      importRetentionDays: config.dataProtection.importRetentionDays,
      outboxDir: config.booking.outboxDir,
    });
    console.log(JSON.stringify({ msg: 'retention purge', ...result }));
  } finally {
    handle.close();
  }
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`Invalid configuration — ${error.message}`);
    process.exit(1);
  }
  throw error;
}
