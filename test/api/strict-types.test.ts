import { afterEach, describe, expect, it } from 'vitest';
import { type DirectoryTestApp, directoryApp } from '../directory/helpers.js';

let t: DirectoryTestApp | undefined;
afterEach(async () => {
  await t?.app.close();
  t = undefined;
});

const app = () => t as DirectoryTestApp;

const get = (url: string) => app().app.inject({ url, headers: app().admin });

/** A record as the API returns it, without the volatile timestamps. */
async function snapshot(url: string) {
  const res = await get(url);
  expect(res.statusCode, url).toBe(200);
  const { updatedAt: _u, createdAt: _c, ...rest } = res.json();
  return rest;
}

/** Soft assertions: a failure names every refused case, not just the first of a loop. */
function expectValidationFailed(
  res: { statusCode: number; json(): unknown },
  label: string,
  where?: string,
  path?: string,
) {
  expect.soft(res.statusCode, label).toBe(400);
  const error = (res.json() as { error?: { code?: string; details?: { in: string; path: string }[] } }).error;
  expect.soft(error?.code, label).toBe('validation_failed');
  if (where) expect.soft(error?.details?.[0]?.in, label).toBe(where);
  if (path) expect.soft(error?.details?.[0]?.path, label).toBe(path);
  // Every detail says which rule failed, in the same words as the rest (`details[].code`).
  for (const detail of error?.details ?? []) {
    expect
      .soft((detail as { code?: unknown }).code, `${label}: code at ${detail.path}`)
      .toEqual(expect.any(String));
  }
}

describe('JSON bodies are validated without type coercion', () => {
  it('refuses each wrongly typed clinician field with 400 and changes nothing', async () => {
    t = await directoryApp();
    const h = await t.hospital();
    const c = await t.clinician({ hospitalId: h.id, specialties: ['virology'] });
    const url = `/api/v1/clinicians/${c.id}`;
    const before = await snapshot(url);
    const cases: [string, Record<string, unknown>][] = [
      ['title false', { title: false }],
      ['givenName number', { givenName: 123 }],
      ['givenName array', { givenName: ['Ann'] }],
      ['hospitalId hex string', { hospitalId: '0x10' }],
      ['hospitalId digit string', { hospitalId: String(h.id) }],
      ['hospitalId true', { hospitalId: true }],
      ['hospitalId 1e309 (Infinity)', { hospitalId: 'sent as the JSON literal 1e309' }],
      // Parsed as 9007199254740992: an integer to JavaScript, but not the number that was sent.
      ['hospitalId 2^53 + 1', { hospitalId: 'sent as the JSON literal 9007199254740993' }],
      ['contactPerson null', { contactPerson: null }],
      ['contactPerson "true"', { contactPerson: 'true' }],
      ['specialties string', { specialties: 'virology' }],
    ];
    for (const [label, body] of cases) {
      const res = await t.app.inject({
        method: 'PATCH',
        url,
        // Any version: each case is refused for its own type, not for a version a previous case moved on.
        headers: { ...t.admin, 'if-match': '*', 'content-type': 'application/json' },
        // 1e309 and 2^53 + 1 reach the server as written; JSON.stringify would send null or a rounded number.
        payload: label.includes('JSON literal')
          ? `{"hospitalId":${String(body.hospitalId).split(' ').at(-1)}}`
          : JSON.stringify(body),
      });
      expectValidationFailed(res, label, 'body', `/${Object.keys(body)[0]}`);
    }
    expect.soft(await snapshot(url)).toEqual(before);
  });

  it('refuses a wrongly typed hospital field and a wrongly typed creation', async () => {
    t = await directoryApp();
    const h = await t.hospital();
    const url = `/api/v1/hospitals/${h.id}`;
    const before = await snapshot(url);
    for (const referenceCentre of [[1], 1, 'true']) {
      const res = await t.app.inject({
        method: 'PATCH',
        url,
        headers: { ...t.admin, 'if-match': '*' },
        payload: { referenceCentre },
      });
      expectValidationFailed(res, JSON.stringify(referenceCentre), 'body');
    }
    expect.soft(await snapshot(url)).toEqual(before);

    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/clinicians',
      headers: t.admin,
      payload: {
        title: null,
        givenName: 'Ann',
        familyName: 'Typed',
        role: 'clinician',
        email: 'typed@example.org',
        phone: null,
        specialties: [],
        languages: [],
        networks: [],
        contactPerson: 'false',
        hospitalId: String(h.id),
      },
    });
    expectValidationFailed(created, 'POST with strings for boolean and integer', 'body');
    expect((await get('/api/v1/clinicians?q=Typed')).json().items).toEqual([]);
  });

  it('still accepts a PATCH with the right types', async () => {
    t = await directoryApp();
    const h = await t.hospital();
    const other = await t.hospital({ name: 'Charité', city: 'Berlin', countryCode: 'DE' });
    const c = await t.clinician({ hospitalId: other.id });
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/clinicians/${c.id}`,
      headers: { ...t.admin, 'if-match': `"${c.version}"` },
      payload: {
        title: 'Dr',
        givenName: 'Ann',
        hospitalId: h.id,
        contactPerson: true,
        specialties: ['virology'],
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      title: 'Dr',
      givenName: 'Ann',
      hospitalId: h.id,
      contactPerson: true,
      specialties: ['virology'],
      version: c.version + 1,
    });
  });
});

describe('numbers in query strings and paths are plain decimal digits', () => {
  it('refuses non-canonical numbers with 400 validation_failed', async () => {
    t = await directoryApp();
    const h = await t.hospital();
    // Enough clinicians that /clinicians/16 and /clinicians/1000 would not be a 404 for another reason.
    await t.clinician({ hospitalId: h.id });
    const cases: [string, 'params' | 'querystring', string][] = [
      ['/api/v1/clinicians/0x10', 'params', '/id'],
      ['/api/v1/clinicians/1e3', 'params', '/id'],
      ['/api/v1/clinicians/%201', 'params', '/id'],
      ['/api/v1/clinicians/01', 'params', '/id'],
      ['/api/v1/clinicians/1.0', 'params', '/id'],
      ['/api/v1/hospitals/0x1', 'params', '/id'],
      ['/api/v1/clinicians?limit=0x10', 'querystring', '/limit'],
      ['/api/v1/clinicians?limit=%20%205%20', 'querystring', '/limit'],
      ['/api/v1/clinicians?limit=5.0', 'querystring', '/limit'],
      ['/api/v1/clinicians?limit=+5', 'querystring', '/limit'],
      ['/api/v1/clinicians?limit=', 'querystring', '/limit'],
      ['/api/v1/hospitals?limit=1e1', 'querystring', '/limit'],
      ['/api/v1/clinicians?hospitalId=9007199254740993', 'querystring', '/hospitalId/0'],
      [`/api/v1/clinicians?hospitalId=${h.id}&hospitalId=0x1`, 'querystring', '/hospitalId/1'],
      ['/api/v1/clinicians?hospitalId=%201', 'querystring', '/hospitalId/0'],
      ['/api/v1/requests?requesterId=0b1', 'querystring', '/requesterId'],
    ];
    for (const [url, where, path] of cases) {
      const res = await get(url);
      expectValidationFailed(res, url, where, path);
    }
    for (const id of ['0x10', '01']) {
      expect((await get(`/api/v1/clinicians/${id}`)).json().error.details[0].message).toBe(
        'must be an integer in plain decimal digits (no leading zero, plus sign, space, exponent or 0x)',
      );
    }
  });

  it('refuses non-canonical numbers in an import page (after=-0, after=1e-400)', async () => {
    t = await directoryApp();
    const h = await t.hospital();
    const upload = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports?fileName=a.csv',
      headers: { ...t.admin, 'content-type': 'text/csv' },
      payload: Buffer.from(`email,given_name,family_name,hospital_id\na@example.org,Ann,Bee,${h.id}\n`),
    });
    expect(upload.statusCode, upload.body).toBeLessThan(300);
    const id = upload.json().import.id as string;
    const page = await get(`/api/v1/imports/${id}/rows?after=0&limit=5`);
    expect(page.statusCode, page.body).toBe(200);
    for (const query of ['after=-0', 'after=1e-400', 'after=0x0', 'limit=1e1']) {
      expectValidationFailed(await get(`/api/v1/imports/${id}/rows?${query}`), query, 'querystring');
    }
  });

  it('still accepts plain numbers, repeated parameters and ids', async () => {
    t = await directoryApp();
    const h1 = await t.hospital();
    const h2 = await t.hospital({ name: 'Charité', city: 'Berlin', countryCode: 'DE' });
    const a = await t.clinician({ hospitalId: h1.id });
    const b = await t.clinician({ hospitalId: h2.id });
    const limited = await get('/api/v1/clinicians?limit=5');
    expect(limited.statusCode).toBe(200);
    expect(limited.json().items).toHaveLength(2);
    const both = await get(`/api/v1/clinicians?hospitalId=${h1.id}&hospitalId=${h2.id}`);
    expect(both.statusCode).toBe(200);
    expect(
      both
        .json()
        .items.map((c: { id: number }) => c.id)
        .sort(),
    ).toEqual([a.id, b.id].sort());
    const one = await get(`/api/v1/clinicians?hospitalId=${h2.id}`);
    expect(one.json().items.map((c: { id: number }) => c.id)).toEqual([b.id]);
    const read = await get(`/api/v1/clinicians/${a.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json().id).toBe(a.id);
    while ((await t.clinician({ hospitalId: h1.id })).id < 12);
    const twelve = await get('/api/v1/clinicians/12');
    expect(twelve.statusCode).toBe(200);
    expect(twelve.json().id).toBe(12);
    expect((await get('/api/v1/clinicians/0')).json().error.code).toBe('validation_failed');
    expect((await get('/api/v1/hospitals?limit=200')).statusCode).toBe(200);
    expect((await get('/api/v1/hospitals?limit=201')).json().error.code).toBe('validation_failed');
  });
});

describe('a path that is not a valid URL', () => {
  it('answers 400 bad_url in the API error shape', async () => {
    t = await directoryApp();
    for (const url of ['/api/v1/clinicians/%ZZ', '/api/v1/hospitals/%E0%A4%A']) {
      const res = await t.app.inject({ url, headers: { ...t.admin, 'x-request-id': 'req-bad-url' } });
      expect.soft(res.statusCode, url).toBe(400);
      expect.soft(res.headers['content-type']).toMatch(/^application\/json/);
      expect.soft(res.json(), url).toEqual({
        error: { code: 'bad_url', message: expect.any(String), requestId: 'req-bad-url' },
      });
      // Raised before any hook, yet with every security header a routed answer carries.
      const routed = await t.app.inject({ url: '/api/v1/clinicians/1', headers: t.admin });
      for (const name of ['content-security-policy', 'x-content-type-options', 'referrer-policy']) {
        expect.soft(res.headers[name], `${url} ${name}`).toBe(routed.headers[name]);
      }
      expect.soft(res.headers['content-security-policy']).toContain("default-src 'self'");
    }
  });
});

describe('unknown query parameters', () => {
  it('are a 400 naming the parameter on API routes that declare none, as on those that do', async () => {
    t = await directoryApp();
    const h = await t.hospital();
    const c = await t.clinician({ hospitalId: h.id });
    for (const url of [
      '/api/v1/countries',
      '/api/v1/vocabularies',
      '/api/v1/me',
      `/api/v1/clinicians/${c.id}`,
      `/api/v1/hospitals/${h.id}`,
      '/api/v1/clinicians', // declares its own parameters
    ]) {
      expect.soft((await get(url)).statusCode, url).toBe(200);
      const res = await get(`${url}?sort_by=name`);
      expectValidationFailed(res, url, 'querystring');
      expect
        .soft((res.json() as { error: { details: { params: unknown }[] } }).error.details[0]?.params, url)
        .toEqual({ additionalProperty: 'sort_by' });
    }
    // A write refuses them too, and changes nothing.
    const before = await snapshot(`/api/v1/clinicians/${c.id}`);
    const patch = await app().app.inject({
      method: 'PATCH',
      url: `/api/v1/clinicians/${c.id}?dryRun=true`,
      headers: { ...app().admin, 'if-match': `"${before.version}"` },
      payload: { title: 'Prof.' },
    });
    expectValidationFailed(patch, 'PATCH', 'querystring');
    expect(await snapshot(`/api/v1/clinicians/${c.id}`)).toEqual(before);
    // Outside the API, health probes may add what they like.
    expect((await app().app.inject({ url: '/health?probe=1' })).statusCode).toBe(200);
  });
});
