import { seedDemoDirectory } from '@cmss/db';
import { foldText } from '@cmss/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { clinicianBody, type DirectoryTestApp, directoryApp } from './helpers.js';

let t: DirectoryTestApp | undefined;
afterEach(async () => {
  await t?.app.close();
  t = undefined;
});

describe('hospitals', () => {
  it('creates, reads with an ETag, updates with If-Match and deactivates', async () => {
    t = await directoryApp();
    const created = await t.hospital({ name: 'Rigshospitalet', city: 'København', countryCode: 'DK' });
    const read = await t.app.inject({ url: `/api/v1/hospitals/${created.id}`, headers: t.auth('clinician') });
    expect(read.statusCode).toBe(200);
    expect(read.headers.etag).toBe('"1"');
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/hospitals/${created.id}`,
      headers: { ...t.admin, 'if-match': '"1"' },
      payload: { referenceCentre: true, networks: ['ern-lung'] },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ referenceCentre: true, networks: ['ern-lung'], version: 2 });
    expect(patched.headers.etag).toBe('"2"');
    const off = await t.app.inject({
      method: 'POST',
      url: `/api/v1/hospitals/${created.id}/deactivate`,
      headers: { ...t.admin, 'if-match': '"2"' },
    });
    expect(off.json()).toMatchObject({ status: 'inactive', version: 3 });
    // Clinicians no longer see it; staff still do.
    expect(
      (await t.app.inject({ url: `/api/v1/hospitals/${created.id}`, headers: t.auth('clinician') }))
        .statusCode,
    ).toBe(404);
    expect(
      (await t.app.inject({ url: `/api/v1/hospitals/${created.id}`, headers: t.auth('helpdesk') }))
        .statusCode,
    ).toBe(200);
  });

  it('answers a path with a trailing slash as the path without it (the list, not an empty id)', async () => {
    t = await directoryApp();
    const created = await t.hospital({ name: 'Rigshospitalet', city: 'København', countryCode: 'DK' });
    const list = await t.app.inject({ url: '/api/v1/hospitals/?q=rigs', headers: t.auth('helpdesk') });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((h: { id: number }) => h.id)).toContain(created.id);
    const one = await t.app.inject({ url: `/api/v1/hospitals/${created.id}/`, headers: t.auth('helpdesk') });
    expect(one.statusCode).toBe(200);
    expect(one.json().name).toBe('Rigshospitalet');
  });

  it('rejects a country outside the network and unknown networks with 422 and field details', async () => {
    t = await directoryApp();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/hospitals',
      headers: t.admin,
      payload: {
        name: 'Hospital',
        city: 'Bern',
        countryCode: 'CH',
        referenceCentre: false,
        networks: ['ern-nope'],
      },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'countryCode', code: 'unknown_country' }),
        expect.objectContaining({ field: 'networks', code: 'unknown_value' }),
      ]),
    );
    const lower = await t.app.inject({
      method: 'POST',
      url: '/api/v1/hospitals',
      headers: t.admin,
      payload: { name: 'Hospital', city: 'Bern', countryCode: 'pl', referenceCentre: false, networks: [] },
    });
    expect(lower.statusCode).toBe(400);
    expect(lower.json().error.code).toBe('validation_failed');
  });

  it('refuses a hospital that exists already, active or not (409 naming it), on POST and PATCH', async () => {
    t = await directoryApp();
    const body = {
      name: 'QA Test Hospital Łódź',
      city: 'Łódź',
      countryCode: 'PL',
      referenceCentre: false,
      networks: [],
    };
    const post = (payload: Record<string, unknown>) =>
      t!.app.inject({ method: 'POST', url: '/api/v1/hospitals', headers: t!.admin, payload });
    const first = await post(body);
    expect(first.statusCode).toBe(201);
    const existingId = first.json().id;
    // The same hospital again, also spelt without accents, in other case and spacing.
    for (const same of [body, { ...body, name: 'qa test  hospital LODZ', city: ' Lodz ' }]) {
      const res = await post(same);
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toMatchObject({
        code: 'hospital_exists',
        details: [expect.objectContaining({ field: 'name', code: 'hospital_exists', existingId })],
      });
      expect(res.json().error.message).toContain(`hospital ${existingId}`);
    }
    // Another city or country is another hospital.
    expect((await post({ ...body, city: 'Warszawa' })).statusCode).toBe(201);
    const other = await post({ ...body, countryCode: 'CZ' });
    expect(other.statusCode).toBe(201);
    // A deactivated hospital still counts.
    const off = await t.app.inject({
      method: 'POST',
      url: `/api/v1/hospitals/${existingId}/deactivate`,
      headers: { ...t.admin, 'if-match': '"1"' },
    });
    expect(off.statusCode).toBe(200);
    expect((await post(body)).statusCode).toBe(409);
    // Renaming another hospital into it is refused; its own record can still be changed.
    const into = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/hospitals/${other.json().id}`,
      headers: { ...t.admin, 'if-match': '"1"' },
      payload: { countryCode: 'PL' },
    });
    expect(into.statusCode).toBe(409);
    expect(into.json().error.details[0]).toMatchObject({ code: 'hospital_exists', existingId });
    const own = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/hospitals/${existingId}`,
      headers: { ...t.admin, 'if-match': '"2"' },
      payload: { name: 'QA Test Hospital Lodz', status: 'active' },
    });
    expect(own.statusCode).toBe(200);
    const count = t.app.database.sqlite.prepare('SELECT count(*) AS n FROM hospitals').get();
    expect(count).toEqual({ n: 3 });
  });

  it('lets only admins write', async () => {
    t = await directoryApp();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/hospitals',
      headers: t.auth('helpdesk'),
      payload: { name: 'Hospital', city: 'Riga', countryCode: 'LV', referenceCentre: false, networks: [] },
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('clinicians: validation', () => {
  it('normalises the phone to E.164, reading a national number in the hospital country', async () => {
    t = await directoryApp();
    const h = await t.hospital({ countryCode: 'PL' });
    const c = await t.clinician({ hospitalId: h.id, phone: '42 123 45 67' });
    expect(c.phone).toBe('+48421234567');
    const intl = await t.clinician({ hospitalId: h.id, phone: '0049 30 1234567' });
    expect(intl.phone).toBe('+49301234567');
  });

  it('rejects an impossible phone number, an unknown hospital and unknown vocabulary with 422', async () => {
    t = await directoryApp();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/clinicians',
      headers: t.admin,
      payload: {
        title: null,
        givenName: 'Jan',
        familyName: 'Novak',
        role: 'clinician',
        hospitalId: 999,
        email: 'jan@example.org',
        phone: '+48 12',
        specialties: ['astrology'],
        languages: ['xx'],
        networks: ['ern-nope'],
        contactPerson: false,
      },
    });
    expect(res.statusCode).toBe(422);
    const fields = (res.json().error.details as { field: string; code: string }[]).map(
      (d) => `${d.field}:${d.code}`,
    );
    expect(fields.sort()).toEqual(
      [
        'hospitalId:unknown_hospital',
        'phone:invalid_phone',
        'specialties:unknown_value',
        'languages:unknown_value',
        'networks:unknown_value',
      ].sort(),
    );
    const list = await t.app.inject({ url: '/api/v1/clinicians?status=all', headers: t.admin });
    expect(list.json().items).toEqual([]);
  });

  it('refuses a second clinician with the same e-mail in another case (409)', async () => {
    t = await directoryApp();
    const h = await t.hospital();
    await t.clinician({ hospitalId: h.id, email: 'Anna.Kowalska@Example.org' });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/clinicians',
      headers: t.admin,
      payload: {
        title: null,
        givenName: 'Anna',
        familyName: 'Kowalska',
        role: 'clinician',
        hospitalId: h.id,
        email: 'anna.kowalska@EXAMPLE.ORG',
        phone: null,
        specialties: [],
        languages: [],
        networks: [],
        contactPerson: false,
      },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('email_taken');
  });

  it('refuses to change an e-mail to one another clinician has (409), but accepts a new capitalisation', async () => {
    t = await directoryApp();
    const h = await t.hospital();
    await t.clinician({ hospitalId: h.id, email: 'taken@example.org' });
    const c = await t.clinician({ hospitalId: h.id, email: 'mine@example.org' });
    const url = `/api/v1/clinicians/${c.id}`;
    const res = await t.app.inject({
      method: 'PATCH',
      url,
      headers: { ...t.admin, 'if-match': '"1"' },
      payload: { email: 'TAKEN@example.org' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('email_taken');
    const own = await t.app.inject({
      method: 'PATCH',
      url,
      headers: { ...t.admin, 'if-match': '"1"' },
      payload: { email: 'Mine@Example.org' },
    });
    expect(own.statusCode).toBe(200);
    expect(own.json().email).toBe('Mine@Example.org');
  });

  it('rejects a malformed e-mail and unknown fields with 400', async () => {
    t = await directoryApp();
    const h = await t.hospital();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/clinicians',
      headers: t.admin,
      payload: {
        givenName: 'A',
        familyName: 'B',
        role: 'clinician',
        hospitalId: h.id,
        email: 'not-an-email',
        extra: 1,
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation_failed');
  });

  it('rejects a misspelt field in a PATCH with 400 and changes nothing', async () => {
    t = await directoryApp();
    const h = await t.hospital();
    const c = await t.clinician({ hospitalId: h.id });
    for (const [url, payload] of [
      [`/api/v1/clinicians/${c.id}`, { givenname: 'Typo' }],
      [`/api/v1/hospitals/${h.id}`, { nmae: 'Typo' }],
    ] as const) {
      const res = await t.app.inject({
        method: 'PATCH',
        url,
        headers: { ...t.admin, 'if-match': '*' },
        payload,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details[0].message).toBe('must NOT have additional properties');
      expect((await t.app.inject({ url, headers: t.admin })).json().version).toBe(1);
    }
  });

  it('keeps the version and ETag when a PATCH changes nothing, and still refuses a stale If-Match', async () => {
    t = await directoryApp();
    const h = await t.hospital({ name: 'Rigshospitalet', networks: ['ern-lung'] });
    const c = await t.clinician({ hospitalId: h.id, phone: '+48 42 123 45 67', languages: ['pl', 'en'] });
    for (const [url, payload] of [
      // The same values, written differently: a national phone number, lists in another order.
      [`/api/v1/clinicians/${c.id}`, { phone: '+48421234567', languages: ['en', 'pl'] }],
      [`/api/v1/clinicians/${c.id}`, {}],
      [`/api/v1/hospitals/${h.id}`, { networks: ['ern-lung'], name: 'Rigshospitalet' }],
    ] as const) {
      const patch = (ifMatch: string) =>
        t!.app.inject({ method: 'PATCH', url, headers: { ...t!.admin, 'if-match': ifMatch }, payload });
      const res = await patch('"1"');
      expect(res.statusCode).toBe(200);
      expect(res.headers.etag).toBe('"1"');
      expect(res.json().version).toBe(1);
      expect((await patch('"7"')).statusCode).toBe(412);
    }
    // Deactivating what is already inactive changes nothing either.
    for (const url of [`/api/v1/clinicians/${c.id}/deactivate`, `/api/v1/hospitals/${h.id}/deactivate`]) {
      const deactivate = () =>
        t!.app.inject({ method: 'POST', url, headers: { ...t!.admin, 'if-match': '*' } });
      expect((await deactivate()).json().version).toBe(2);
      const again = await deactivate();
      expect(again.statusCode).toBe(200);
      expect(again.json()).toMatchObject({ status: 'inactive', version: 2 });
    }
  });

  it('rejects numbers too large to be finite (1e309, Infinity) with 400 rather than failing', async () => {
    t = await directoryApp();
    const h = await t.hospital();
    for (const url of [
      '/api/v1/clinicians?limit=1e309',
      '/api/v1/hospitals?limit=Infinity',
      '/api/v1/clinicians?hospitalId=-1e309',
      '/api/v1/clinicians/1e309',
    ]) {
      const res = await t.app.inject({ url, headers: t.admin });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'validation_failed' });
      expect(res.json().error.details[0].message).toBe('must be a finite number');
    }
    const body = await t.app.inject({
      method: 'POST',
      url: '/api/v1/clinicians',
      headers: t.admin,
      payload: clinicianBody({
        givenName: 'A',
        familyName: 'B',
        email: 'a@example.org',
        hospitalId: '1e309',
      }),
    });
    expect(body.statusCode).toBe(400);
    expect(body.json().error.details[0]).toMatchObject({ in: 'body', path: '/hospitalId' });
    expect(
      (await t.app.inject({ url: `/api/v1/clinicians?hospitalId=${h.id}`, headers: t.admin })).json().items,
    ).toEqual([]);
  });

  it('refuses a deactivated hospital for a new clinician', async () => {
    t = await directoryApp();
    const h = await t.hospital();
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/hospitals/${h.id}/deactivate`,
      headers: { ...t.admin, 'if-match': '*' },
    });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/clinicians',
      headers: t.admin,
      payload: {
        title: null,
        givenName: 'A',
        familyName: 'B',
        role: 'clinician',
        hospitalId: h.id,
        email: 'a@b.eu',
        phone: null,
        specialties: [],
        languages: [],
        networks: [],
        contactPerson: false,
      },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details[0].code).toBe('inactive_hospital');
  });
});

describe('clinicians: optimistic concurrency and deactivation', () => {
  it('answers 412 to a stale If-Match and 428 without one, and keeps the newer change', async () => {
    t = await directoryApp();
    const h = await t.hospital();
    const c = await t.clinician({ hospitalId: h.id });
    const url = `/api/v1/clinicians/${c.id}`;
    const first = await t.app.inject({
      method: 'PATCH',
      url,
      headers: { ...t.admin, 'if-match': '"1"' },
      payload: { title: 'Prof' },
    });
    expect(first.statusCode).toBe(200);
    const stale = await t.app.inject({
      method: 'PATCH',
      url,
      headers: { ...t.admin, 'if-match': '"1"' },
      payload: { title: 'Dr' },
    });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().error).toMatchObject({ code: 'precondition_failed', details: { currentVersion: 2 } });
    const missing = await t.app.inject({ method: 'PATCH', url, headers: t.admin, payload: { title: 'Dr' } });
    expect(missing.statusCode).toBe(428);
    expect(missing.json().error.code).toBe('precondition_required');
    const now = await t.app.inject({ url, headers: t.admin });
    expect(now.json().title).toBe('Prof');
  });

  it('takes If-Match as a list of ETags, and checks it before the body', async () => {
    t = await directoryApp();
    const h = await t.hospital();
    const c = await t.clinician({ hospitalId: h.id });
    const url = `/api/v1/clinicians/${c.id}`;
    const patch = (ifMatch: string, payload: object) =>
      t!.app.inject({ method: 'PATCH', url, headers: { ...t!.admin, 'if-match': ifMatch }, payload });

    // RFC 9110: any listed tag may match (and a tag a proxy weakened still names the version read).
    const listed = await patch('"7", W/"1"', { title: 'Prof' });
    expect(listed.statusCode).toBe(200);
    expect(listed.headers.etag).toBe('"2"');
    const none = await patch('"1", "3"', { title: 'Dr' });
    expect(none.statusCode).toBe(412);
    expect(none.json().error.details).toEqual({ currentVersion: 2, currentEtag: '"2"' });
    // A precondition comes before the request's meaning: a stale edit naming a hospital that does not
    // exist is 412 (read again), not 422; with the current ETag it is the 422.
    expect((await patch('"1"', { hospitalId: 999_999 })).statusCode).toBe(412);
    expect((await patch('"2"', { hospitalId: 999_999 })).statusCode).toBe(422);
    // Not ETags: the client's bug, told apart from a header forgotten (428).
    for (const unusable of ['"2", 3', '"2",', 'W/2', '"x', '"a"b"']) {
      const res = await patch(unusable, { title: 'Dr' });
      expect(res.statusCode, unusable).toBe(400);
      expect(res.json().error.code).toBe('invalid_if_match');
    }
    // A well-formed ETag this API never gave matches no version (RFC 9110 §13.1.1): 412, not 400.
    const foreign = await patch('"x"', { title: 'Dr' });
    expect(foreign.statusCode).toBe(412);
    expect(foreign.json().error.details).toEqual({ currentVersion: 2, currentEtag: '"2"' });
    const deactivated = await t.app.inject({
      method: 'POST',
      url: `${url}/deactivate`,
      headers: { ...t.admin, 'if-match': '"1", "2"' },
    });
    expect(deactivated.statusCode).toBe(200);
    expect((await t.app.inject({ url, headers: t.admin })).json()).toMatchObject({
      title: 'Prof',
      status: 'inactive',
      version: 3,
    });
  });

  it('replaces the lists a PATCH changes and keeps those it leaves alone', async () => {
    const d = await directoryApp();
    t = d;
    const h = await d.hospital();
    const c = await d.clinician({
      hospitalId: h.id,
      specialties: ['cardiology'],
      languages: ['pl', 'en'],
      networks: ['ern-lung'],
    });
    const url = `/api/v1/clinicians/${c.id}`;
    const patched = await d.app.inject({
      method: 'PATCH',
      url,
      headers: { ...d.admin, 'if-match': '"1"' },
      payload: { languages: ['de', 'pl'], title: 'Dr' },
    });
    expect(patched.statusCode).toBe(200);
    const now = (await d.app.inject({ url, headers: d.admin })).json();
    expect([...now.languages].sort()).toEqual(['de', 'pl']);
    expect(now).toMatchObject({ specialties: ['cardiology'], networks: ['ern-lung'], title: 'Dr' });
    const ids = async (query: string) =>
      (await d.app.inject({ url: `/api/v1/clinicians?${query}`, headers: d.admin }))
        .json()
        .items.map((x: { id: number }) => x.id);
    expect(await ids('language=en')).toEqual([]);
    expect(await ids('language=de')).toEqual([c.id]);
    expect(await ids('specialty=cardiology')).toEqual([c.id]);
    // The same lists again: nothing to replace, nothing lost.
    const again = await d.app.inject({
      method: 'PATCH',
      url,
      headers: { ...d.admin, 'if-match': '"2"' },
      payload: { languages: ['pl', 'de'], specialties: ['cardiology'] },
    });
    expect(again.statusCode).toBe(200);
    expect([...again.json().languages].sort()).toEqual(['de', 'pl']);
    expect(again.json().specialties).toEqual(['cardiology']);
  });

  it('deactivates instead of deleting: clinicians stop seeing the record, staff can filter for it', async () => {
    t = await directoryApp();
    const h = await t.hospital();
    const c = await t.clinician({ hospitalId: h.id, familyName: 'Gone' });
    const off = await t.app.inject({
      method: 'POST',
      url: `/api/v1/clinicians/${c.id}/deactivate`,
      headers: { ...t.admin, 'if-match': '"1"' },
    });
    expect(off.json()).toMatchObject({ status: 'inactive', version: 2 });
    const asClinician = await t.app.inject({
      url: '/api/v1/clinicians?q=gone',
      headers: t.auth('clinician'),
    });
    expect(asClinician.json().items).toEqual([]);
    const forbidden = await t.app.inject({
      url: '/api/v1/clinicians?status=inactive',
      headers: t.auth('clinician'),
    });
    expect(forbidden.statusCode).toBe(403);
    const staff = await t.app.inject({
      url: '/api/v1/clinicians?status=inactive',
      headers: t.auth('helpdesk'),
    });
    expect(staff.json().items.map((x: { id: number }) => x.id)).toEqual([c.id]);
    // There is no delete: the answer says which methods the record takes (erasure is data protection's).
    const deleted = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/clinicians/${c.id}`,
      headers: t.admin,
    });
    expect(deleted.statusCode).toBe(405);
    expect(deleted.headers.allow).toBe('GET, HEAD, PATCH');
  });
});

describe('clinicians: listing', () => {
  it('pages with a cursor, sorts and filters', async () => {
    t = await directoryApp();
    const pl = await t.hospital({ countryCode: 'PL' });
    const de = await t.hospital({ name: 'Charité', city: 'Berlin', countryCode: 'DE' });
    const names = ['Żak', 'Adamska', 'Łukasz', 'Nowak', 'Zielińska'];
    for (const [i, name] of names.entries()) {
      await t.clinician({
        familyName: name,
        hospitalId: i % 2 ? de.id : pl.id,
        specialties: i === 0 ? ['cardiology'] : [],
        languages: ['en'],
        role: i === 4 ? 'case_manager' : 'clinician',
        contactPerson: i === 1,
      });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = cursor ? `&cursor=${cursor}` : '';
      const res = await t.app.inject({ url: `/api/v1/clinicians?limit=2${q}`, headers: t.admin });
      const body = res.json();
      seen.push(...body.items.map((c: { familyName: string }) => c.familyName));
      cursor = body.nextCursor;
    } while (cursor);
    // Folded order: Ł sorts as L, Ż as Z.
    expect(seen).toEqual(['Adamska', 'Łukasz', 'Nowak', 'Żak', 'Zielińska']);
    const desc = await t.app.inject({ url: '/api/v1/clinicians?sort=-name&limit=1', headers: t.admin });
    expect(desc.json().items[0].familyName).toBe('Zielińska');
    const filtered = async (qs: string) =>
      (await t!.app.inject({ url: `/api/v1/clinicians?${qs}`, headers: t!.admin }))
        .json()
        .items.map((c: { familyName: string }) => c.familyName);
    expect(await filtered('country=DE')).toEqual(['Adamska', 'Nowak']);
    expect(await filtered('specialty=cardiology')).toEqual(['Żak']);
    expect(await filtered('role=case_manager')).toEqual(['Zielińska']);
    expect(await filtered('contactPerson=true')).toEqual(['Adamska']);
    expect(await filtered(`hospitalId=${pl.id}&language=en`)).toEqual(['Łukasz', 'Żak', 'Zielińska']);
    const bad = await t.app.inject({ url: '/api/v1/clinicians?cursor=garbage', headers: t.admin });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_cursor');
  });

  it('records reads of personal data in the audit trail', async () => {
    t = await directoryApp();
    const h = await t.hospital();
    const c = await t.clinician({ hospitalId: h.id });
    await t.app.inject({ url: `/api/v1/clinicians/${c.id}`, headers: t.auth('helpdesk') });
    await t.app.inject({ url: '/api/v1/clinicians', headers: t.auth('helpdesk') });
    const rows = t.app.database.sqlite
      .prepare(
        "SELECT action, entity, entity_id AS entityId, actor_role AS role FROM audit_log WHERE entity = 'clinician' ORDER BY id",
      )
      .all();
    expect(rows).toEqual([
      { action: 'create', entity: 'clinician', entityId: String(c.id), role: 'admin' },
      { action: 'read', entity: 'clinician', entityId: String(c.id), role: 'helpdesk' },
      { action: 'read', entity: 'clinician', entityId: null, role: 'helpdesk' },
    ]);
  });

  it('exposes the controlled vocabularies', async () => {
    t = await directoryApp();
    const res = await t.app.inject({ url: '/api/v1/vocabularies', headers: t.auth('clinician') });
    expect(res.statusCode).toBe(200);
    expect(res.json().specialties).toContainEqual({ id: 'cardiology', label: 'Cardiology' });
    expect(res.json().roles.map((r: { id: string }) => r.id)).toEqual(['clinician', 'case_manager']);
  });

  it('does not quote a refused value from a request body (error messages are logged)', async () => {
    t = await directoryApp();
    const h = await t.hospital();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/clinicians',
      headers: t.admin,
      payload: { ...clinicianBody({ hospitalId: h.id }), role: 'Dr Nowak, for patient Anna Kowalska' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation_failed');
    expect(JSON.stringify(res.json())).not.toContain('Kowalska');
  });

  it('refuses a filter value outside the vocabularies with 400 naming the parameter and the value', async () => {
    t = await directoryApp();
    const h = await t.hospital({ networks: ['ern-lung'] });
    await t.clinician({ hospitalId: h.id, specialties: ['cardiology'], languages: ['pl'] });
    const get = (url: string) => t!.app.inject({ url, headers: t!.admin });
    const cases: [string, string, string][] = [
      ['/api/v1/clinicians?specialty=nope', 'specialty', 'nope'],
      ['/api/v1/clinicians?specialty=cardiology&specialty=Cardiology', 'specialty', 'Cardiology'],
      ['/api/v1/clinicians?network=nope', 'network', 'nope'],
      ['/api/v1/clinicians?language=xx', 'language', 'xx'],
      ['/api/v1/clinicians?country=US', 'country', 'US'],
      ['/api/v1/hospitals?country=US', 'country', 'US'],
      ['/api/v1/hospitals?network=nope', 'network', 'nope'],
      ['/api/v1/exports/directory.csv?specialty=Cardiology', 'specialty', 'Cardiology'],
      ['/api/v1/exports/directory.xlsx?language=xx', 'language', 'xx'],
    ];
    for (const [url, parameter, value] of cases) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      const { error } = res.json();
      expect(error.code, url).toBe('validation_failed');
      expect(error.message, url).toContain(`${parameter} "${value}"`);
      expect(error.details, url).toContainEqual(
        expect.objectContaining({
          in: 'querystring',
          parameter,
          value,
          path: expect.stringMatching(`^/${parameter}/`),
        }),
      );
    }
    // The ids themselves still filter.
    const ok = async (url: string) => (await get(url)).json().items.length;
    expect(await ok('/api/v1/clinicians?specialty=cardiology&language=pl&country=PL')).toBe(1);
    expect(await ok('/api/v1/hospitals?network=ern-lung&country=PL')).toBe(1);
  });
});

describe('clinicians: retries and seeded data', () => {
  it('creates once when a POST is retried with the same Idempotency-Key', async () => {
    t = await directoryApp();
    const h = await t.hospital();
    const payload = {
      title: null,
      givenName: 'Ida',
      familyName: 'Idem',
      role: 'clinician',
      hospitalId: h.id,
      email: 'ida@example.org',
      phone: null,
      specialties: [],
      languages: [],
      networks: [],
      contactPerson: false,
    };
    const send = () =>
      t!.app.inject({
        method: 'POST',
        url: '/api/v1/clinicians',
        headers: { ...t!.admin, 'idempotency-key': 'create-ida-1' },
        payload,
      });
    const first = await send();
    const second = await send();
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json().id).toBe(first.json().id);
    // The replay carries the first answer's Location and ETag: the client can PATCH without a GET.
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(first.headers.location).toBe(`/api/v1/clinicians/${first.json().id}`);
    expect(second.headers.location).toBe(first.headers.location);
    expect(first.headers.etag).toBe('"1"');
    expect(second.headers.etag).toBe('"1"');
    const all = await t.app.inject({ url: '/api/v1/clinicians?q=idem', headers: t.admin });
    expect(all.json().items).toHaveLength(1);
    const patched = await t.app.inject({
      method: 'PATCH',
      url: second.headers.location as string,
      headers: { ...t.admin, 'if-match': second.headers.etag as string },
      payload: { title: 'Dr' },
    });
    expect(patched.statusCode).toBe(200);
  });

  it('replays a hospital creation with its Location and ETag', async () => {
    t = await directoryApp();
    const send = () =>
      t!.app.inject({
        method: 'POST',
        url: '/api/v1/hospitals',
        headers: { ...t!.admin, 'idempotency-key': 'create-hospital-1' },
        payload: { name: 'Riga East', city: 'Rīga', countryCode: 'LV', referenceCentre: false, networks: [] },
      });
    const first = await send();
    const second = await send();
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json()).toEqual(first.json());
    expect(second.headers.location).toBe(`/api/v1/hospitals/${first.json().id}`);
    expect(second.headers.etag).toBe('"1"');
  });

  it('finds clinicians of the demo seed (inserted by raw SQL) by folded names', async () => {
    t = await directoryApp();
    seedDemoDirectory(t.app.database, { clinicians: 400 });
    const row = t.app.database.sqlite
      .prepare("SELECT family_name AS f FROM clinicians WHERE family_name GLOB '*[^ -~]*' LIMIT 1")
      .get() as { f: string } | undefined;
    expect(row).toBeDefined();
    const folded = foldText(row!.f);
    const res = await t.app.inject({ url: `/api/v1/clinicians?q=${folded}&status=all`, headers: t.admin });
    expect(res.json().items.map((c: { familyName: string }) => c.familyName)).toContain(row!.f);
  });
});
