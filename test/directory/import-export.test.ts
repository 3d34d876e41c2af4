import { randomBytes } from 'node:crypto';
import { migrateDatabase } from '@cmss/db';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import JSZip from 'jszip';
import { afterEach, describe, expect, it } from 'vitest';
import { type DirectoryTestApp, directoryApp } from './helpers.js';

let t: DirectoryTestApp;
afterEach(async () => t?.app.close());

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function setup() {
  t = await directoryApp({ logLevel: (process.env.TEST_LOG as 'error') ?? 'silent' });
  const lodz = await t.hospital({ name: 'Szpital Kliniczny', city: 'Łódź', countryCode: 'PL' });
  const berlin = await t.hospital({ name: 'Charité', city: 'Berlin', countryCode: 'DE' });
  return { lodz, berlin };
}

const upload = (body: Buffer | string, type = 'text/csv', fileName: string | null = 'upload.csv') =>
  t.app.inject({
    method: 'POST',
    url: fileName === null ? '/api/v1/imports' : `/api/v1/imports?fileName=${fileName}`,
    headers: { ...t.admin, 'content-type': type },
    payload: typeof body === 'string' ? Buffer.from(body) : body,
  });
const commit = (id: string) =>
  t.app.inject({ method: 'POST', url: `/api/v1/imports/${id}/commit`, headers: t.admin });
const count = (table: string) =>
  (t.app.database.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
const clinicianByEmail = async (email: string) => {
  const res = await t.app.inject({ url: `/api/v1/clinicians?status=all&limit=200`, headers: t.admin });
  return (res.json().items as { email: string }[]).find((c) => c.email.toLowerCase() === email.toLowerCase());
};

/** The dry run of a small CSV with the minimal columns (`rows` without the header). */
const dryRun = async (...rows: string[]) =>
  (await upload(['email,given_name,family_name,hospital_id', ...rows].join('\n'))).json();
/** Family names a type-ahead search finds. */
const found = async (q: string) =>
  (await t.app.inject({ url: `/api/v1/clinicians?q=${q}`, headers: t.admin }))
    .json()
    .items.map((c: { familyName: string }) => c.familyName);
/** Throws unless the external-content FTS index matches the clinicians table row for row. */
const checkSearchIndex = () =>
  t.app.database.sqlite.exec(
    "INSERT INTO clinicians_fts(clinicians_fts, rank) VALUES ('integrity-check', 1)",
  );

/**
 * Clinicians whose names a spreadsheet would take for formulas (and one that already looks guarded),
 * three at the Łódź hospital and one in Berlin, for the export tests.
 */
async function formulaLookingDirectory(formula: string, email: string) {
  const { lodz, berlin } = await setup();
  await t.clinician({
    hospitalId: lodz.id,
    givenName: formula,
    familyName: '@SUM(A1)',
    email,
    phone: '+48 42 123 45 67',
  });
  await t.clinician({
    hospitalId: lodz.id,
    givenName: '-Minus',
    familyName: '+Plus',
    email: 'm@example.org',
  });
  // Values that already start with apostrophes must come back as they are.
  await t.clinician({ hospitalId: lodz.id, givenName: "'=x", familyName: "''-y", email: 'q@example.org' });
  await t.clinician({
    hospitalId: berlin.id,
    givenName: 'Bert',
    familyName: 'Berliner',
    email: 'b@example.org',
  });
  return { lodz, berlin };
}

/** A cell of an exported worksheet as a spreadsheet reads it from the XML (not through exceljs). */
type ExcelCell = {
  type: 'text' | 'number' | 'empty' | 'formula-result' | 'other';
  value: string;
  quotePrefix?: boolean;
};
const unescapeXml = (text: string) =>
  text.replace(
    /&(lt|gt|quot|apos|amp);/g,
    (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!,
  );
/** Column letters to a 0-based index ("A" → 0). */
const columnIndex = (letters: string) => [...letters].reduce((n, l) => n * 26 + l.charCodeAt(0) - 64, 0) - 1;

/**
 * The first worksheet's cells row by row (a cell the row does not write is empty), the references of
 * formula cells, and each text cell's quotePrefix (from the cell format its `s` names in styles.xml).
 */
async function excelView(file: Buffer) {
  const zip = await JSZip.loadAsync(file);
  const sheetXml = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
  const stylesXml = await zip.file('xl/styles.xml')!.async('string');
  const sharedXml = await zip.file('xl/sharedStrings.xml')?.async('string');
  const texts = (xml: string) =>
    unescapeXml([...xml.matchAll(/<t\b[^>]*>(.*?)<\/t>/gs)].map((m) => m[1]).join(''));
  const shared = [...(sharedXml ?? '').matchAll(/<si>(.*?)<\/si>/gs)].map((m) => texts(m[1]!));
  const cellXfs = /<cellXfs[^>]*>(.*?)<\/cellXfs>/s.exec(stylesXml)![1]!;
  const quotePrefixed = [...cellXfs.matchAll(/<xf\b([^>]*?)\/?>/g)].map((m) =>
    /\bquotePrefix="(1|true)"/.test(m[1]!),
  );
  const formulas: string[] = [];
  const readCell = (ref: string, attrs: string, inner: string): ExcelCell => {
    const t = /\bt="(\w+)"/.exec(attrs)?.[1];
    const s = Number(/\bs="(\d+)"/.exec(attrs)?.[1] ?? 0);
    if (inner.includes('<f')) formulas.push(ref);
    const v = /<v>(.*?)<\/v>/s.exec(inner)?.[1];
    if (t === 'inlineStr' || t === 's') {
      const value = t === 's' ? shared[Number(v)]! : texts(inner);
      return { type: 'text', value, quotePrefix: quotePrefixed[s] ?? false };
    }
    if (t === 'str') return { type: 'formula-result', value: unescapeXml(v ?? '') };
    if (t === undefined || t === 'n') {
      return v === undefined ? { type: 'empty', value: '' } : { type: 'number', value: v };
    }
    return { type: 'other', value: v ?? '' };
  };
  const rows = [...sheetXml.matchAll(/<row\b[^>]*>(.*?)<\/row>/gs)].map((row) => {
    const cells: ExcelCell[] = [];
    for (const [, letters, line, attrs, inner] of row[1]!.matchAll(
      /<c r="([A-Z]+)(\d+)"([^>]*?)(?:\/>|>(.*?)<\/c>)/gs,
    )) {
      cells[columnIndex(letters!)] = readCell(`${letters}${line}`, attrs!, inner ?? '');
    }
    return Array.from(cells, (c): ExcelCell => c ?? { type: 'empty', value: '' });
  });
  return { rows, formulas };
}

describe('import: dry run, commit, idempotency', () => {
  it('reports per-row outcomes, writes nothing until commit, then upserts by e-mail', {
    timeout: 60_000,
  }, async () => {
    const { lodz } = await setup();
    await t.clinician({
      hospitalId: lodz.id,
      email: 'existing@example.org',
      familyName: 'Kowalska',
      givenName: 'Anna',
    });
    const csv = [
      'E-mail address;First name;Surname;Hospital;Country;Telephone;Specialty;Languages;Contact person',
      'new.one@example.org;Jan;Nowak;Szpital Kliniczny;Poland;42 123 45 67;Cardiology;pl, en;yes',
      'EXISTING@example.org;Anna;Kowalska-Nowak;Szpital Kliniczny;PL;;;pl;no',
      'broken@example.org;Eva;Bad;Nowhere Hospital;PL;12;astrology;pl;maybe',
      // Row 2 again, written otherwise (country code, phone spacing, capitals, list order): imported once.
      'new.one@example.org;Jan;Nowak;Szpital Kliniczny;PL;+48 42 1234567;CARDIOLOGY;en, pl;Yes',
    ].join('\r\n');
    const dry = await upload(csv);
    expect(dry.statusCode).toBe(201);
    const body = dry.json();
    expect(body.import).toMatchObject({ status: 'dry_run', format: 'csv', encoding: 'utf-8' });
    expect(body.import.summary.dryRun).toEqual({ rows: 4, created: 1, updated: 1, unchanged: 0, error: 2 });
    expect(body.rows[0]).toMatchObject({ row: 2, outcome: 'created', email: 'new.one@example.org' });
    expect(body.rows[1]).toMatchObject({ row: 3, outcome: 'updated', changes: ['family_name', 'languages'] });
    expect(body.rows[2].outcome).toBe('error');
    expect(body.rows[2].errors).toEqual(
      expect.arrayContaining([
        { column: 'specialties', reason: '"astrology" is not in the list of specialties' },
        { column: 'contact_person', reason: '"maybe" is not yes or no' },
        { column: 'hospital', reason: 'no hospital named "Nowhere Hospital" in PL' },
      ]),
    );
    expect(body.rows[3]).toMatchObject({
      row: 5,
      outcome: 'error',
      errors: [{ column: 'email', reason: 'repeats row 2 (same e-mail and values), which is read instead' }],
    });
    // Dry run: the directory is untouched.
    expect(await clinicianByEmail('new.one@example.org')).toBeUndefined();
    expect((await clinicianByEmail('existing@example.org')) as unknown).toMatchObject({
      familyName: 'Kowalska',
    });

    const committed = await commit(body.import.id);
    expect(committed.statusCode).toBe(200);
    expect(committed.json().summary.commit).toEqual({
      rows: 4,
      created: 1,
      updated: 1,
      unchanged: 0,
      error: 2,
    });
    expect(await clinicianByEmail('new.one@example.org')).toMatchObject({
      familyName: 'Nowak',
      phone: '+48421234567',
      specialties: ['cardiology'],
      languages: ['en', 'pl'],
      contactPerson: true,
    });
    expect(await clinicianByEmail('existing@example.org')).toMatchObject({
      familyName: 'Kowalska-Nowak',
      languages: ['pl'],
    });
    expect(await clinicianByEmail('broken@example.org')).toBeUndefined();

    const again = await commit(body.import.id);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('already_committed');

    // The same file again changes nothing.
    const second = (await upload(csv)).json();
    expect(second.import.summary.dryRun).toEqual({ rows: 4, created: 0, updated: 0, unchanged: 2, error: 2 });
    const before = count('clinicians');
    const versions = t.app.database.sqlite.prepare('SELECT group_concat(version) AS v FROM clinicians').get();
    expect((await commit(second.import.id)).json().summary.commit).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 2,
    });
    expect(count('clinicians')).toBe(before);
    expect(t.app.database.sqlite.prepare('SELECT group_concat(version) AS v FROM clinicians').get()).toEqual(
      versions,
    );
  });

  it('imports neither row when two rows give one e-mail other values, for a new or an existing clinician', async () => {
    const { lodz } = await setup();
    const existing = await t.clinician({
      hospitalId: lodz.id,
      email: 'existing@example.org',
      familyName: 'Kowalska',
    });
    const csv = [
      'email;given_name;family_name;hospital;country;phone',
      'moved@example.org;Jan;Nowak;Szpital Kliniczny;PL;',
      'existing@example.org;Anna;Kowalska;Szpital Kliniczny;PL;',
      'kept@example.org;Ewa;Lis;Szpital Kliniczny;PL;',
      'MOVED@example.org;Jan;Nowak-Kowalski;Szpital Kliniczny;PL;',
      'existing@example.org;Anna;Kowalska-Lis;Szpital Kliniczny;PL;',
      'moved@example.org;Jan;Nowak;Szpital Kliniczny;PL;',
      'moved@example.org;Janek;Nowak;Szpital Kliniczny;PL;12',
      // A new clinician's e-mail in other capitals is no other value.
      'Kept@Example.org;Ewa;Lis;Szpital Kliniczny;Poland;',
    ].join('\r\n');
    const body = (await upload(csv)).json();
    expect(body.import.summary.dryRun).toEqual({ rows: 8, created: 1, updated: 0, unchanged: 0, error: 7 });
    const guess =
      'with other values: which row is meant is a guess, so neither is imported; keep one of them';
    const errors = Object.fromEntries(
      body.rows.map((r: { row: number; errors?: { column: string; reason: string }[] }) => [r.row, r.errors]),
    );
    expect(errors).toEqual({
      2: [{ column: 'email', reason: `same e-mail as rows 5, 8, ${guess}` }],
      3: [{ column: 'email', reason: `same e-mail as row 6, ${guess}` }],
      4: undefined,
      5: [{ column: 'email', reason: `same e-mail as row 2, ${guess}` }],
      6: [{ column: 'email', reason: `same e-mail as row 3, ${guess}` }],
      7: [{ column: 'email', reason: 'repeats row 2 (same e-mail and values), which is read instead' }],
      // The repeat's own errors are named with it: one correction of the file is enough.
      8: [
        { column: 'email', reason: `same e-mail as row 2, ${guess}` },
        { column: 'phone', reason: expect.stringContaining('"12"') },
      ],
      9: [{ column: 'email', reason: 'repeats row 4 (same e-mail and values), which is read instead' }],
    });
    // A repeat of an existing clinician's row names the clinician, as its other error rows do.
    expect(body.rows.find((r: { row: number }) => r.row === 6).clinicianId).toBe(existing.id);
    expect((await commit(body.import.id)).json().summary.commit).toMatchObject({ created: 1, updated: 0 });
    expect(await clinicianByEmail('moved@example.org')).toBeUndefined();
    expect(await clinicianByEmail('kept@example.org')).toMatchObject({ familyName: 'Lis' });
    expect(await clinicianByEmail('existing@example.org')).toMatchObject({ familyName: 'Kowalska' });
  });

  it("names a repeat's own errors when the row it repeats is an error too", async () => {
    const { lodz } = await setup();
    const csv = [
      'email;given_name;family_name;hospital_id;phone',
      `bad@example.org;Eva;Bad;${lodz.id};+48 12`,
      `bad@example.org;Eva;Bad;${lodz.id};+48 13`,
    ].join('\r\n');
    const rows = (await upload(csv)).json().rows;
    expect(rows[1].errors).toEqual([
      { column: 'email', reason: 'same e-mail as row 2: keep one of them' },
      { column: 'phone', reason: expect.stringContaining('"+48 13"') },
    ]);
  });

  it('makes a commit searchable at once, cached queries included, and leaves the search triggers in place', async () => {
    const { lodz } = await setup();
    await t.clinician({ hospitalId: lodz.id, email: 'existing@example.org', familyName: 'Kowalska' });
    // Asked before the import, so a stale cache would answer the questions below.
    expect(await found('nowak')).toEqual([]);
    expect(await found('kowalska')).toEqual(['Kowalska']);
    const triggers = () =>
      t.app.database.sqlite
        .prepare(
          "SELECT group_concat(name) AS names FROM (SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name)",
        )
        .get();
    const triggersBefore = triggers();

    const importRows = async (...rows: string[]) =>
      (
        await commit(
          (await upload(['email,given_name,family_name,hospital_id,languages', ...rows].join('\r\n'))).json()
            .import.id,
        )
      ).json().summary.commit;
    // Only new rows first (no update trigger fires), then an update.
    expect(await importRows(`new.one@example.org,Jan,Nowak,${lodz.id},pl`)).toMatchObject({ created: 1 });
    expect(await found('nowak')).toEqual(['Nowak']);
    expect(
      await importRows(
        `new.two@example.org,Ewa,Nowakowska,${lodz.id},pl`,
        `existing@example.org,Anna,Wiśniewska,${lodz.id},pl`,
      ),
    ).toMatchObject({ created: 1, updated: 1 });

    expect(await found('nowak')).toEqual(['Nowak', 'Nowakowska']);
    expect(await found('wisniewska')).toEqual(['Wiśniewska']);
    expect(await found('kowalska')).toEqual([]);
    expect(triggers()).toEqual(triggersBefore);
    // The external-content FTS index matches the table row for row.
    checkSearchIndex();
    // An import of updates only: cached answers are dropped too.
    expect(await importRows(`existing@example.org,Anna,Dąbrowska,${lodz.id},pl`)).toMatchObject({
      created: 0,
      updated: 1,
    });
    expect(await found('wisniewska')).toEqual([]);
    expect(await found('dabrowska')).toEqual(['Dąbrowska']);
    expect(triggers()).toEqual(triggersBefore);
    checkSearchIndex();
    // And the triggers work again for the next single insert.
    await t.clinician({ hospitalId: lodz.id, familyName: 'Zielińska' });
    expect(await found('zielinska')).toEqual(['Zielińska']);
  });

  it('refuses to commit a dry run the directory has overtaken, writing nothing (409)', async () => {
    const { lodz } = await setup();
    const dry = await dryRun(`a@example.org,A,Alpha,${lodz.id}`, `b@example.org,B,Beta,${lodz.id}`);
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/hospitals/${lodz.id}/deactivate`,
      headers: { ...t.admin, 'if-match': '*' },
    });
    const res = await commit(dry.import.id);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('stale_dry_run');
    expect(count('clinicians')).toBe(0);
  });

  it('names the row whose e-mail was taken since the dry run (409, nothing written)', async () => {
    const { lodz } = await setup();
    const dry = await dryRun(`a@example.org,A,Alpha,${lodz.id}`, `b@example.org,B,Beta,${lodz.id}`);
    await t.clinician({ hospitalId: lodz.id, email: 'B@Example.org', familyName: 'Taken' });
    const res = await commit(dry.import.id);
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'stale_dry_run', details: { row: 3 } });
    expect(res.json().error.message).toMatch(/b@example\.org was added to the directory since the dry run/);
    expect(count('clinicians')).toBe(1);
    expect(count('clinician_languages')).toBe(0);
  });

  it('asks for a new dry run when one stored by an earlier version lacks the derived columns (409)', async () => {
    const { lodz } = await setup();
    const dry = await dryRun(`old@example.org,Olga,Old,${lodz.id}`);
    // What the previous version stored for a created row: the validated input only, as JSON text.
    t.app.database.sqlite
      .prepare(
        `UPDATE directory_import_rows SET data = json_remove(json(data), '$.emailNormalised', '$.searchName',
           '$.searchText', '$.sortName', '$.hospitalVersion') WHERE import_id = ?`,
      )
      .run(dry.import.id);
    const res = await commit(dry.import.id);
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'stale_dry_run', details: { row: 2 } });
    expect(count('clinicians')).toBe(0);
  });

  it('commits a dry run stored before the upgrade that numbers created rows (migration 0009)', async () => {
    const { lodz } = await setup();
    const dry = await dryRun(
      `a@example.org,Ada,Alpha,${lodz.id}`,
      'b@example.org,Bea,Beta,999999', // unknown hospital: an error row
      `c@example.org,Cyd,Gamma,${lodz.id}`,
    );
    // The database as the version before 0009 left it: no created_ordinal (nor the response_headers of
    // 0012), migrations 0009 and later not applied (they run again; the later ones are safe to).
    const db = t.app.database;
    db.sqlite.exec(`ALTER TABLE directory_import_rows DROP COLUMN created_ordinal;
      ALTER TABLE idempotency_keys DROP COLUMN response_headers;
      DELETE FROM __drizzle_migrations
       WHERE created_at >= (SELECT created_at FROM __drizzle_migrations ORDER BY created_at LIMIT 1 OFFSET 9)`);
    migrateDatabase(db);
    expect((await commit(dry.import.id)).statusCode).toBe(200);
    const linked = db.sqlite
      .prepare(
        `SELECT r.email, c.email AS clinician FROM directory_import_rows r LEFT JOIN clinicians c ON c.id = r.clinician_id
          WHERE r.import_id = ? ORDER BY r.row_number`,
      )
      .all(dry.import.id);
    expect(linked).toEqual([
      { email: 'a@example.org', clinician: 'a@example.org' },
      { email: 'b@example.org', clinician: null },
      { email: 'c@example.org', clinician: 'c@example.org' },
    ]);
  });

  it('never gives an imported clinician the id of an erased one', async () => {
    const { lodz } = await setup();
    const first = await dryRun(`a@example.org,Ada,Alpha,${lodz.id}`, `b@example.org,Bea,Beta,${lodz.id}`);
    expect((await commit(first.import.id)).statusCode).toBe(200);
    const sqlite = t.app.database.sqlite;
    const idOf = (email: string) =>
      sqlite.prepare('SELECT id FROM clinicians WHERE email = ?').pluck().get(email) as number;
    const erased = idOf('b@example.org');
    sqlite.prepare('DELETE FROM clinicians WHERE id = ?').run(erased); // as erasure does
    const second = await dryRun(`c@example.org,Cyd,Gamma,${lodz.id}`);
    expect((await commit(second.import.id)).statusCode).toBe(200);
    expect(idOf('c@example.org')).toBe(erased + 1);
    checkSearchIndex();
  });

  it('accounts for every row in the commit summary when a clinician was erased after the dry run', async () => {
    const { lodz } = await setup();
    const a = await t.clinician({ hospitalId: lodz.id, email: 'a@example.org', familyName: 'Alpha' });
    await t.clinician({ hospitalId: lodz.id, email: 'b@example.org', familyName: 'Beta' });
    const dry = await dryRun(
      `a@example.org,Anna,Alphabet,${lodz.id}`,
      `b@example.org,Anna,Betamax,${lodz.id}`,
      `c@example.org,Cyd,Gamma,${lodz.id}`,
    );
    expect(dry.import.summary.dryRun).toMatchObject({ rows: 3, created: 1, updated: 2 });
    const erased = await t.app.inject({
      method: 'POST',
      url: `/api/v1/clinicians/${a.id}/erasure`,
      headers: t.admin,
      payload: {},
    });
    expect(erased.statusCode).toBe(200);
    const summary = (await commit(dry.import.id)).json().summary.commit;
    // The erasure took the erased clinician's row out of the import: two rows are left, both counted.
    expect(summary).toEqual({ rows: 2, created: 1, updated: 1, unchanged: 0, error: 0 });
    expect(await found('betamax')).toEqual(['Betamax']);
  });

  it('indexes new rows by their hospital as it is at commit, not at the dry run', async () => {
    const { lodz } = await setup();
    const dry = await dryRun(`c@example.org,Celina,Gamma,${lodz.id}`);
    const moved = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/hospitals/${lodz.id}`,
      headers: { ...t.admin, 'if-match': '*' },
      payload: { name: 'Szpital Uniwersytecki', city: 'Kraków' },
    });
    expect(moved.statusCode).toBe(200);
    expect((await commit(dry.import.id)).statusCode).toBe(200);
    expect(await found('krakow')).toEqual(['Gamma']);
    expect(await found('uniwersytecki')).toEqual(['Gamma']);
    expect(await found('lodz')).toEqual([]);
    expect(await found('kliniczny')).toEqual([]);
    checkSearchIndex();
  });

  it('names a hospital_id that is no id as it was written', async () => {
    const { lodz } = await setup();
    const ids = ['100000000000000000000000', '9007199254740993', '-1', '1.5', '0x10', '1e3'];
    const body = await dryRun(
      ...ids.map((id, i) => `h${i}@example.org,Ewa,Nowak,${id}`),
      `ok@example.org,Ewa,Nowak,0${lodz.id}`,
    );
    expect(body.rows.slice(0, ids.length).map((r: { errors: unknown }) => r.errors)).toEqual(
      ids.map((id) => [{ column: 'hospital_id', reason: `"${id}" is not a hospital id` }]),
    );
    expect(body.rows[ids.length]).toMatchObject({ outcome: 'created' });
  });

  it('checks a phone the row changes, not the one stored (a number valid when it was stored stays usable)', async () => {
    const { lodz } = await setup();
    const kept = await t.clinician({
      hospitalId: lodz.id,
      email: 'kept@example.org',
      phone: '+48 42 123 45 67',
    });
    await t.clinician({ hospitalId: lodz.id, email: 'changed@example.org' });
    // As if the phone library's metadata no longer knew the range the stored number is in.
    t.app.database.sqlite.prepare("UPDATE clinicians SET phone = '+48999' WHERE id = ?").run(kept.id);
    const dry = (
      await upload(
        [
          'email,given_name,family_name,hospital_id,phone,languages',
          `kept@example.org,Kept,Number,${lodz.id},+48999,pl;en`,
          `changed@example.org,Changed,Number,${lodz.id},+48 12,pl`,
        ].join('\n'),
      )
    ).json();
    expect(dry.rows.map((r: { outcome: string }) => r.outcome)).toEqual(['updated', 'error']);
    expect(dry.rows[1].errors).toEqual([{ column: 'phone', reason: expect.stringContaining('+48 12') }]);
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/clinicians/${kept.id}`,
      headers: { ...t.admin, 'if-match': '*' },
      payload: { languages: ['pl'] },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().phone).toBe('+48999');
  });

  it('commits updated rows as the dry run stored them, rewriting only the lists a row changes', async () => {
    const { lodz } = await setup();
    const lists = { specialties: ['cardiology'], languages: ['pl'], networks: ['cmss-covid19'] };
    const a = await t.clinician({
      hospitalId: lodz.id,
      email: 'a@example.org',
      familyName: 'Kowalska',
      ...lists,
    });
    await t.clinician({ hospitalId: lodz.id, email: 'b@example.org', familyName: 'Zielińska', ...lists });
    const dry = (
      await upload(
        [
          'email,given_name,family_name,hospital_id,languages,status',
          `a@example.org,Anna,Nowakowska,${lodz.id},pl;en,inactive`,
          `b@example.org,Anna,Zielińska,${lodz.id},pl,active`,
        ].join('\n'),
      )
    ).json();
    expect(dry.rows.map((r: { changes?: string[] }) => r.changes)).toEqual([
      ['family_name', 'languages', 'status'],
      undefined,
    ]);
    expect((await commit(dry.import.id)).json().summary.commit).toMatchObject({ updated: 1, unchanged: 1 });
    const stored = (await t.app.inject({ url: `/api/v1/clinicians/${a.id}`, headers: t.admin })).json();
    expect(stored).toMatchObject({
      familyName: 'Nowakowska',
      status: 'inactive',
      version: a.version + 1,
      specialties: ['cardiology'],
      languages: ['en', 'pl'],
      networks: ['cmss-covid19'],
    });
    const ids = async (query: string) =>
      (await t.app.inject({ url: `/api/v1/clinicians?status=all&${query}`, headers: t.admin }))
        .json()
        .items.map((c: { id: number }) => c.id);
    expect(await ids('q=nowakowska')).toEqual([a.id]);
    expect(await ids('q=kowalska')).toEqual([]);
    expect(await ids('language=en')).toEqual([a.id]);
    checkSearchIndex();
  });

  it('applies an updated row to the clinician as it is at commit when it was edited after the dry run', async () => {
    const { lodz } = await setup();
    const a = await t.clinician({ hospitalId: lodz.id, email: 'a@example.org', languages: ['pl'] });
    const b = await t.clinician({ hospitalId: lodz.id, email: 'b@example.org' });
    const dry = (
      await upload(
        [
          'email,given_name,family_name,hospital_id,phone',
          `a@example.org,${a.givenName},${a.familyName},${lodz.id},+48 42 123 45 67`,
          `b@example.org,${b.givenName},${b.familyName},${lodz.id},+48 42 765 43 21`,
        ].join('\n'),
      )
    ).json();
    expect(dry.import.summary.dryRun).toMatchObject({ updated: 2 });
    const patch = t.patchClinician;
    // Edits since the dry run: a field the file does not change, and the very change the file makes.
    expect((await patch(a.id, { languages: ['de'] })).statusCode).toBe(200);
    expect((await patch(b.id, { phone: '+48 42 765 43 21' })).statusCode).toBe(200);

    expect((await commit(dry.import.id)).json().summary.commit).toMatchObject({ updated: 1, unchanged: 1 });
    expect(await clinicianByEmail('a@example.org')).toMatchObject({
      phone: '+48421234567',
      languages: ['de'],
    });
    expect(await clinicianByEmail('b@example.org')).toMatchObject({
      phone: '+48427654321',
      version: b.version + 1,
    });
  });

  it('commits updated rows of a dry run stored before rows carried the clinician version', async () => {
    const { lodz } = await setup();
    await t.clinician({ hospitalId: lodz.id, email: 'a@example.org', familyName: 'Kowalska' });
    const dry = await dryRun(`a@example.org,Anna,Nowakowska,${lodz.id}`);
    t.app.database.sqlite
      .prepare("UPDATE directory_import_rows SET data = jsonb_remove(data, '$.clinicianVersion')")
      .run();
    expect((await commit(dry.import.id)).json().summary.commit).toMatchObject({ updated: 1 });
    expect(await found('nowakowska')).toEqual(['Nowakowska']);
    checkSearchIndex();
  });

  it('reads Windows-1252, UTF-16 (with BOM, and without in Latin or Greek text) and UTF-8 with BOM, and multipart uploads', {
    timeout: 60_000,
  }, async () => {
    const { lodz, berlin } = await setup();
    const text = `email\tgiven_name\tfamily_name\thospital_id\r\nf@example.org\tFrançois\tMüller\t${berlin.id}\r\n`;
    const cp1252 = (await upload(iconv.encode(text, 'win1252'), 'text/csv')).json();
    expect(cp1252.import.encoding).toBe('windows-1252');
    expect(cp1252.rows[0]).toMatchObject({ outcome: 'created' });
    await commit(cp1252.import.id);
    expect(await clinicianByEmail('f@example.org')).toMatchObject({
      givenName: 'François',
      familyName: 'Müller',
    });

    const utf16 = `email,given_name,family_name,hospital_id\nl@example.org,Łucja,Żółć,${lodz.id}\n`;
    const le = (
      await upload(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(utf16, 'utf16le')]))
    ).json();
    expect(le.import.encoding).toBe('utf-16le');
    await commit(le.import.id);
    expect(await clinicianByEmail('l@example.org')).toMatchObject({ givenName: 'Łucja', familyName: 'Żółć' });

    // Without BOM, in Greek: fewer NULs (only beside the ASCII), but all on one side of the pairs.
    const greek = `email,given_name,family_name,hospital_id\ng@example.org,Γεώργιος,Παπαδοπουλόπουλος,${lodz.id}\n`;
    for (const encoding of ['utf16le', 'utf16be'] as const) {
      const res = await upload(iconv.encode(greek.replace('g@', `${encoding}@`), encoding));
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().import.encoding).toBe(encoding.replace('utf16', 'utf-16'));
      expect(res.json().rows[0]).toMatchObject({ outcome: 'created' });
    }

    const bom = (
      await upload(`\uFEFFEMAIL,Given Name,Family Name,Hospital ID\nz@example.org,Zoë,Ødegård,${lodz.id}\n`)
    ).json();
    expect(bom.import.encoding).toBe('utf-8');
    expect(bom.ignoredColumns).toEqual([]);
    await commit(bom.import.id);
    expect(await clinicianByEmail('z@example.org')).toMatchObject({
      givenName: 'Zoë',
      familyName: 'Ødegård',
    });

    const boundary = 'XyZ';
    const multipartBody = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="m.csv"\r\nContent-Type: text/csv\r\n\r\n` +
        `email,given_name,family_name,hospital_id\r\nm@example.org,Mia,Multi,${lodz.id}\r\n--${boundary}--\r\n`,
    );
    const mp = await upload(multipartBody, `multipart/form-data; boundary=${boundary}`, null);
    expect(mp.statusCode).toBe(201);
    expect(mp.json().import.fileName).toBe('m.csv');
  });

  it('reads XLSX workbooks', async () => {
    const { lodz } = await setup();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Clinicians');
    ws.addRow(['E-mail', 'First name', 'Last name', 'Hospital ID', 'Phone', 'Contact person', 'Notes']);
    ws.addRow(['x@example.org', 'Xenia', 'Xylo', lodz.id, '+48 42 123 45 67', 'x', 'ignored']);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await upload(file, XLSX, 'list.xlsx');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().import.format).toBe('xlsx');
    expect(res.json().ignoredColumns).toEqual(['Notes']);
    expect(res.json().rows[0]).toMatchObject({ row: 2, outcome: 'created' });
    await commit(res.json().import.id);
    expect(await clinicianByEmail('x@example.org')).toMatchObject({
      phone: '+48421234567',
      contactPerson: true,
    });
  });

  it('serves CSV and XLSX templates with the import columns', async () => {
    await setup();
    const csv = await t.app.inject({ url: '/api/v1/imports/template.csv', headers: t.admin });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body.replace('\uFEFF', '').split('\r\n')[0]).toBe(
      'email,title,given_name,family_name,role,hospital_id,hospital,country,phone,specialties,languages,networks,contact_person,status',
    );
    const xlsx = await t.app.inject({ url: '/api/v1/imports/template.xlsx', headers: t.admin });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getRow(1).getCell(1).text).toBe('email');
  });
});

describe('import: malformed files are refused with a reason and nothing written', () => {
  const nothingWritten = () => {
    expect(count('clinicians')).toBe(0);
    expect(count('directory_imports')).toBe(0);
    expect(count('directory_import_rows')).toBe(0);
  };

  it('refuses a file of the wrong type (415)', async () => {
    await setup();
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
      randomBytes(2000),
    ]);
    const res = await upload(png, 'application/octet-stream', 'photo.png');
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('unsupported_file_type');
    const json = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { ...t.admin, 'content-type': 'application/json' },
      payload: { hello: 'world' },
    });
    expect(json.statusCode).toBe(415);
    // A type the route has no reader for at all is refused before it runs, saying what it reads.
    const pdf = await upload(Buffer.from('%PDF-1.4 x'), 'application/pdf', 'list.pdf');
    expect(pdf.statusCode).toBe(415);
    expect(pdf.json().error).toMatchObject({ code: 'unsupported_media_type' });
    expect(pdf.json().error.message).toMatch(
      /application\/pdf is not accepted here: send multipart\/form-data, text\/csv/,
    );
    nothingWritten();
  });

  it('refuses a broken XLSX (422)', async () => {
    await setup();
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('x').addRow(['email']);
    const good = Buffer.from(await wb.xlsx.writeBuffer());
    const broken = Buffer.concat([good.subarray(0, 200), randomBytes(3000)]);
    const res = await upload(broken, XLSX, 'broken.xlsx');
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('invalid_file');
    nothingWritten();
  });

  it('refuses a CSV with an unterminated quote (422), even after valid rows, naming its line', async () => {
    const { lodz } = await setup();
    const csv = `email,given_name,family_name,hospital_id\na@example.org,A,Alpha,${lodz.id}\nb@example.org,"B,Beta,${lodz.id}\n`;
    const res = await upload(csv);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toMatch(/quoted cell is never closed \(opened on or after line 3\)/);
    // A CRLF file whose earlier cell holds a bare LF: that LF starts a line too, as in a text editor.
    const mixed = [
      'email,given_name,family_name,hospital_id,title',
      `a@example.org,A,Alpha,${lodz.id},"Prof.\nDr."`,
      `b@example.org,B,Beta,${lodz.id},`,
      `c@example.org,"C,Gamma,${lodz.id},`,
    ].join('\r\n');
    const refused = await upload(mixed);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.message).toMatch(/opened on or after line 5\)/);
    // LF line breaks for more than the head the break is guessed from, then CRLF: still one line each.
    const lf = Array.from({ length: 3000 }, (_, i) => `lf${i}@example.org,L,F,${lodz.id},`);
    const crlf = Array.from({ length: 100 }, (_, i) => `crlf${i}@example.org,C,R,${lodz.id},`);
    const late = `${['email,given_name,family_name,hospital_id,title', ...lf].join('\n')}\n${crlf.join('\r\n')}\r\nq@example.org,"Q,Quote,${lodz.id},`;
    const lateRefused = await upload(late);
    expect(lateRefused.statusCode).toBe(422);
    expect(lateRefused.json().error.message).toMatch(/opened on or after line 3102\)/);
    nothingWritten();
  });

  it('refuses an unterminated quote early in a large CSV without reading on to the end, naming the line (422)', {
    timeout: 60_000,
  }, async () => {
    const { lodz } = await setup();
    const rows = Array.from({ length: 40_000 }, (_, i) => `p${i}@example.org,Given,Family,${lodz.id}`);
    rows[2] = `"quote@example.org,Never,Closed,${lodz.id}`;
    // The line is named right whatever the line breaks: LF, CRLF, or a lone CR (old Mac exports).
    for (const newline of ['\n', '\r\n', '\r']) {
      const res = await upload(['email,given_name,family_name,hospital_id', ...rows].join(newline));
      expect(res.statusCode).toBe(422);
      expect(res.json().error.message).toMatch(/quoted cell is never closed \(opened on or after line 4\)/);
    }
    nothingWritten();
  });

  it('numbers rows as a spreadsheet shows them: a multi-line cell stays in its row, a blank line is a row', async () => {
    const { lodz } = await setup();
    const csv = [
      'email,given_name,family_name,hospital_id,notes',
      `a@example.org,A,Alpha,${lodz.id},"first line\r\nsecond line"`,
      '',
      `b@example.org,B,Beta,${lodz.id},`,
      `not-an-email,C,Gamma,${lodz.id},`,
    ].join('\r\n');
    const body = (await upload(csv)).json();
    // As Excel or LibreOffice number them (and as in the same sheet saved as XLSX).
    expect(body.rows.map((r: { row: number; outcome: string }) => [r.row, r.outcome])).toEqual([
      [2, 'created'],
      [4, 'created'],
      [5, 'error'],
    ]);
  });

  it('refuses 10 MB of garbage with a 4xx and a reason', { timeout: 60_000 }, async () => {
    await setup();
    const binary = await upload(randomBytes(10 * 1024 * 1024), 'text/csv', 'garbage.csv');
    expect(binary.statusCode).toBe(415);
    // Printable garbage without line breaks: not a spreadsheet either.
    const printable = Buffer.from(
      randomBytes(10 * 1024 * 1024)
        .toString('base64')
        .slice(0, 10 * 1024 * 1024),
    );
    const text = await upload(printable, 'text/csv', 'garbage.csv');
    expect(text.statusCode).toBe(422);
    expect(text.json().error.code).toBe('invalid_file');
    nothingWritten();
  });

  it('refuses a file without an e-mail column, an empty file and a file over IMPORT_MAX_BYTES', {
    timeout: 60_000,
  }, async () => {
    await setup();
    const noEmail = await upload('name,phone\nAnna,123\n');
    expect(noEmail.statusCode).toBe(422);
    expect(noEmail.json().error.message).toMatch(/no e-mail column/);
    expect((await upload('')).statusCode).toBeGreaterThanOrEqual(400);
    nothingWritten();
    await t.app.close();
    t = await directoryApp({ importMaxBytes: 2048 });
    const big = await upload(`email\n${'x@example.org\n'.repeat(1000)}`);
    expect(big.statusCode).toBe(413);
    nothingWritten();
  });
});

describe('export', () => {
  it('exports the filtered directory as CSV with formula injection neutralised, and re-imports unchanged', async () => {
    await formulaLookingDirectory('=HYPERLINK("http://evil")', 'evil@example.org');
    const res = await t.app.inject({ url: '/api/v1/exports/directory.csv?country=PL', headers: t.admin });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="cmss-directory-.*\.csv"/);
    const lines = res.body.replace('\uFEFF', '').trim().split('\r\n');
    expect(lines).toHaveLength(4); // header + the three Polish clinicians
    expect(res.body).not.toMatch(/(^|,)[=+\-@]/m);
    expect(res.body).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(res.body).toContain(`'@SUM(A1)`);
    expect(res.body).toContain(`'+48421234567`);
    expect(res.body).toContain(`'+Plus`);

    const reimport = (await upload(res.rawPayload, 'text/csv')).json();
    expect(reimport.import.summary.dryRun).toMatchObject({ rows: 3, unchanged: 3, error: 0 });
    const audit = t.app.database.sqlite
      .prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'export'")
      .get();
    expect(audit).toEqual({ n: 1 });
  });

  it('exports XLSX as text cells, formula-looking ones guarded by quotePrefix, and re-imports unchanged', async () => {
    const { lodz, berlin } = await formulaLookingDirectory('=1+1', 'f@example.org');
    const res = await t.app.inject({ url: '/api/v1/exports/directory.xlsx', headers: t.admin });
    expect(res.statusCode).toBe(200);
    const sheet = await excelView(res.rawPayload);
    // What Excel would evaluate: no cell is a formula or a formula's cached result (t="str").
    expect(sheet.formulas).toEqual([]);
    const header = sheet.rows[0]!.map((c) => c.value);
    const byEmail = new Map(sheet.rows.slice(1).map((r) => [r[0]!.value, r]));
    const cell = (email: string, column: string) => byEmail.get(email)![header.indexOf(column)]!;
    const text = (value: string, quotePrefix: boolean) => ({ type: 'text', value, quotePrefix });
    // Shown exactly as stored, no visible apostrophe; quotePrefix keeps an edit from making a formula.
    expect(cell('f@example.org', 'given_name')).toEqual(text('=1+1', true));
    expect(cell('f@example.org', 'family_name')).toEqual(text('@SUM(A1)', true));
    expect(cell('f@example.org', 'phone')).toEqual(text('+48421234567', true));
    expect(cell('m@example.org', 'given_name')).toEqual(text('-Minus', true));
    expect(cell('b@example.org', 'family_name')).toEqual(text('Berliner', false));
    expect(cell('b@example.org', 'hospital_id')).toEqual({ type: 'number', value: String(berlin.id) });
    expect(cell('f@example.org', 'hospital_id')).toEqual({ type: 'number', value: String(lodz.id) });
    // A value that itself starts with apostrophes before = + - @ gets one more, which the import removes.
    expect(cell('q@example.org', 'given_name')).toMatchObject({ type: 'text', value: "''=x" });
    // Every cell that is not a number is a text cell, or empty (no title).
    for (const row of sheet.rows) for (const c of row) expect(['text', 'number', 'empty']).toContain(c.type);
    expect(cell('b@example.org', 'title')).toEqual({ type: 'empty', value: '' });

    const reimport = await upload(res.rawPayload, XLSX, 'export.xlsx');
    expect(reimport.statusCode).toBe(201);
    expect(reimport.json().import.summary.dryRun).toMatchObject({ rows: 4, unchanged: 4, error: 0 });
  });

  it('is for admins only', async () => {
    await setup();
    expect(
      (await t.app.inject({ url: '/api/v1/exports/directory.csv', headers: t.auth('helpdesk') })).statusCode,
    ).toBe(403);
    expect((await upload('email\n')).statusCode).not.toBe(403);
    const asStaff = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { ...t.auth('helpdesk'), 'content-type': 'text/csv' },
      payload: 'email\n',
    });
    expect(asStaff.statusCode).toBe(403);
  });
});
