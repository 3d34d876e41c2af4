import { buildApp, type Config, loadConfig } from '@cmss/api';
import { createApiKeysRepository, type KeyRole } from '@cmss/db';

/** Configuration for tests: in-memory SQLite through the production code path, no logs, no demo seed. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({ LOG_LEVEL: 'silent', DATABASE_PATH: ':memory:', SEED_DEMO: 'false' }),
    ...overrides,
  };
}

/**
 * Builds the real app (real SQLite) and returns it with `auth(role)`, which mints a real API key for
 * that role and returns the Authorization header to send.
 */
export async function buildTestApp(overrides: Partial<Config> = {}) {
  const app = await buildApp(testConfig(overrides));
  await app.ready();
  const keys = createApiKeysRepository(app.database.db);
  const auth = (role: KeyRole, clinicianId: number | null = null) => ({
    authorization: `Bearer ${keys.create({ name: `test ${role}`, role, clinicianId, createdBy: 'test' }).key}`,
  });
  return { app, auth };
}
