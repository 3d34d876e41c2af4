import { buildApp, STAFF } from '@cmss/api';
import { IdParams } from '@cmss/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EntraFake, newSigningKey, type SigningKey, startEntraFake } from './entra-fake.js';
import { buildEntraApp, identityConfig, testConfig } from './fixtures.js';
import { operations, runMatrix, type Schema, withoutRule } from './matrix.js';

let fake: EntraFake;
let key: SigningKey;
beforeAll(async () => {
  fake = await startEntraFake();
  key = await newSigningKey();
  fake.publish(key);
});
afterAll(() => fake?.close());

describe('authorization matrix (generated from /openapi.json)', () => {
  it('covers every route × {anonymous, expired, wrong audience, wrong tenant, revoked key, other clinician, clinician, helpdesk, admin}', {
    timeout: 180_000,
  }, async () => {
    const { app } = await buildEntraApp(fake);
    try {
      const doc: Schema = (await app.inject('/openapi.json')).json();
      expect(operations(doc).length).toBeGreaterThan(5);
      // A route without a rule cannot even start the app; one published without `x-access` fails here.
      expect(withoutRule(doc)).toEqual([]);
      // Public operations say they need no token; the others inherit the bearer requirement.
      expect(doc.paths['/health'].get.security).toEqual([]);
      expect(doc.paths['/api/v1/me'].get.security).toBeUndefined();
      expect(doc.security).toEqual([{ bearer: [] }]);

      const { table, failures, inconclusive } = await runMatrix({ app, doc, fake, key });
      console.log(`\nAuthorization matrix (! = unexpected)\n${table}`);
      if (inconclusive.length)
        console.log(`Inconclusive (generated body did not validate):\n${inconclusive.join('\n')}`);
      expect(failures).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('notices an operation published without a rule', () => {
    const doc = {
      paths: { '/api/v1/sneaky': { get: { responses: {} } }, '/ok': { get: { 'x-access': 'public' } } },
    };
    expect(withoutRule(doc)).toEqual(['GET /api/v1/sneaky']);
  });

  it("catches a route that shows one clinician another clinician's request", {
    timeout: 60_000,
  }, async () => {
    const app = await buildApp(
      testConfig({
        identity: identityConfig({
          entra: fake.entraConfig(),
          rateLimitMax: 100_000,
          rateLimitAuthMax: 100_000,
        }),
      }),
    );
    const requesterOf = (id: number) =>
      app.database.sqlite.prepare('SELECT requester_id AS r FROM conference_requests WHERE id = ?').get(id) as
        | { r: number | null }
        | undefined;
    const schema = { params: IdParams };
    // Correct: clinicians see only their own request; another clinician's id is "not found".
    app.get<{ Params: { id: number } }>(
      '/api/v1/test-own/:id',
      { config: { access: { roles: ['clinician', 'helpdesk'] }, ownerScoped: 'request' }, schema },
      async (request, reply) => {
        const row = requesterOf(request.params.id);
        const p = request.principal!;
        if (!row || (p.role === 'clinician' && row.r !== p.clinicianId)) return reply.code(404).send({});
        return { id: request.params.id };
      },
    );
    // Leaky: forgets the ownership check.
    app.get<{ Params: { id: number } }>(
      '/api/v1/test-leaky/:id',
      { config: { access: { roles: ['clinician', 'helpdesk'] }, ownerScoped: 'request' }, schema },
      async (request) => ({ id: request.params.id }),
    );
    // Staff only, correctly declared: the matrix expects 403 for clinicians.
    app.get('/api/v1/test-staff', { config: { access: STAFF }, schema: {} }, async () => ({}));
    await app.ready();
    try {
      const doc: Schema = (await app.inject('/openapi.json')).json();
      const { failures } = await runMatrix({ app, doc, fake, key }, (o) =>
        o.path.startsWith('/api/v1/test-'),
      );
      expect(failures).toEqual(['GET /api/v1/test-leaky/{id} × other clinician: got 200, expected 404']);
    } finally {
      await app.close();
    }
  });
});
