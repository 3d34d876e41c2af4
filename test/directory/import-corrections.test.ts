import { afterEach, describe, expect, it } from 'vitest';
import { type DirectoryTestApp, directoryApp } from './helpers.js';

/**
 * Spreadsheets as national contact points edit them: an exported file changed by hand, cells written
 * the way a localised Excel writes them, and a directory that others change between dry run and commit.
 */
let t: DirectoryTestApp;
afterEach(async () => t?.app.close());

async function setup() {
  t = await directoryApp({ logLevel: 'silent' });
  const lodz = await t.hospital({ name: 'Szpital Kliniczny', city: 'Łódź', countryCode: 'PL' });
  const krakow = await t.hospital({ name: 'Szpital Uniwersytecki', city: 'Kraków', countryCode: 'PL' });
  return { lodz, krakow };
}

const upload = async (...lines: string[]) =>
  (
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { ...t.admin, 'content-type': 'text/csv' },
      payload: Buffer.from(lines.join('\r\n')),
    })
  ).json();
const commit = (id: string) =>
  t.app.inject({ method: 'POST', url: `/api/v1/imports/${id}/commit`, headers: t.admin });
const clinician = async (id: number) =>
  (await t.app.inject({ url: `/api/v1/clinicians/${id}`, headers: t.admin })).json();
/** The hospital the clinician with this e-mail is stored at. */
const hospitalOf = (email: string) =>
  t.app.database.sqlite.prepare('SELECT hospital_id FROM clinicians WHERE email = ?').pluck().get(email);

describe('import of a file edited by hand', () => {
  it('refuses a hospital name or country that disagrees with the hospital_id beside it', async () => {
    const { lodz, krakow } = await setup();
    const c = await t.clinician({ hospitalId: lodz.id, email: 'k.d@example.org' });
    const dry = await upload(
      'email,hospital_id,hospital,country',
      // As exported: agrees (spelt without accents, the country by name).
      `k.d@example.org,${lodz.id},Szpital Kliniczny,Poland`,
      // Moved by editing the name the user reads: before, "unchanged", and the move was lost.
      `x.y@example.org,${lodz.id},Szpital Uniwersytecki,PL`,
      `z.w@example.org,${lodz.id},Szpital Kliniczny,DE`,
    );
    expect(dry.rows[0]).toMatchObject({ outcome: 'unchanged', clinicianId: c.id });
    expect(dry.rows[1]).toMatchObject({
      outcome: 'error',
      errors: [
        expect.objectContaining({ column: 'hospital', reason: expect.stringMatching(/is not hospital \d+/) }),
        // …together with what else the row lacks, in one round.
        expect.objectContaining({ column: 'given_name' }),
        expect.objectContaining({ column: 'family_name' }),
      ],
    });
    expect(dry.rows[2].errors).toContainEqual(expect.objectContaining({ column: 'country' }));
    // Emptying the id lets the name decide.
    const moved = await upload(
      'email,hospital_id,hospital,country',
      `k.d@example.org,,Szpital Uniwersytecki,PL`,
    );
    expect(moved.rows[0]).toMatchObject({ outcome: 'updated', changes: ['hospital_id'] });
    await commit(moved.import.id);
    expect((await clinician(c.id)).hospitalId).toBe(krakow.id);
  });

  it('names every error of a row at once', async () => {
    await setup();
    const dry = await upload(
      'email,given_name,family_name,hospital_id,phone,specialties,contact_person',
      'not-an-email,Ala,Multi,12345,12,Cardiologyy,maybe',
    );
    expect(dry.rows[0].errors.map((e: { column: string }) => e.column).sort()).toEqual([
      'contact_person',
      'email',
      'hospital_id',
      'phone',
      'specialties',
    ]);
  });

  it('keeps unchanged the clinicians of a hospital deactivated since the export, and still edits them', async () => {
    const { lodz } = await setup();
    const c = await t.clinician({ hospitalId: lodz.id, email: 'kept@example.org', givenName: 'Anna' });
    await t.deactivateHospital(lodz.id);
    const same = await upload('email,given_name,hospital_id', `kept@example.org,Anna,${lodz.id}`);
    expect(same.rows[0]).toMatchObject({ outcome: 'unchanged' });
    const renamed = await upload('email,given_name,hospital_id', `kept@example.org,Anne,${lodz.id}`);
    expect(renamed.rows[0]).toMatchObject({ outcome: 'updated' });
    expect((await commit(renamed.import.id)).statusCode).toBe(200);
    expect((await clinician(c.id)).givenName).toBe('Anne');
    // A new clinician there is still refused.
    const added = await upload('email,given_name,family_name,hospital_id', `new@example.org,A,B,${lodz.id}`);
    expect(added.rows[0].errors).toEqual([expect.objectContaining({ column: 'hospital_id' })]);
  });

  it("keeps a clinician's status when the status cell is empty (a new one is active)", async () => {
    const { lodz } = await setup();
    const away = await t.clinician({ hospitalId: lodz.id, email: 'away@example.org' });
    const deactivated = await t.app.inject({
      method: 'POST',
      url: `/api/v1/clinicians/${away.id}/deactivate`,
      headers: { ...t.admin, 'if-match': `"${away.version}"` },
    });
    expect(deactivated.statusCode).toBe(200);
    const dry = await upload(
      'email,given_name,family_name,hospital_id,status',
      `away@example.org,${away.givenName},${away.familyName},${lodz.id},`,
      `new@example.org,New,Person,${lodz.id},`,
    );
    expect(dry.rows.map((r: { outcome: string }) => r.outcome)).toEqual(['unchanged', 'created']);
    await commit(dry.import.id);
    expect((await clinician(away.id)).status).toBe('inactive');
    // A status written in a language of the network, as its header may be ("Aktiv").
    const german = await upload('email,Aktiv', 'away@example.org,aktiv', 'new@example.org,Inaktiv');
    expect(german.rows.map((r: { changes?: string[] }) => r.changes)).toEqual([['status'], ['status']]);
    const committed = await commit(german.import.id);
    expect((await clinician(away.id)).status).toBe('active');
    // Who committed it is kept with the import, beside who made the dry run.
    expect(german.import.committedBy).toBeNull();
    expect(committed.json()).toMatchObject({ status: 'committed', committedBy: german.import.createdBy });
  });

  it('reads cells as localised Excel writes them', async () => {
    const { lodz } = await setup();
    const dry = await upload(
      'email,given_name,family_name,hospital_id,role,networks,contact_person,Active',
      `a@example.org,A,A,${lodz.id},Case-Manager,"ERN EURACAN (adult cancers, solid tumours), ERN-RITA",WAHR,yes`,
      `b@example.org,B,B,${lodz.id},clinician,ern-euracan,FAUX,no`,
      `c@example.org,C,C,${lodz.id},clinician,"adult cancers, solid tumours",prawda,`,
    );
    expect(dry.import.summary.dryRun).toMatchObject({ created: 2, error: 1 });
    await commit(dry.import.id);
    const byEmail = async (email: string) =>
      (await t.app.inject({ url: '/api/v1/clinicians?status=all', headers: t.admin }))
        .json()
        .items.find((c: { email: string }) => c.email === email);
    const [a, b] = [await byEmail('a@example.org'), await byEmail('b@example.org')];
    expect(a).toMatchObject({
      role: 'case_manager',
      networks: ['ern-euracan', 'ern-rita'],
      contactPerson: true,
      status: 'active',
    });
    expect(b).toMatchObject({ networks: ['ern-euracan'], contactPerson: false, status: 'inactive' });
    // A piece of a label is not the label.
    expect(dry.rows[2].errors).toEqual([
      expect.objectContaining({
        column: 'networks',
        reason: '"adult cancers" is not in the list of networks',
      }),
      expect.objectContaining({
        column: 'networks',
        reason: '"solid tumours" is not in the list of networks',
      }),
    ]);
  });

  it('refuses an e-mail with an invisible character instead of creating a second clinician', async () => {
    const { lodz } = await setup();
    await t.clinician({ hospitalId: lodz.id, email: 'mikael.aberg@example.org' });
    const dry = await upload(
      'email,given_name,family_name,hospital_id',
      `mikael.aberg@example.org\u200b,Mikael,Åberg,${lodz.id}`,
    );
    expect(dry.rows[0]).toMatchObject({
      outcome: 'error',
      errors: [expect.objectContaining({ column: 'email' })],
    });
  });
});

describe('CSV rows whose cells do not line up with the header', () => {
  it('are errors of the row, not values shifted into other columns or fields cleared', async () => {
    const { lodz } = await setup();
    const kept = await t.clinician({
      hospitalId: lodz.id,
      email: 'kept@example.org',
      phone: '+48 42 123 45 67',
    });
    const dry = await upload(
      'email,hospital_id,family_name,given_name,phone',
      `extra@example.org,${lodz.id},Smith, Jr.,John,`, // an unquoted comma: one cell too many
      `kept@example.org,${lodz.id},Kept`, // cut short: no given_name, no phone
      `short@example.org,${lodz.id},Short,Sam`, // lacking only phone, the last cell: a cut line too
      `fits@example.org,${lodz.id},Fits,Fay,`,
    );
    expect(dry.rows.map((r: { outcome: string }) => r.outcome)).toEqual([
      'error',
      'error',
      'error',
      'created',
    ]);
    expect(dry.rows[0].errors[0]).toEqual({
      column: 'row',
      reason: expect.stringMatching(/^the row has 6 cells where the header has 5: .*double quotes/),
    });
    expect(dry.rows[1].clinicianId).toBe(kept.id); // an error row still says whom it matched
    expect(dry.rows[1].errors[0]).toEqual({
      column: 'row',
      reason: expect.stringMatching(/^the row has 3 cells where the header has 5, none for given_name/),
    });
    expect((await commit(dry.import.id)).statusCode).toBe(200);
    expect(await clinician(kept.id)).toMatchObject({ givenName: kept.givenName, phone: '+48421234567' });
    expect(
      t.app.database.sqlite
        .prepare("SELECT count(*) FROM clinicians WHERE email = 'extra@example.org'")
        .pluck()
        .get(),
    ).toBe(0);
  });

  it('ignores (and lists) a Position or Contact column, which sheets use for job titles and phones', async () => {
    const { lodz } = await setup();
    const dry = await upload(
      'email,hospital_id,family_name,given_name,Position,Contact',
      `p@example.org,${lodz.id},Nowak,Anna,Head of Cardiology,+48 42 123 45 67`,
    );
    expect(dry.ignoredColumns).toEqual(['Position', 'Contact']);
    expect(dry.rows[0].outcome).toBe('created');
  });

  it('reads a hospital_id written with decimals (224.0, as pandas writes it), and no other number', async () => {
    const { lodz } = await setup();
    const dry = await upload(
      'email,hospital_id,family_name,given_name',
      `d@example.org,${lodz.id}.0,Nowak,Anna`,
      `e@example.org,${lodz.id}.5,Nowak,Ewa`,
    );
    expect(dry.rows.map((r: { outcome: string }) => r.outcome)).toEqual(['created', 'error']);
  });

  it('reports values in a column without a header as not read', async () => {
    const { lodz } = await setup();
    const dry = await upload(
      'email,hospital_id,family_name,given_name,,Notes',
      `a@example.org,${lodz.id},Nowak,Anna,Kardiologia,see file`,
      `b@example.org,${lodz.id},Nowak,Piotr,,`,
    );
    expect(dry.ignoredColumns).toEqual(['Notes', 'column E (values without a header)']);
    expect(dry.rows.map((r: { outcome: string }) => r.outcome)).toEqual(['created', 'created']);
  });
});

describe('e-mail cells', () => {
  it("hold to the API's e-mail format: an address the API refuses (non-ASCII, typed NFC or NFD) is an error row", async () => {
    const { lodz } = await setup();
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/clinicians',
      headers: t.admin,
      payload: {
        givenName: 'Jörg',
        familyName: 'Lang',
        role: 'clinician',
        hospitalId: lodz.id,
        email: 'jörg@u.example',
      },
    });
    expect(refused.statusCode).toBe(400);
    const dry = await upload(
      'email,given_name,family_name,hospital_id',
      `jörg@u.example,Jörg,Lang,${lodz.id}`,
      `jo\u0308rg@u.example,Jörg,Lang,${lodz.id}`,
      `joerg@u.example,Jörg,Lang,${lodz.id}`,
    );
    expect(dry.rows.map((r: { outcome: string }) => r.outcome)).toEqual(['error', 'error', 'created']);
    expect(dry.rows[0].errors).toEqual([
      expect.objectContaining({ column: 'email', reason: expect.stringMatching(/not an e-mail address/) }),
    ]);
  });
});

describe('commit of a dry run the directory overtook', () => {
  it('refuses to overwrite a value changed since the dry run, and writes nothing', async () => {
    const { lodz } = await setup();
    const c = await t.clinician({ hospitalId: lodz.id, email: 'p@example.org', givenName: 'Petia' });
    const other = await t.clinician({ hospitalId: lodz.id, email: 'q@example.org', givenName: 'Quentin' });
    const dry = await upload('email,given_name', 'p@example.org,Petya', 'q@example.org,Quinn');
    expect(dry.import.summary.dryRun).toMatchObject({ updated: 2 });
    // The dry run shows what each update changes, from what to what.
    expect(dry.rows[0]).toMatchObject({
      changes: ['given_name'],
      values: { given_name: { from: 'Petia', to: 'Petya' } },
    });
    expect((await t.patchClinician(c.id, { givenName: 'Petiya' })).statusCode).toBe(200);

    const res = await commit(dry.import.id);
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'stale_dry_run', details: { row: 2 } });
    expect(res.json().error.message).toMatch(/given_name of p@example.org changed since the dry run/);
    expect((await clinician(c.id)).givenName).toBe('Petiya');
    expect((await clinician(other.id)).givenName).toBe('Quentin');
  });

  it('refuses an older dry run after a newer one changed the same field', async () => {
    const { lodz } = await setup();
    const c = await t.clinician({ hospitalId: lodz.id, email: 'p@example.org', title: null });
    const older = await upload('email,title', 'p@example.org,Dr');
    const newer = await upload('email,title', 'p@example.org,Prof.');
    expect((await commit(newer.import.id)).statusCode).toBe(200);
    expect((await commit(older.import.id)).statusCode).toBe(409);
    expect((await clinician(c.id)).title).toBe('Prof.');
  });

  it('asks for a new dry run when an updated row was stored without the values it was compared with', async () => {
    const { lodz } = await setup();
    await t.clinician({ hospitalId: lodz.id, email: 'p@example.org' });
    const dry = await upload('email,given_name', 'p@example.org,Petya');
    t.app.database.sqlite
      .prepare("UPDATE directory_import_rows SET data = jsonb_remove(data, '$.before')")
      .run();
    const res = await commit(dry.import.id);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toMatch(/earlier version/);
  });
});

describe('contact persons through the import', () => {
  it('refuses rows that would give a hospital a third contact person, counting the whole file', async () => {
    const { lodz } = await setup();
    const a = await t.clinician({ hospitalId: lodz.id, email: 'a@example.org', contactPerson: true });
    await t.clinician({ hospitalId: lodz.id, email: 'b@example.org', contactPerson: true });
    const header = 'email,given_name,family_name,hospital_id,contact_person';
    const extra = await upload(header, `c@example.org,C,C,${lodz.id},yes`, `d@example.org,D,D,${lodz.id},no`);
    expect(extra.import.summary.dryRun).toMatchObject({ created: 1, error: 1 });
    expect(extra.rows[0]).toMatchObject({
      outcome: 'error',
      errors: [{ column: 'contact_person', reason: expect.stringMatching(/would have 3 contact persons/) }],
    });
    // The same file handing the role over from a: allowed.
    const handover = await upload(
      header,
      `a@example.org,${a.givenName},${a.familyName},${lodz.id},no`,
      `c@example.org,C,C,${lodz.id},yes`,
    );
    expect(handover.import.summary.dryRun).toMatchObject({ updated: 1, created: 1, error: 0 });
    // …unless someone took the role meanwhile.
    const other = await t.clinician({ hospitalId: lodz.id, email: 'e@example.org' });
    expect((await t.patchClinician(a.id, { contactPerson: false })).statusCode).toBe(200);
    expect((await t.patchClinician(other.id, { contactPerson: true })).statusCode).toBe(200);
    const res = await commit(handover.import.id);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toMatch(/would have 3 contact persons/);
  });

  it('refuses, in the dry run, a promotion that an error elsewhere in the file leaves without a vacancy', async () => {
    const { lodz, krakow } = await setup();
    const a = await t.clinician({ hospitalId: lodz.id, email: 'a@example.org', contactPerson: true });
    await t.clinician({ hospitalId: lodz.id, email: 'b@example.org', contactPerson: true });
    await t.clinician({ hospitalId: krakow.id, email: 'k1@example.org', contactPerson: true });
    await t.clinician({ hospitalId: krakow.id, email: 'k2@example.org', contactPerson: true });
    const c = await t.clinician({ hospitalId: lodz.id, email: 'c@example.org' });
    // Row 2 moves a to Kraków, which has two already (an error); row 3 takes a's role in Łódź.
    const dry = await upload(
      'email,hospital_id,contact_person',
      `a@example.org,${krakow.id},yes`,
      `c@example.org,${lodz.id},yes`,
    );
    expect(dry.rows[0]).toMatchObject({ outcome: 'error', clinicianId: a.id });
    // Before, row 3 was "updated", and every commit of the file was a 409 "run the dry run again".
    expect(dry.rows[1]).toMatchObject({
      outcome: 'error',
      clinicianId: c.id,
      errors: [
        {
          column: 'contact_person',
          reason: expect.stringMatching(
            /would have 3 contact persons .*: row 2, of a contact person there, has an error: if it hands the role on, mend it/,
          ),
        },
      ],
    });
    expect(dry.import.summary.dryRun).toMatchObject({ updated: 0, error: 2 });
    expect((await commit(dry.import.id)).statusCode).toBe(200);
  });

  it('refuses a commit whose merged row makes a contact person at the hospital the clinician moved to', async () => {
    const { lodz, krakow } = await setup();
    await t.clinician({ hospitalId: krakow.id, email: 'k1@example.org', contactPerson: true });
    await t.clinician({ hospitalId: krakow.id, email: 'k2@example.org', contactPerson: true });
    const m = await t.clinician({ hospitalId: lodz.id, email: 'm@example.org' });
    const dry = await upload('email,contact_person', 'm@example.org,yes');
    expect(dry.rows[0]).toMatchObject({ outcome: 'updated', changes: ['contact_person'] });
    // Meanwhile she moves to Kraków (allowed: she is no contact person yet).
    expect((await t.patchClinician(m.id, { hospitalId: krakow.id })).statusCode).toBe(200);
    const res = await commit(dry.import.id);
    // Before, the commit counted Łódź (the hospital of the dry run) and left Kraków with three.
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toMatch(
      new RegExp(`Row 2: hospital ${krakow.id} would have 3 contact persons`),
    );
    expect((await clinician(m.id)).contactPerson).toBe(false);
  });
});

describe('audit trail of an import', () => {
  it('records every clinician a commit creates or changes under their own id, with the fields changed', async () => {
    const { lodz } = await setup();
    const kept = await t.clinician({ hospitalId: lodz.id, email: 'kept@example.org', title: 'Dr' });
    const changed = await t.clinician({ hospitalId: lodz.id, email: 'changed@example.org', title: 'Dr' });
    const overtaken = await t.clinician({ hospitalId: lodz.id, email: 'overtaken@example.org', title: 'Dr' });
    const dry = await upload(
      'email,given_name,family_name,hospital_id,title',
      `kept@example.org,${kept.givenName},${kept.familyName},${lodz.id},Dr`,
      `changed@example.org,${changed.givenName},${changed.familyName},${lodz.id},Prof.`,
      `overtaken@example.org,${overtaken.givenName},${overtaken.familyName},${lodz.id},Prof.`,
      `new@example.org,New,Person,${lodz.id},`,
    );
    expect(dry.import.summary.dryRun).toMatchObject({ unchanged: 1, updated: 2, created: 1 });
    // Someone makes the same change by hand meanwhile: the commit has nothing left to write there.
    expect((await t.patchClinician(overtaken.id, { title: 'Prof.' })).statusCode).toBe(200);
    expect((await commit(dry.import.id)).statusCode).toBe(200);
    const created = (await t.app.inject({ url: '/api/v1/clinicians?q=new', headers: t.admin })).json()
      .items[0].id;
    const trail = async (id: number) =>
      (await t.app.inject({ url: `/api/v1/audit?entity=clinician&entityId=${id}`, headers: t.admin }))
        .json()
        .items.filter((e: { action: string }) => e.action === 'create' || e.action === 'update');
    expect(await trail(changed.id)).toEqual([
      expect.objectContaining({
        action: 'update',
        fields: ['title'],
        details: { importId: dry.import.id, row: 3 },
      }),
      // (its creation through the API, before)
      expect.objectContaining({ action: 'create' }),
    ]);
    expect((await trail(created))[0]).toMatchObject({
      action: 'create',
      details: { importId: dry.import.id, row: 5 },
    });
    // Nothing written for the unchanged row, nor for the one already changed by hand (only its PATCH).
    expect((await trail(kept.id)).map((e: { action: string }) => e.action)).toEqual(['create']);
    expect((await trail(overtaken.id)).map((e: { details: unknown }) => e.details)).not.toContainEqual(
      expect.objectContaining({ importId: dry.import.id }),
    );
  });
});

describe('import of records stored before today’s rules', () => {
  it('reads a name stored decomposed (before names were normalised) as unchanged', async () => {
    const { lodz } = await setup();
    const c = await t.clinician({ hospitalId: lodz.id, email: 'em@example.org', familyName: 'Müllerova' });
    t.app.database.sqlite
      .prepare('UPDATE clinicians SET family_name = ? WHERE id = ?')
      .run('Mu\u0308llerova', c.id);
    const dry = await upload('email,family_name', 'em@example.org,Müllerova', 'em2@example.org,X');
    expect(dry.rows[0]).toMatchObject({ outcome: 'unchanged' });
  });

  it('names a few unknown values of a long list cell and counts the rest, in time linear in the cell', async () => {
    const { lodz } = await setup();
    // 5,000 comma-separated pieces: matching every run of pieces against the labels took minutes.
    const cell = Array.from({ length: 5000 }, (_, i) => `x${i}`).join(',');
    const dry = await upload(
      'email,given_name,family_name,hospital_id,specialties',
      `a@example.org,A,B,${lodz.id},"${cell}"`,
    );
    expect(dry.rows[0].errors).toHaveLength(6);
    expect(dry.rows[0].errors[5]).toMatchObject({
      column: 'specialties',
      reason: 'and 4995 more values not in the list of specialties',
    });
  });
});

describe('hospitals found by name', () => {
  it('asks for the hospital_id when several hospitals of the country share the name', async () => {
    await setup();
    const lodz = await t.hospital({ name: 'Szpital Wojewódzki', city: 'Łódź', countryCode: 'PL' });
    const krakow = await t.hospital({ name: 'Szpital Wojewódzki', city: 'Kraków', countryCode: 'PL' });
    const header = 'email,given_name,family_name,hospital,country';
    const dry = await upload(header, 'a@example.org,A,B,Szpital Wojewodzki,PL');
    // Before, the older one was taken without a word.
    expect(dry.rows[0].errors).toEqual([
      {
        column: 'hospital',
        reason: `several hospitals named "Szpital Wojewodzki" in PL (${lodz.id} in Łódź, ${krakow.id} in Kraków): give its hospital_id`,
      },
    ]);
    // A deactivated namesake is not a candidate while an active one exists.
    await t.deactivateHospital(lodz.id);
    const again = await upload(header, 'a@example.org,A,B,Szpital Wojewodzki,PL');
    expect(again.rows[0]).toMatchObject({ outcome: 'created' });
    await commit(again.import.id);
    expect(hospitalOf('a@example.org')).toBe(krakow.id);
  });

  it('keeps a clinician at their own hospital when the row names it, whatever namesakes exist', async () => {
    await setup();
    const lodz = await t.hospital({ name: 'Szpital Wojewódzki', city: 'Łódź', countryCode: 'PL' });
    const a = await t.clinician({ hospitalId: lodz.id, email: 'a@example.org' });
    const header = 'email,given_name,family_name,hospital,country';
    const row = `a@example.org,${a.givenName},${a.familyName},Szpital Wojewodzki,PL`;
    // A namesake opens in Kraków: last month's file, naming hospitals, still changes nothing (before,
    // its row became "several hospitals named …").
    const krakow = await t.hospital({ name: 'Szpital Wojewódzki', city: 'Kraków', countryCode: 'PL' });
    const again = await upload(header, row, 'n@example.org,N,N,Szpital Wojewodzki,PL');
    expect(again.rows[0]).toMatchObject({ outcome: 'unchanged', clinicianId: a.id });
    // Someone new, though, could be at either.
    expect(again.rows[1].errors[0].reason).toMatch(/several hospitals named/);
    // Their hospital closes beside the active namesake: the file does not move them (before, it did,
    // to Kraków, shown only as a changed hospital_id).
    await t.deactivateHospital(lodz.id);
    const closed = await upload(header, row);
    expect(closed.rows[0]).toMatchObject({ outcome: 'unchanged' });
    expect(hospitalOf('a@example.org')).toBe(lodz.id);
    // Named by its id, the move is still one row away.
    const moved = await upload('email,hospital_id', `a@example.org,${krakow.id}`);
    expect(moved.rows[0]).toMatchObject({ outcome: 'updated', changes: ['hospital_id'] });
  });
});

describe('headers and countries in the languages of the network', () => {
  it('reads German, French and Polish headers and country names', async () => {
    const { lodz } = await setup();
    const berlin = await t.hospital({ name: 'Charité', city: 'Berlin', countryCode: 'DE' });
    const dry = await upload(
      'Courriel,Prénom,Nom,Hôpital,Pays,Téléphone,Spécialités,Langues',
      'a@example.org,Anna,Nowak,Szpital Kliniczny,Polska,42 123 45 67,cardiology,pl',
      'b@example.org,Bert,Bauer,Charité,Deutschland,030 1234567,,de',
      'c@example.org,Cleo,Cohen,Charité,Allemagne,,,',
    );
    expect(dry.ignoredColumns).toEqual([]);
    expect(dry.import.summary.dryRun).toMatchObject({ created: 3, error: 0 });
    await commit(dry.import.id);
    expect(hospitalOf('a@example.org')).toBe(lodz.id);
    expect(hospitalOf('b@example.org')).toBe(berlin.id);
    expect(hospitalOf('c@example.org')).toBe(berlin.id);
  });

  it('reads ISO alpha-3 country codes, as registries write them', async () => {
    const { lodz } = await setup();
    const berlin = await t.hospital({ name: 'Charité', city: 'Berlin', countryCode: 'DE' });
    const dry = await upload(
      'email,given_name,family_name,hospital,country,phone',
      'a@example.org,Anna,Nowak,Szpital Kliniczny,POL,42 123 45 67',
      'b@example.org,Bert,Bauer,Charité,deu,030 1234567',
      'c@example.org,Cleo,Cohen,Charité,XYZ,',
    );
    expect(dry.import.summary.dryRun).toMatchObject({ created: 2, error: 1 });
    await commit(dry.import.id);
    expect(hospitalOf('a@example.org')).toBe(lodz.id);
    expect(hospitalOf('b@example.org')).toBe(berlin.id);
  });

  it("reads the names lists use beside CLDR's (Czech Republic, EL, The Netherlands), and says when a name is none", async () => {
    await setup();
    const praha = await t.hospital({ name: 'Motol', city: 'Praha', countryCode: 'CZ' });
    const athens = await t.hospital({ name: 'Evangelismos', city: 'Athina', countryCode: 'GR' });
    const leiden = await t.hospital({ name: 'LUMC', city: 'Leiden', countryCode: 'NL' });
    const dry = await upload(
      'email,given_name,family_name,hospital,hospital_id,country',
      'a@example.org,Jan,Novák,Motol,,Czech Republic',
      'b@example.org,Eva,Nováková,Motol,,Česká republika',
      'c@example.org,Eleni,Papadaki,Evangelismos,,EL',
      'd@example.org,Daan,Visser,LUMC,,The Netherlands',
      `e@example.org,Petr,Dvořák,,${praha.id},Czech Republic`,
      `f@example.org,Petr,Svoboda,,${praha.id},Bohemia`,
    );
    expect(dry.import.summary.dryRun).toMatchObject({ created: 5, error: 1 });
    expect(dry.rows[5].errors).toEqual([
      {
        column: 'country',
        reason: `"Bohemia" is not a country of the network (hospital ${praha.id} is in CZ): write its code or English name`,
      },
    ]);
    await commit(dry.import.id);
    expect(hospitalOf('a@example.org')).toBe(praha.id);
    expect(hospitalOf('b@example.org')).toBe(praha.id);
    expect(hospitalOf('c@example.org')).toBe(athens.id);
    expect(hospitalOf('d@example.org')).toBe(leiden.id);
    expect(hospitalOf('e@example.org')).toBe(praha.id);
  });
});
