import { buildApp } from '@cmss/api';
import { createApiKeysRepository } from '@cmss/db';
import { afterEach, describe, expect, it } from 'vitest';
import { testConfig } from '../helpers/app.js';

/**
 * The plugin is global, so it is exercised here through a small creating route registered for the test
 * (a counter of how often the handler really ran); the requests tests replay real POSTs too.
 */
async function appWithCounter() {
  const app = await buildApp(testConfig());
  let runs = 0;
  app.post(
    '/test/things',
    { config: { access: { roles: ['helpdesk', 'admin'] } } },
    async (request, reply) => {
      runs += 1;
      const body = request.body as { fail?: string };
      if (body.fail === 'server') throw new Error('boom');
      if (body.fail === 'client') return reply.code(409).send({ error: { code: 'nope', message: 'no' } });
      return reply
        .code(201)
        .header('location', `/test/things/${runs}`)
        .header('etag', `"${runs}"`)
        .send({ id: runs, body });
    },
  );
  await app.ready();
  const keys = createApiKeysRepository(app.database.db);
  const header = (role: 'helpdesk' | 'admin') => ({
    authorization: `Bearer ${keys.create({ name: role, role, createdBy: 'test' }).key}`,
  });
  return { app, header, runs: () => runs };
}

let close: (() => Promise<unknown>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe('Idempotency-Key', () => {
  it('replays the first response for the same key and body, without running the handler again', async () => {
    const { app, header, runs } = await appWithCounter();
    close = () => app.close();
    const h = { ...header('helpdesk'), 'idempotency-key': 'k-1' };
    const first = await app.inject({
      method: 'POST',
      url: '/test/things',
      headers: h,
      payload: { a: 1, b: 2 },
    });
    const again = await app.inject({
      method: 'POST',
      url: '/test/things',
      headers: h,
      payload: { b: 2, a: 1 },
    });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(runs()).toBe(1);
  });

  it('replays the Location and ETag of the first response, and replays responses stored without them', async () => {
    const { app, header, runs } = await appWithCounter();
    close = () => app.close();
    const helpdesk = header('helpdesk');
    const post = (key: string) =>
      app.inject({
        method: 'POST',
        url: '/test/things',
        headers: { ...helpdesk, 'idempotency-key': key },
        payload: { a: 1 },
      });
    const first = await post('k-headers');
    const again = await post('k-headers');
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers.location).toBe('/test/things/1');
    expect(again.headers.etag).toBe('"1"');
    expect(again.headers.location).toBe(first.headers.location);
    // A response stored before headers were kept (an older release) still replays, without them.
    await post('k-old');
    app.database.sqlite
      .prepare("UPDATE idempotency_keys SET response_headers = NULL WHERE scope_key LIKE '%:k-old'")
      .run();
    const old = await post('k-old');
    expect(old.statusCode).toBe(201);
    expect(old.headers['idempotent-replayed']).toBe('true');
    expect(old.json()).toMatchObject({ id: 2 });
    expect(old.headers.location).toBeUndefined();
    expect(runs()).toBe(2);
  });

  it('refuses the same key with a different body (422) and stores nothing new', async () => {
    const { app, header, runs } = await appWithCounter();
    close = () => app.close();
    const h = { ...header('helpdesk'), 'idempotency-key': 'k-2' };
    await app.inject({ method: 'POST', url: '/test/things', headers: h, payload: { a: 1 } });
    const other = await app.inject({ method: 'POST', url: '/test/things', headers: h, payload: { a: 2 } });
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe('idempotency_key_reused');
    expect(runs()).toBe(1);
  });

  it('scopes keys by caller: another user with the same key gets their own request', async () => {
    const { app, header, runs } = await appWithCounter();
    close = () => app.close();
    const a = await app.inject({
      method: 'POST',
      url: '/test/things',
      headers: { ...header('helpdesk'), 'idempotency-key': 'shared' },
      payload: { a: 1 },
    });
    const b = await app.inject({
      method: 'POST',
      url: '/test/things',
      headers: { ...header('admin'), 'idempotency-key': 'shared' },
      payload: { a: 1 },
    });
    expect(a.json().id).toBe(1);
    expect(b.json().id).toBe(2);
    expect(runs()).toBe(2);
  });

  it('stores no 4xx or 5xx answer: the corrected request, or the same one, may reuse the key', async () => {
    const { app, header, runs } = await appWithCounter();
    close = () => app.close();
    const h = { ...header('helpdesk'), 'idempotency-key': 'k-3' };
    const refused = await app.inject({
      method: 'POST',
      url: '/test/things',
      headers: h,
      payload: { fail: 'client' },
    });
    expect(refused.statusCode).toBe(409);
    // The client mends its request and sends it under the same key: it runs (not a 422 "key reused").
    const corrected = await app.inject({
      method: 'POST',
      url: '/test/things',
      headers: h,
      payload: { a: 1 },
    });
    expect(corrected.statusCode).toBe(201);
    expect(corrected.headers['idempotent-replayed']).toBeUndefined();
    expect(runs()).toBe(2);
    // From then on the key is the corrected request's.
    const replayed = await app.inject({ method: 'POST', url: '/test/things', headers: h, payload: { a: 1 } });
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(replayed.json()).toEqual(corrected.json());
    expect(runs()).toBe(2);
    const h2 = { ...header('helpdesk'), 'idempotency-key': 'k-4' };
    const s1 = await app.inject({
      method: 'POST',
      url: '/test/things',
      headers: h2,
      payload: { fail: 'server' },
    });
    const s2 = await app.inject({
      method: 'POST',
      url: '/test/things',
      headers: h2,
      payload: { fail: 'server' },
    });
    expect([s1.statusCode, s2.statusCode]).toEqual([500, 500]);
    expect(runs()).toBe(4);
  });

  it('rejects a malformed key with 400', async () => {
    const { app, header, runs } = await appWithCounter();
    close = () => app.close();
    const res = await app.inject({
      method: 'POST',
      url: '/test/things',
      headers: { ...header('helpdesk'), 'idempotency-key': 'has space' },
      payload: {},
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_idempotency_key');
    expect(runs()).toBe(0);
  });
});
