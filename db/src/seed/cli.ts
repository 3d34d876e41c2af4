import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { type DatabaseHandle, migrateDatabase, openDatabase } from '../client.js';
import {
  clearDirectory,
  DEFAULT_CLINICIANS,
  DEFAULT_SEED,
  DEMO_HOSPITAL_COUNT,
  isDirectoryEmpty,
  MAX_CLINICIANS,
  seedDemoDirectory,
} from './index.js';

const USAGE = `Seeds the fictional demo directory (hospitals, clinicians, Webex host accounts).

Usage: npm run seed -- [--clinicians N] [--database PATH] [--seed N] [--reset]

  --clinicians N   number of clinicians, ${DEMO_HOSPITAL_COUNT}–${MAX_CLINICIANS} (default ${DEFAULT_CLINICIANS})
  --database PATH  SQLite file (default: $DATABASE_PATH, else ./data/cmss.db)
  --seed N         PRNG seed, 0–4294967295 (default ${DEFAULT_SEED}); same seed, same rows
  --reset          delete the existing directory first, with the conference requests and
                   bookings that refer to it
  --help           show this text`;

class UsageError extends Error {}

interface CliOptions {
  clinicians: number;
  seed: number;
  database: string;
  reset: boolean;
}

function parseInteger(
  name: string,
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (raw === undefined) return fallback;
  // Number() alone would accept "1e5", "0x10" and " 12 ", none of which a person means here.
  if (!/^\d+$/.test(raw)) throw new UsageError(`--${name} expects a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max)
    throw new UsageError(`--${name} must be between ${min} and ${max}, got ${raw}`);
  return value;
}

function parseCli(argv: string[]): CliOptions | 'help' {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values } = parsed;
  if (values.help) return 'help';
  if (values.database === '') throw new UsageError('--database expects a path');
  return {
    clinicians: parseInteger(
      'clinicians',
      values.clinicians,
      DEFAULT_CLINICIANS,
      DEMO_HOSPITAL_COUNT,
      MAX_CLINICIANS,
    ),
    seed: parseInteger('seed', values.seed, DEFAULT_SEED, 0, 0xffffffff),
    database: values.database ?? process.env.DATABASE_PATH ?? './data/cmss.db',
    reset: values.reset ?? false,
  };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      clinicians: { type: 'string' },
      database: { type: 'string' },
      seed: { type: 'string' },
      reset: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

const secondsSince = (start: number): string => ((performance.now() - start) / 1000).toFixed(2);

function main(argv: string[]): number {
  let options: CliOptions | 'help';
  try {
    options = parseCli(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`seed: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }

  let handle: DatabaseHandle | undefined;
  try {
    handle = openDatabase(options.database);
    migrateDatabase(handle);
    if (!isDirectoryEmpty(handle)) {
      if (!options.reset) {
        console.error(
          `seed: ${options.database} already holds a directory; pass --reset to replace it with demo data`,
        );
        return 1;
      }
      const clearing = performance.now();
      clearDirectory(handle);
      console.log(`Cleared the existing directory of ${options.database} in ${secondsSince(clearing)} s`);
    }
    const seeding = performance.now();
    const counts = seedDemoDirectory(handle, { seed: options.seed, clinicians: options.clinicians });
    const seconds = secondsSince(seeding);
    console.log(
      `Seeded ${options.database} (seed ${options.seed}): ${counts.hospitals} hospitals, ` +
        `${counts.clinicians} clinicians, ${counts.hostAccounts} host accounts in ${seconds} s`,
    );
    return 0;
  } catch (error) {
    console.error(`seed: failed: ${(error as Error).message}`);
    return 1;
  } finally {
    handle?.close();
  }
}

process.exitCode = main(process.argv.slice(2));
