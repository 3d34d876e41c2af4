import { afterEach, describe, expect, it } from 'vitest';
import {
  type DirectoryTestApp,
  directoryApp,
  clinicianBody as fullClinicianBody,
  hospitalBody,
} from './helpers.js';

/**
 * The directory's text rules (api/src/directory/text-rules.ts): the schema's lengths also for the import,
 * which bypasses the JSON schema; no broken Unicode, control characters or invisible-only names.
 */

let t: DirectoryTestApp | undefined;
afterEach(async () => {
  await t?.app.close();
  t = undefined;
});

const app = () => t!;
const count = (table: string) =>
  (app().app.database.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

const clinicianBody = (hospitalId: number, body: Record<string, unknown> = {}) =>
  fullClinicianBody({ hospitalId, ...body });
const post = (url: string, payload: Record<string, unknown>) =>
  app().app.inject({ method: 'POST', url, headers: app().admin, payload });
const patch = (url: string, payload: Record<string, unknown>) =>
  app().app.inject({ method: 'PATCH', url, headers: { ...app().admin, 'if-match': '*' }, payload });

const upload = (csv: string) =>
  app().app.inject({
    method: 'POST',
    url: '/api/v1/imports?fileName=rules.csv',
    headers: { ...app().admin, 'content-type': 'text/csv' },
    payload: Buffer.from(csv),
  });

/** Expects a 422 with the project's error body naming exactly this field and code. */
function expectRefused(
  res: Awaited<ReturnType<typeof post>>,
  code: string,
  field: string,
  detailCode: string,
) {
  expect(res.statusCode, res.body).toBe(422);
  const error = res.json().error;
  expect(error.code).toBe(code);
  expect(error.details).toEqual([expect.objectContaining({ field, code: detailCode })]);
  return error.details[0] as { message: string };
}

describe('text rules through the API', () => {
  it('refuses hospital names and cities with NULs, lone surrogates or nothing visible (422, nothing stored)', async () => {
    t = await directoryApp();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ name: '\u0000\u0000' }, 'name', 'invalid_character'],
      [{ name: 'Szpital\u0007' }, 'name', 'invalid_character'],
      [{ name: 'Szpital \u0085' }, 'name', 'invalid_character'],
      [{ name: 'Szpital \uffff' }, 'name', 'invalid_character'],
      [{ name: '\u200f\u200f' }, 'name', 'no_visible_text'],
      [{ name: '\u200b\u200b\u200b' }, 'name', 'no_visible_text'],
      [{ name: '\ud800x' }, 'name', 'invalid_unicode'],
      [{ name: 'Szpital \udfff' }, 'name', 'invalid_unicode'],
      [{ city: '\u200b' }, 'city', 'no_visible_text'],
      [{ city: 'Łódź\u0000' }, 'city', 'invalid_character'],
      [{ city: '\udc00' }, 'city', 'invalid_unicode'],
    ];
    for (const [body, field, code] of cases) {
      expectRefused(await post('/api/v1/hospitals', hospitalBody(body)), 'invalid_hospital', field, code);
    }
    expect(count('hospitals')).toBe(0);
  });

  it('says a one-letter hospital name is too short, not empty', async () => {
    t = await directoryApp();
    const short = expectRefused(
      await post('/api/v1/hospitals', hospitalBody({ name: ' a ' })),
      'invalid_hospital',
      'name',
      'too_short',
    );
    expect(short.message).toBe('Name is shorter than 2 characters');
    const empty = expectRefused(
      await post('/api/v1/hospitals', hospitalBody({ name: '   ' })),
      'invalid_hospital',
      'name',
      'required',
    );
    expect(empty.message).toBe('Name is empty');
    expect(count('hospitals')).toBe(0);
  });

  it('refuses the same in a hospital PATCH, leaving the hospital as it was', async () => {
    t = await directoryApp();
    const h = await t.hospital();
    for (const [body, field, code] of [
      [{ name: '\u200f\u200f' }, 'name', 'no_visible_text'],
      [{ city: '\u0000' }, 'city', 'invalid_character'],
      [{ name: 'Szpital\ud800' }, 'name', 'invalid_unicode'],
    ] as const) {
      expectRefused(await patch(`/api/v1/hospitals/${h.id}`, body), 'invalid_hospital', field, code);
    }
    const read = (await t.app.inject({ url: `/api/v1/hospitals/${h.id}`, headers: t.admin })).json();
    expect(read).toMatchObject({ name: 'Szpital Kliniczny', city: 'Łódź', version: 1 });
  });

  it('refuses clinician text with NULs, lone surrogates or invisible-only names (422, nothing stored)', async () => {
    t = await directoryApp();
    const h = await t.hospital();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ givenName: '\u200b' }, 'givenName', 'no_visible_text'],
      [{ givenName: '\u0000' }, 'givenName', 'invalid_character'],
      // Hangul fillers are letters to Unicode and blank to the eye.
      [{ givenName: '\u3164' }, 'givenName', 'no_visible_text'],
      [{ familyName: '\u115f\u1160' }, 'familyName', 'no_visible_text'],
      // One line each: a CR would come back from an export as LF (no round trip).
      [{ givenName: 'Ann\rMarie' }, 'givenName', 'invalid_character'],
      [{ familyName: 'Nowak\tKowalska' }, 'familyName', 'invalid_character'],
      [{ familyName: 'Nowak\u2028Kowalska' }, 'familyName', 'invalid_character'],
      [{ familyName: '\u200f\u200e' }, 'familyName', 'no_visible_text'],
      [{ familyName: 'Kowal\ud800ska' }, 'familyName', 'invalid_unicode'],
      [{ title: '\u200b' }, 'title', 'no_visible_text'],
      [{ title: 'Dr\u0000' }, 'title', 'invalid_character'],
      [{ phone: '+48 42 123 45 67\u0000' }, 'phone', 'invalid_character'],
    ];
    for (const [body, field, code] of cases) {
      expectRefused(
        await post('/api/v1/clinicians', clinicianBody(h.id, body)),
        'invalid_clinician',
        field,
        code,
      );
    }
    expect(count('clinicians')).toBe(0);
  });

  it('refuses the same in a clinician PATCH, leaving the clinician as it was', async () => {
    t = await directoryApp();
    const h = await t.hospital();
    const c = await t.clinician({ hospitalId: h.id, givenName: 'Anna' });
    expectRefused(
      await patch(`/api/v1/clinicians/${c.id}`, { givenName: '\u200b' }),
      'invalid_clinician',
      'givenName',
      'no_visible_text',
    );
    expectRefused(
      await patch(`/api/v1/clinicians/${c.id}`, { familyName: '\udc00' }),
      'invalid_clinician',
      'familyName',
      'invalid_unicode',
    );
    const read = (await t.app.inject({ url: `/api/v1/clinicians/${c.id}`, headers: t.admin })).json();
    expect(read).toMatchObject({ givenName: 'Anna', familyName: c.familyName, version: 1 });
  });

  it('lets a record stored under older rules be corrected: only a changed value must pass them', async () => {
    t = await directoryApp({ logLevel: 'silent' });
    const h = await t.hospital();
    const c = await t.clinician({ hospitalId: h.id, givenName: 'Anna', email: 'anna@example.org' });
    // As an earlier version could store it: a name and a title refused since, an e-mail the
    // format check refuses.
    t.app.database.sqlite
      .prepare('UPDATE clinicians SET given_name = ?, title = ?, email = ? WHERE id = ?')
      .run('\u200b', 'Dr\u0001', 'anna@localhost', c.id);
    const res = await patch(`/api/v1/clinicians/${c.id}`, { phone: '+48 42 123 45 67' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ phone: '+48421234567', givenName: '\u200b', title: 'Dr\u0001' });
    // A changed value is checked as ever, the other kept ones still are not.
    expectRefused(
      await patch(`/api/v1/clinicians/${c.id}`, { givenName: '\u200f' }),
      'invalid_clinician',
      'givenName',
      'no_visible_text',
    );
    // The same through an import: a row changing only the phone is an update, not an error.
    const dry = await upload(`email,phone\nanna@localhost,+48 42 765 43 21\n`);
    expect(dry.statusCode, dry.body).toBe(201);
    expect(dry.json().rows[0]).toMatchObject({ outcome: 'updated' });

    // A hospital likewise: its city can be corrected while its old name stays as stored.
    t.app.database.sqlite.prepare('UPDATE hospitals SET name = ? WHERE id = ?').run('\u3164', h.id);
    const city = await patch(`/api/v1/hospitals/${h.id}`, { city: 'Zgierz' });
    expect(city.statusCode, city.body).toBe(200);
    expect(city.json()).toMatchObject({ name: '\u3164', city: 'Zgierz', version: 2 });
    expectRefused(
      await patch(`/api/v1/hospitals/${h.id}`, { name: '\u3164\u3164' }),
      'invalid_hospital',
      'name',
      'no_visible_text',
    );
  });

  it('refuses a null list (400: bodies are not coerced) and names an empty vocabulary value', async () => {
    t = await directoryApp();
    const h = await t.hospital();
    for (const field of ['specialties', 'networks'] as const) {
      const res = await post('/api/v1/clinicians', clinicianBody(h.id, { [field]: null }));
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
      const detail = expectRefused(
        await post('/api/v1/clinicians', clinicianBody(h.id, { [field]: [''] })),
        'invalid_clinician',
        field,
        'empty_value',
      );
      expect(detail.message).toBe(`Empty value in ${field}`);
    }
    const hospital = expectRefused(
      await post('/api/v1/hospitals', hospitalBody({ name: 'Other', networks: [''] })),
      'invalid_hospital',
      'networks',
      'empty_value',
    );
    expect(hospital.message).toBe('Empty value in networks');
    expect(count('clinicians')).toBe(0);
    expect(count('hospitals')).toBe(1);
  });

  it('keeps legitimate names of every script working', async () => {
    t = await directoryApp();
    const hospitals: [string, string][] = [
      ['Uniwersytecki Szpital Kliniczny w Łodzi', 'Łódź'],
      ['Ærø Sygehus', 'Ærøskøbing'],
      ['Γενικό Νοσοκομείο Αθηνών', 'Αθήνα'],
      ['\u200fمستشفى الجامعة\u200f', 'Valletta'],
      ['St. Mary’s (O’Brien Wing)', 'Dún Laoghaire'],
      ['H2', 'Ås'],
    ];
    for (const [name, city] of hospitals) {
      const res = await post('/api/v1/hospitals', hospitalBody({ name, city }));
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ name, city });
    }
    const h = (await post('/api/v1/hospitals', hospitalBody({ name: 'Charité', city: 'Berlin' }))).json();
    const people: Record<string, unknown>[] = [
      { title: 'Dr.', givenName: 'Jean-Pierre', familyName: "O'Brien" },
      { title: 'Prof. Dr. med.', givenName: 'Jürgen', familyName: 'Groß' },
      { title: null, givenName: 'Ελένη', familyName: 'Παπαδοπούλου' },
      { title: 'د.', givenName: '\u200fمحمد\u200f', familyName: 'عبد\u200fالله' },
      { title: null, givenName: 'דוד\u200f', familyName: '\u200fכהן' },
      { title: null, givenName: 'Anna\u00a0Maria', familyName: 'Nowak-Kowalska' },
      // 100 characters as the schema counts them (code points), 200 UTF-16 units.
      { title: null, givenName: '𝒜'.repeat(100), familyName: 'Astral' },
      { title: 'x'.repeat(40), givenName: 'L'.repeat(100), familyName: 'F'.repeat(100) },
    ];
    let n = 0;
    for (const person of people) {
      const res = await post(
        '/api/v1/clinicians',
        clinicianBody(h.id, { ...person, email: `p${++n}@example.org` }),
      );
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject(person);
    }
  });
});

describe('text rules through the import', () => {
  it('enforces the schema lengths and list sizes the JSON body would, naming the column', async () => {
    t = await directoryApp({ logLevel: 'silent' });
    const h = await t.hospital();
    const header = 'email,title,given_name,family_name,hospital_id,languages';
    const allLanguages = 'bg;cs;da;de;el;en;es;et;fi;fr;ga;hr;hu;is;it;lb;lt;lv;mt;nl;no';
    const rows: [string, string, string][] = [
      [`t@example.org,${'T'.repeat(41)},Anna,Nowak,${h.id},pl`, 'title', 'too_long'],
      [`g@example.org,,${'G'.repeat(101)},Nowak,${h.id},pl`, 'given_name', 'too_long'],
      [`f@example.org,,Anna,${'F'.repeat(101)},${h.id},pl`, 'family_name', 'too_long'],
      [`${'e'.repeat(250)}@example.org,,Anna,Nowak,${h.id},pl`, 'email', 'too_long'],
      [`l@example.org,,Anna,Nowak,${h.id},${allLanguages}`, 'languages', 'too_many'],
      [`ok@example.org,${'T'.repeat(40)},${'G'.repeat(100)},Nowak,${h.id},pl`, '', ''],
    ];
    const res = await upload([header, ...rows.map((r) => r[0])].join('\n'));
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.import.summary.dryRun).toMatchObject({ rows: 6, created: 1, error: 5 });
    rows.slice(0, -1).forEach(([, column], i) => {
      expect(body.rows[i].outcome).toBe('error');
      expect(body.rows[i].errors).toEqual([
        { column, reason: expect.stringMatching(/longer than|More than/) },
      ]);
    });
    expect(body.rows[5].outcome).toBe('created');
    const committed = await t.app.inject({
      method: 'POST',
      url: `/api/v1/imports/${body.import.id}/commit`,
      headers: t.admin,
    });
    expect(committed.statusCode).toBe(200);
    // Only the row within the limits was written.
    expect(count('clinicians')).toBe(1);
  });

  it('refuses invisible-only names and control characters in cells, naming the column', async () => {
    t = await directoryApp({ logLevel: 'silent' });
    const h = await t.hospital();
    const rows: [string, string, RegExp][] = [
      [`a@example.org,\u200b,Nowak,${h.id}`, 'given_name', /no visible letter/],
      [`b@example.org,Anna,\u200f\u200f,${h.id}`, 'family_name', /no visible letter/],
      [`c@example.org,An\u0001na,Nowak,${h.id}`, 'given_name', /control character or line break \(U\+0001\)/],
      [
        `d@example.org,Anna,Nowak\u007f,${h.id}`,
        'family_name',
        /control character or line break \(U\+007F\)/,
      ],
      // The body's e-mail format refuses this; the import's own pattern alone did not.
      // (A NUL makes the whole CSV binary, 415.)
      [`e\u0002@example.org,Anna,Nowak,${h.id}`, 'email', /control character or line break \(U\+0002\)/],
    ];
    const res = await upload(
      ['email,given_name,family_name,hospital_id', ...rows.map((r) => r[0])].join('\n'),
    );
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.import.summary.dryRun).toMatchObject({ rows: 5, created: 0, error: 5 });
    rows.forEach(([, column, reason], i) => {
      expect(body.rows[i]).toMatchObject({
        outcome: 'error',
        errors: [{ column, reason: expect.stringMatching(reason) }],
      });
    });
    expect(count('clinicians')).toBe(0);
  });
});
