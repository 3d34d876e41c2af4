import { afterEach, describe, expect, it } from 'vitest';
import { clinicianBody, type DirectoryTestApp, directoryApp } from './helpers.js';

/** Input as people paste it, through the clinician routes: nothing wrong may be stored without a word. */
let t: DirectoryTestApp;
afterEach(async () => t?.app.close());

const create = (body: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: '/api/v1/clinicians', headers: t.admin, payload: clinicianBody(body) });
const search = async (q: string) =>
  (await t.app.inject({ url: `/api/v1/clinicians?q=${encodeURIComponent(q)}`, headers: t.admin }))
    .json()
    .items.map((c: { familyName: string }) => c.familyName);

describe('clinician input as people paste it', () => {
  it('reads a fullwidth plus as the international prefix, not as a national number', async () => {
    t = await directoryApp();
    const vienna = await t.hospital({ name: 'AKH Wien', city: 'Wien', countryCode: 'AT' });
    // Typed with an East Asian input method: before, the ＋ was dropped and +43 put in front.
    const res = await create({ hospitalId: vienna.id, phone: '＋48 42 765 43 21' });
    expect(res.statusCode).toBe(201);
    expect(res.json().phone).toBe('+48427654321');
  });

  it('refuses a phone extension rather than dropping it', async () => {
    t = await directoryApp();
    const h = await t.hospital();
    for (const phone of ['+48 42 765 43 21 ext 5', '+44 20 7946 0958 x123', '+48427654321;ext=77']) {
      const res = await create({ hospitalId: h.id, phone });
      expect(res.statusCode, phone).toBe(422);
      expect(res.json().error.details).toEqual([
        expect.objectContaining({
          field: 'phone',
          code: 'invalid_phone',
          message: expect.stringMatching(/extension/),
        }),
      ]);
    }
    expect((await create({ hospitalId: h.id, phone: '+48 42 765 43 21' })).statusCode).toBe(201);
  });

  it('refuses characters that hide inside a name or reorder it, and keeps direction marks', async () => {
    t = await directoryApp();
    const h = await t.hospital();
    for (const givenName of ['A\u202eB', 'An\u200bna', 'An\u00adna', 'An\u2066na']) {
      const res = await create({ hospitalId: h.id, givenName });
      expect(res.statusCode, JSON.stringify(givenName)).toBe(422);
      expect(res.json().error.details[0]).toMatchObject({ field: 'givenName', code: 'invalid_character' });
    }
    expect((await create({ hospitalId: h.id, givenName: 'נועה\u200f' })).statusCode).toBe(201);
  });

  it('stores a decomposed name composed, so that it is found and compared as typed', async () => {
    t = await directoryApp();
    const h = await t.hospital();
    const res = await create({ hospitalId: h.id, familyName: 'Mu\u0308llerova' });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created.familyName).toBe('Müllerova');
    expect(await search('muellerova')).toEqual(['Müllerova']);
    // The same name sent decomposed again is no change.
    const again = await t.patchClinician(created.id, { familyName: 'Mu\u0308llerova' });
    expect(again.json().version).toBe(created.version);
  });

  it('does not check again a name stored decomposed under older rules when another field changes', async () => {
    t = await directoryApp();
    const h = await t.hospital();
    const c = await t.clinician({ hospitalId: h.id });
    // Decomposed, with a character refused since: stored before either rule.
    t.app.database.sqlite
      .prepare('UPDATE clinicians SET given_name = ? WHERE id = ?')
      .run('Mu\u0308ller\u200b', c.id);
    const res = await t.patchClinician(c.id, { phone: '+48 42 765 43 21' });
    expect(res.statusCode).toBe(200);
    expect(res.json().phone).toBe('+48427654321');
  });

  it('lets a clinician of a deactivated hospital be edited and deactivated, but not moved there', async () => {
    t = await directoryApp();
    const closing = await t.hospital({ name: 'Closing Hospital', city: 'Łódź' });
    const open = await t.hospital({ name: 'Open Hospital', city: 'Łódź' });
    const c = await t.clinician({ hospitalId: closing.id });
    const other = await t.clinician({ hospitalId: open.id });
    const deactivated = await t.deactivateHospital(closing.id);
    expect(deactivated.statusCode).toBe(200);

    const renamed = await t.patchClinician(c.id, { givenName: 'Zbigniew' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ givenName: 'Zbigniew', hospitalId: closing.id });
    expect((await t.patchClinician(c.id, { status: 'inactive' })).statusCode).toBe(200);

    const moved = await t.patchClinician(other.id, { hospitalId: closing.id });
    expect(moved.statusCode).toBe(422);
    expect(moved.json().error.details[0]).toMatchObject({ field: 'hospitalId', code: 'inactive_hospital' });
  });
});

describe('contact persons', () => {
  it('refuses a third active contact person of a hospital, whichever way they would become one', async () => {
    t = await directoryApp();
    const h = await t.hospital({ name: 'Hospital One', city: 'Łódź' });
    const other = await t.hospital({ name: 'Hospital Two', city: 'Łódź' });
    const first = await t.clinician({ hospitalId: h.id, contactPerson: true });
    await t.clinician({ hospitalId: h.id, contactPerson: true });
    const elsewhere = await t.clinician({ hospitalId: other.id, contactPerson: true });
    const colleague = await t.clinician({ hospitalId: h.id });

    const refused = (res: { statusCode: number; json(): { error: { details: unknown[] } } }) => {
      expect(res.statusCode).toBe(422);
      expect(res.json().error.details).toEqual([
        expect.objectContaining({ field: 'contactPerson', code: 'too_many_contact_persons' }),
      ]);
    };
    refused(await create({ hospitalId: h.id, contactPerson: true, email: 'third@example.org' }));
    refused(await t.patchClinician(colleague.id, { contactPerson: true }));
    refused(await t.patchClinician(elsewhere.id, { hospitalId: h.id }));
    // Handing the role over: one steps down, then another takes it.
    expect((await t.patchClinician(first.id, { contactPerson: false })).statusCode).toBe(200);
    expect((await t.patchClinician(colleague.id, { contactPerson: true })).statusCode).toBe(200);
    // An inactive contact person does not count, and cannot come back while two are active.
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/clinicians/${colleague.id}/deactivate`,
      headers: { ...t.admin, 'if-match': '*' },
    });
    expect((await t.patchClinician(first.id, { contactPerson: true })).statusCode).toBe(200);
    refused(await t.patchClinician(colleague.id, { status: 'active' }));
  });
});
