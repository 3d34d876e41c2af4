import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clinicianBody, type DirectoryTestApp, directoryApp, hospitalBody } from '../directory/helpers.js';

/**
 * What a client sees when the request itself is wrong (method, media type, JSON), and that the
 * answer names the fix; nothing is written by such a request.
 */
describe('request errors', () => {
  let t: DirectoryTestApp;
  let hospitalId: number;
  beforeAll(async () => {
    t = await directoryApp();
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/hospitals',
      headers: t.admin,
      payload: hospitalBody(),
    });
    hospitalId = created.json().id;
  });
  afterAll(async () => t.app.close());

  const hospitalCount = async () =>
    (await t.app.inject({ url: '/api/v1/hospitals?status=all&limit=100', headers: t.admin })).json().items
      .length as number;

  /** POST /api/v1/hospitals with a raw body of the given type. */
  const postHospital = (payload: string | Buffer, type = 'application/json') =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/hospitals',
      headers: { ...t.admin, 'content-type': type },
      payload,
    });

  it('answers a method a path does not take with 405 and the methods it does (Allow)', async () => {
    const res = await t.app.inject({ method: 'DELETE', url: '/api/v1/countries', headers: t.admin });
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
    expect(res.json().error).toMatchObject({ code: 'method_not_allowed' });
    expect(res.json().error.message).toContain('GET');

    const item = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/hospitals/${hospitalId}`,
      headers: t.admin,
    });
    expect(item.statusCode).toBe(405);
    expect(item.headers.allow).toBe('GET, HEAD, PATCH');

    // OPTIONS (no CORS rule answers it) says what the path answers, without a body (RFC 9110 §9.3.7).
    const options = await t.app.inject({ method: 'OPTIONS', url: `/api/v1/hospitals/${hospitalId}/` });
    expect(options.statusCode).toBe(204);
    expect(options.headers.allow).toBe('GET, HEAD, PATCH, OPTIONS');
    expect(options.body).toBe('');

    // A path no route has stays a 404, and so does one a route answers but finds nothing at (a static
    // file of the add-in that is not there).
    for (const [method, url] of [
      ['DELETE', '/api/v1/nope'],
      ['GET', '/addin/no-such-file.js'],
      ['OPTIONS', '/api/v1/nope'],
    ] as const) {
      const none = await t.app.inject({ method, url, headers: t.admin });
      expect(none.statusCode, `${method} ${url}`).toBe(404);
      expect(none.headers.allow).toBeUndefined();
    }
  });

  it('refuses JSON sent as text/plain with 415 naming application/json, and stores nothing', async () => {
    const before = await hospitalCount();
    const res = await postHospital(JSON.stringify(hospitalBody({ name: 'Sent as text' })), 'text/plain');
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('unsupported_media_type');
    expect(res.json().error.message).toBe(
      'Content-Type text/plain is not accepted here: send application/json',
    );
    expect(await hospitalCount()).toBe(before);
  });

  it('refuses a body that is not UTF-8, or declares another charset, rather than storing U+FFFD in a name', async () => {
    const before = await hospitalCount();
    const json = JSON.stringify(hospitalBody({ name: 'Klinikum München' }));
    const latin1 = await postHospital(Buffer.from(json, 'latin1'));
    expect(latin1.statusCode).toBe(400);
    expect(latin1.json().error).toMatchObject({ code: 'invalid_json' });
    expect(latin1.json().error.message).toMatch(/not UTF-8/);
    const declared = await postHospital(json, 'application/json; charset=iso-8859-1');
    expect(declared.statusCode).toBe(415);
    expect(declared.json().error.message).toMatch(/charset iso-8859-1 .*UTF-8/);
    expect(await hospitalCount()).toBe(before);
    const utf8 = await postHospital(json, 'application/json; charset=UTF-8');
    expect(utf8.statusCode).toBe(201);
    expect(utf8.json().name).toBe('Klinikum München');
  });

  it('refuses a body on a route that takes none, rather than ignoring what it asks', async () => {
    const created = await postHospital(JSON.stringify(hospitalBody({ name: 'Kept active' })));
    const { id, version } = created.json();
    const deactivate = (payload?: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/hospitals/${id}/deactivate`,
        headers: {
          ...t.admin,
          'if-match': `"${version}"`,
          ...(payload ? { 'content-type': 'application/json' } : {}),
        },
        ...(payload ? { payload } : {}),
      });
    const withReason = await deactivate('{"reason":"merged"}');
    expect(withReason.statusCode).toBe(400);
    expect(withReason.json().error.code).toBe('unexpected_body');
    expect((await t.app.inject({ url: `/api/v1/hospitals/${id}`, headers: t.admin })).json().status).toBe(
      'active',
    );
    expect((await deactivate()).statusCode).toBe(200);
  });

  it('says a __proto__ key is refused, rather than calling valid JSON invalid', async () => {
    const before = await hospitalCount();
    const res = await postHospital(
      `{"__proto__": {"admin": true}, ${JSON.stringify(hospitalBody()).slice(1)}`,
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('forbidden_json_key');
    expect(res.json().error.message).toContain('__proto__');
    expect(await hospitalCount()).toBe(before);
  });

  it('says where JSON breaks, without quoting the body', async () => {
    const res = await postHospital('{"name": "Szpital Kliniczny" "city": "x"}');
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'invalid_json',
      message: 'The body is not valid JSON (at character 30)',
    });
    const empty = await postHospital('  ');
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('invalid_json');
  });

  it('gives schema and rule errors one detail shape: in, path, field, code, message', async () => {
    const schema = await t.app.inject({
      method: 'POST',
      url: '/api/v1/clinicians',
      headers: t.admin,
      payload: { ...clinicianBody({ hospitalId }), role: 'surgeon', title: undefined },
    });
    expect(schema.statusCode).toBe(400);
    expect(schema.json().error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ in: 'body', path: '/', field: 'title', code: 'required' }),
        expect.objectContaining({ in: 'body', path: '/role', field: 'role', code: 'enum' }),
      ]),
    );

    const rules = await t.app.inject({
      method: 'POST',
      url: '/api/v1/clinicians',
      headers: t.admin,
      payload: clinicianBody({ hospitalId, phone: '123', specialties: ['no-such-specialty'] }),
    });
    expect(rules.statusCode).toBe(422);
    expect(rules.json().error.details).toEqual([
      {
        in: 'body',
        path: '/phone',
        field: 'phone',
        code: 'invalid_phone',
        message: expect.stringContaining('123'),
      },
      {
        in: 'body',
        path: '/specialties',
        field: 'specialties',
        code: 'unknown_value',
        message: expect.stringContaining('no-such-specialty'),
      },
    ]);
  });

  it('names a nested field the same way in schema and rule errors: dotted, items indexed', async () => {
    const requester = await t.clinician({ hospitalId });
    const colleague = await t.clinician({ hospitalId });
    const window = (start: string, end?: string) => ({
      method: 'POST' as const,
      url: '/api/v1/requests',
      headers: t.admin,
      payload: {
        requesterId: requester.id,
        kind: 'conference',
        topic: 'Second opinion',
        invitees: [{ clinicianId: colleague.id }],
        proposedWindows: [{ start, ...(end ? { end } : {}) }],
        durationMinutes: 60,
        timeZone: 'Europe/Lisbon',
        source: 'api',
      },
    });
    const schema = await t.app.inject(window('2031-03-04T10:00:00Z'));
    expect(schema.statusCode).toBe(400);
    expect(schema.json().error.details).toEqual([
      expect.objectContaining({ in: 'body', path: '/proposedWindows/0', field: 'proposedWindows[0].end' }),
    ]);
    const format = await t.app.inject(window('next Tuesday', '2031-03-04T12:00:00Z'));
    expect(format.json().error.details).toEqual([
      expect.objectContaining({ path: '/proposedWindows/0/start', field: 'proposedWindows[0].start' }),
    ]);
    const rule = await t.app.inject(window('2031-03-04T12:00:00Z', '2031-03-04T10:00:00Z'));
    expect(rule.statusCode).toBe(422);
    // A time span's error carries the span, under the same name.
    expect(rule.json().error.details).toMatchObject({ field: 'proposedWindows[0]' });
  });
});
