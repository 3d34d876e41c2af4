import { randomUUID } from 'node:crypto';
import { type Config, loadConfig } from '@cmss/api';
import { schema } from '@cmss/db';
import { buildTestApp, testConfig } from '../helpers/app.js';
import type { EntraFake } from './entra-fake.js';

type TestApp = Awaited<ReturnType<typeof buildTestApp>>['app'];

/** Identity settings for tests: the defaults, with overrides (e.g. Entra pointing at the fake). */
export function identityConfig(overrides: Partial<Config['identity']> = {}): Config['identity'] {
  return { ...loadConfig({}).identity, ...overrides };
}

/** The real app configured for Entra ID against the loopback fake, with generous rate limits. */
export function buildEntraApp(fake: EntraFake, overrides: Partial<Config['identity']> = {}) {
  return buildTestApp({
    identity: identityConfig({
      entra: fake.entraConfig(),
      rateLimitMax: 100_000,
      rateLimitAuthMax: 100_000,
      ...overrides,
    }),
  });
}

export { testConfig };

/** A directory entry (and its hospital) written straight to the database: a fixture, not a feature. */
export function addClinician(
  app: TestApp,
  input: { email?: string; givenName?: string; status?: 'active' | 'inactive' } = {},
) {
  const now = new Date().toISOString();
  const db = app.database.db;
  const hospital = db
    .insert(schema.hospitals)
    .values({
      name: `Test Hospital ${randomUUID().slice(0, 6)}`,
      city: 'Lisboa',
      countryCode: 'PT',
      createdAt: now,
      updatedAt: now,
    })
    .returning()
    .get();
  const email = input.email ?? `clin-${randomUUID().slice(0, 8)}@hospital.example`;
  return db
    .insert(schema.clinicians)
    .values({
      givenName: input.givenName ?? 'Ana',
      familyName: 'Teste',
      role: 'clinician',
      hospitalId: hospital.id,
      email,
      emailNormalised: email.toLowerCase(),
      status: input.status ?? 'active',
      createdAt: now,
      updatedAt: now,
    })
    .returning()
    .get();
}

/** A conference request owned by `requesterId`, written straight to the database. */
export function addRequest(app: TestApp, requesterId: number) {
  const now = new Date().toISOString();
  return app.database.db
    .insert(schema.conferenceRequests)
    .values({
      requesterId,
      kind: 'conference',
      topic: 'Matrix fixture: second opinion on a rare metabolic disorder',
      durationMinutes: 60,
      timeZone: 'Europe/Lisbon',
      source: 'api',
      status: 'received',
      createdBy: `fixture:${requesterId}`,
      createdAt: now,
      updatedAt: now,
    })
    .returning()
    .get();
}
