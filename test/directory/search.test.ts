import { foldedTokens, foldText, MAX_SORT_KEY, queryAlternatives, queryTokens, sortKey } from '@cmss/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBefore, oldClinician, oldHospital, pendingDryRun } from '../helpers/previous-release.js';
import { clinicianNamesFound, type DirectoryTestApp, directoryApp, hospitalNamesFound } from './helpers.js';

describe('folding', () => {
  it.each([
    ['Łódź', 'lodz'],
    ['Ærø', 'aero'],
    ['Groß', 'gross'],
    ['Øster', 'oster'],
    ['Dvořák', 'dvorak'],
    ['Γεώργιος', 'georgios'],
    ['Иванов', 'ivanov'],
  ])('%s folds to %s', (value, folded) => {
    expect(foldText(value)).toBe(folded);
  });

  it('indexes both spellings of umlauts and of Greek ου', () => {
    expect(foldedTokens('Müller')).toEqual(['muller', 'mueller']);
    expect(foldedTokens('Παπαδόπουλος')).toEqual(['papadopoylos', 'papadopoulos']);
  });

  it('turns a typed query into its distinct folded words, every one of them', () => {
    expect(queryTokens('  Müller,  MÜLLER  Łódź ')).toEqual(['muller', 'lodz']);
    expect(queryTokens('"*) OR (')).toEqual(['or']);
    expect(queryTokens('a b c d e f g h i j')).toHaveLength(10);
  });

  it("indexes and queries the usual Latin spelling of Greek and Bulgarian besides any-ascii's", () => {
    expect(foldedTokens('Ευάγγελος Σταύρος')).toEqual(['eyaggelos', 'stayros', 'evangelos', 'stavros']);
    expect(foldedTokens('Ευστάθιος')).toEqual(['eystathios', 'efstathios']);
    expect(foldedTokens('Христо Щерев')).toEqual(['khristo', 'shcherev', 'hristo', 'shterev']);
    expect(foldedTokens('Велико Търново, София')).toEqual([
      'veliko',
      't',
      'rnovo',
      'sofiya',
      'tarnovo',
      'sofia',
    ]);
    // A query is searched in each spelling; a Latin one (most) has only its own.
    expect(queryAlternatives('Νικολάου')).toEqual([['nikolaoy'], ['nikolaou']]);
    expect(queryAlternatives('MÜLLER Łódź')).toEqual([
      ['muller', 'lodz'],
      ['mueller', 'lodz'],
    ]);
    expect(queryAlternatives('Łódź nikolaou')).toEqual([['lodz', 'nikolaou']]);
    expect(queryAlternatives('Ъ')).toEqual([['a']]); // any-ascii's apostrophe leaves nothing to search
    expect(queryAlternatives('-')).toEqual([]);
  });

  it('leaves symbols and emoji out rather than spelling them in letters (any-ascii: © "c", ❤ "heart")', () => {
    expect(foldText('Ana ❤')).toBe('ana');
    expect(foldText('Kavanagh ©')).toBe('kavanagh');
    expect(queryAlternatives('anna 😀')).toEqual([['anna']]);
    expect(queryAlternatives('😀 ✓')).toEqual([]);
    expect(foldText('½ Straße №5')).toBe('1 2 strasse 5'); // numbers stay numbers
  });

  it('indexes a name with an apostrophe joined too, and ø, å as Danes and Norwegians write them', () => {
    expect(foldedTokens("O'Brien")).toEqual(['o', 'brien', 'obrien']);
    expect(foldedTokens('D’Arcy')).toEqual(['d', 'arcy', 'darcy']);
    expect(foldedTokens("Мар'яна")).toEqual(['mar', 'yana', 'maryana']);
    expect(foldedTokens('Ørsted Ålborg')).toEqual(['orsted', 'alborg', 'oersted', 'aalborg']);
    expect(queryAlternatives("o'brien")).toEqual([['o', 'brien'], ['obrien']]);
    expect(foldedTokens("Rock 'n' roll")).toEqual(['rock', 'n', 'roll']); // quotes around a word stay
  });

  it('cuts a sort key at MAX_SORT_KEY: a name can transliterate to 24 times its length', () => {
    expect(sortKey('ﷺ'.repeat(200))).toHaveLength(MAX_SORT_KEY);
    expect(sortKey('Zupančič', 'Ana')).toBe('zupancic\u0001ana');
  });
});

describe('sorting by name', () => {
  let t: DirectoryTestApp;
  afterAll(async () => t?.app.close());

  it('sorts by the whole family name first, then the given name', async () => {
    t = await directoryApp();
    const h = await t.hospital();
    for (const [givenName, familyName] of [
      ['Íñigo', 'Álvarez Castaño'],
      ['Cristina', 'Álvarez'],
      ['Jure', 'Zupančič'],
      ['Ana', 'Zupan'],
    ]) {
      await t.clinician({ hospitalId: h.id, givenName, familyName });
    }
    const names = async (sort: string) =>
      (await t.app.inject({ url: `/api/v1/clinicians?sort=${sort}`, headers: t.admin }))
        .json()
        .items.map((c: { familyName: string }) => c.familyName);
    // Before, the family name ran on into the given name: "alvarez castano inigo" < "alvarez cristina".
    expect(await names('name')).toEqual(['Álvarez', 'Álvarez Castaño', 'Zupan', 'Zupančič']);
    expect(await names('-name')).toEqual(['Zupančič', 'Zupan', 'Álvarez Castaño', 'Álvarez']);
  });
});

describe('search', () => {
  let t: DirectoryTestApp;
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    t = await directoryApp();
    const lodz = await t.hospital({
      name: 'Uniwersytecki Szpital Kliniczny',
      city: 'Łódź',
      countryCode: 'PL',
    });
    const aero = await t.hospital({ name: 'Ærø Sygehus', city: 'Ærøskøbing', countryCode: 'DK' });
    const athens = await t.hospital({ name: 'Evangelismos', city: 'Athens', countryCode: 'GR' });
    const munich = await t.hospital({ name: 'Klinikum Großhadern', city: 'München', countryCode: 'DE' });
    const people: [string, string, number, string[], string[]][] = [
      ['Hans', 'Müller', munich.id, ['cardiology'], ['de', 'en']],
      ['Eva', 'Mullerova', munich.id, ['neurology'], ['de']],
      ['Petra', 'Groß', munich.id, ['cardiology'], ['de']],
      ['Γεώργιος', 'Παπαδόπουλος', athens.id, ['virology'], ['el', 'en']],
      ['Piotr', 'Zieliński', lodz.id, ['cardiology'], ['pl']],
      ['Maria', 'Lodziak', lodz.id, ['oncology'], ['pl']],
      ['Søren', 'Ærøe', aero.id, ['surgery'], ['da']],
      ['Carla', 'Smith', aero.id, ['cardiology'], ['en']],
    ];
    for (const [given, family, hospitalId, specialties, languages] of people) {
      const c = await t.clinician({
        givenName: given,
        familyName: family,
        hospitalId,
        specialties,
        languages,
      });
      ids[family] = c.id;
    }
  });
  afterAll(async () => t.app.close());

  const search = async (q: string, extra = '') => {
    const res = await t.app.inject({
      url: `/api/v1/clinicians?q=${encodeURIComponent(q)}${extra}`,
      headers: t.auth('clinician'),
    });
    expect(res.statusCode).toBe(200);
    return res.json() as {
      items: { familyName: string }[];
      facets?: Record<string, unknown[]>;
      nextCursor: string | null;
    };
  };
  const names = async (q: string) => (await search(q)).items.map((c) => c.familyName);

  it('finds Łódź by "lodz" (hospital city) and ranks a name match first', async () => {
    expect(await names('lodz')).toEqual(['Lodziak', 'Zieliński']);
  });

  it('finds Müller by "mueller" and by "muller"; the exact name ranks above a name prefix', async () => {
    expect(await names('mueller')).toEqual(['Müller']);
    expect(await names('muller')).toEqual(['Müller', 'Mullerova']);
  });

  it('finds Groß by "gross", Ærø by "aero" and a Greek name by a Latin query', async () => {
    expect(await names('gross')).toEqual(['Groß', 'Müller', 'Mullerova']); // name first, then Großhadern
    // Ærøe: a name prefix; Smith: works at Ærø Sygehus (another field).
    expect(await names('aero')).toEqual(['Ærøe', 'Smith']);
    expect(await names('papadopoulos')).toEqual(['Παπαδόπουλος']);
    expect(await names('georg papad')).toEqual(['Παπαδόπουλος']);
  });

  it('matches prefixes as you type and requires every word', async () => {
    expect(await names('zie')).toEqual(['Zieliński']);
    expect(await names('piotr card')).toEqual(['Zieliński']);
    expect(await names('piotr neuro')).toEqual([]);
    // Even the ninth word of a long query must match.
    expect(await names('piotr zielinski lodz uniwersytecki szpital kliniczny cardiology card')).toEqual([
      'Zieliński',
    ]);
    expect(await names('piotr zielinski lodz uniwersytecki szpital kliniczny cardiology card zzz')).toEqual(
      [],
    );
  });

  it('ranks exact name, then name prefix, then other fields', async () => {
    // "card": nobody is named Card…; all matches come from the specialty, sorted by name.
    const card = await names('card');
    expect(card).toEqual(['Groß', 'Müller', 'Smith', 'Zieliński']);
    // "mull": prefix of two names, nothing else.
    expect(await names('mull')).toEqual(['Müller', 'Mullerova']);
  });

  it('counts facets over all matches: country, hospital, specialty, language', async () => {
    const body = await search('card', '&facets=true&limit=1');
    expect(body.items).toHaveLength(1);
    expect(body.facets?.country).toEqual([
      { value: 'DE', label: 'Germany', count: 2 },
      { value: 'DK', label: 'Denmark', count: 1 },
      { value: 'PL', label: 'Poland', count: 1 },
    ]);
    expect(body.facets?.specialty).toEqual([{ value: 'cardiology', label: 'Cardiology', count: 4 }]);
    expect(body.facets?.language).toContainEqual({ value: 'de', label: 'German', count: 2 });
    expect(body.facets?.hospital).toContainEqual(
      expect.objectContaining({ label: 'Klinikum Großhadern', count: 2 }),
    );
  });

  it('keeps the index in step with updates (renamed clinician, renamed hospital city)', async () => {
    const id = ids.Smith!;
    // Asked twice first, so the answers below would be cached ones if a change did not end the cache.
    for (let i = 0; i < 2; i++) expect(await names('smith')).toEqual(['Smith']);
    const facetsBefore = (await search('smith', '&facets=true')).facets;
    expect(facetsBefore?.hospital).toEqual([expect.objectContaining({ label: 'Ærø Sygehus', count: 1 })]);
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/clinicians/${id}`,
      headers: { ...t.admin, 'if-match': '*' },
      payload: { familyName: 'Jørgensen' },
    });
    expect(res.statusCode).toBe(200);
    expect(await names('smith')).toEqual([]);
    expect((await search('smith', '&facets=true')).facets?.hospital).toEqual([]);
    expect(await names('jorgensen')).toEqual(['Jørgensen']);
    const hospitals = await t.app.inject({ url: '/api/v1/hospitals?q=evangel', headers: t.admin });
    const athens = hospitals.json().items[0];
    await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/hospitals/${athens.id}`,
      headers: { ...t.admin, 'if-match': '*' },
      payload: { city: 'Αθήνα' },
    });
    expect(await names('athina')).toEqual(['Παπαδόπουλος']);
    expect(await names('athens')).toEqual([]);
  });

  it('searches hospitals by name and city, accent- and script-insensitively', async () => {
    const res = await t.app.inject({ url: '/api/v1/hospitals?q=aero&facets=true', headers: t.admin });
    expect(res.json().items.map((h: { name: string }) => h.name)).toEqual(['Ærø Sygehus']);
    expect(res.json().facets.country).toEqual([{ value: 'DK', label: 'Denmark', count: 1 }]);
    const city = await t.app.inject({ url: '/api/v1/hospitals?q=munchen', headers: t.admin });
    expect(city.json().items.map((h: { name: string }) => h.name)).toEqual(['Klinikum Großhadern']);
  });

  it('pages through ranked results with the cursor', async () => {
    const first = await t.app.inject({ url: '/api/v1/clinicians?q=card&limit=3', headers: t.admin });
    expect(first.json().items).toHaveLength(3);
    const second = await t.app.inject({
      url: `/api/v1/clinicians?q=card&limit=3&cursor=${first.json().nextCursor}`,
      headers: t.admin,
    });
    const all = [...first.json().items, ...second.json().items].map(
      (c: { familyName: string }) => c.familyName,
    );
    // Smith was renamed Jørgensen above; the four cardiologists in name order, each once.
    expect(all).toEqual(['Groß', 'Jørgensen', 'Müller', 'Zieliński']);
    expect(second.json().nextCursor).toBeNull();
  });

  it('pages one by one in the same ranked order as one long page: name matches, then other fields', async () => {
    const familyNames = (items: { familyName: string }[]) => items.map((c) => c.familyName);
    const whole = (await search('mu', '&limit=50')).items;
    // Müller and Mullerova by name, Groß by her hospital's city (München).
    expect(familyNames(whole)).toEqual(['Müller', 'Mullerova', 'Groß']);
    const paged: { familyName: string }[] = [];
    let cursor = '';
    do {
      const page = await search('mu', `&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      paged.push(...page.items);
      cursor = page.nextCursor ?? '';
    } while (cursor);
    expect(familyNames(paged)).toEqual(familyNames(whole));
  });

  it('pages a listing that has nothing to rank by (punctuation-only query, relevance without a query) by name', async () => {
    for (const query of ['q=-', 'q=(', 'sort=relevance', 'q=%20*&sort=relevance']) {
      const names: string[] = [];
      let cursor = '';
      do {
        const res = await t.app.inject({
          url: `/api/v1/clinicians?${query}&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
          headers: t.admin,
        });
        expect(res.statusCode, query).toBe(200);
        names.push(...res.json().items.map((c: { familyName: string }) => c.familyName));
        cursor = res.json().nextCursor ?? '';
      } while (cursor);
      expect(names, query).toHaveLength(8);
      expect(new Set(names).size).toBe(8);
    }
    const hospitals = await t.app.inject({ url: '/api/v1/hospitals?q=-&limit=2', headers: t.admin });
    const next = await t.app.inject({
      url: `/api/v1/hospitals?q=-&limit=2&cursor=${hospitals.json().nextCursor}`,
      headers: t.admin,
    });
    expect(next.statusCode).toBe(200);
    expect(next.json().items).toHaveLength(2);
  });
});

/**
 * Cross-script spellings reported by QA: a name written in one script must be found by the spelling
 * people use in the other, both ways, and a name stored decomposed (NFD) like a precomposed one.
 */
describe('cross-script spellings', () => {
  let t: DirectoryTestApp;
  beforeAll(async () => {
    t = await directoryApp();
    const athens = await t.hospital({ name: 'Evangelismos', city: 'Athens', countryCode: 'GR' });
    const haskovo = await t.hospital({
      name: 'Медицински център – Хасково',
      city: 'Хасково',
      countryCode: 'BG',
    });
    const pazardzhik = await t.hospital({ name: 'UMBAL Pazardzhik', city: 'Pazardzhik', countryCode: 'BG' });
    await t.hospital({ name: 'УМБАЛ – София', city: 'София', countryCode: 'BG' });
    await t.hospital({ name: 'МБАЛ – Велико Търново', city: 'Велико Търново', countryCode: 'BG' });
    const munich = await t.hospital({ name: 'Klinikum Großhadern', city: 'München', countryCode: 'DE' });
    const people: [string, string, number][] = [
      ['Georgia', 'Nikolaou', athens.id],
      ['Vasiliki', 'Athanasiou', athens.id],
      ['Dimitrios', 'Papadopoulos', athens.id],
      ['Ελένη', 'Αντωνίου', athens.id],
      ['Μαρία', 'Μακρή', athens.id],
      ['Ευάγγελος', 'Μαυρίδης', athens.id],
      ['Stavros', 'Angelopoulos', athens.id],
      ['Христо', 'Петков', haskovo.id],
      ['Veselin', 'Hristov', pazardzhik.id],
      ['Eva', 'Mu\u0308llerova', munich.id], // decomposed, as macOS copy-paste gives it
    ];
    for (const [givenName, familyName, hospitalId] of people) {
      await t.clinician({ givenName, familyName, hospitalId });
    }
  });
  afterAll(async () => t.app.close());

  const names = (q: string) => clinicianNamesFound(t, q, t.auth('clinician'));
  const hospitals = (q: string) => hospitalNamesFound(t, q);

  it('Greek: a Greek-script query finds the Latin spelling (ELOT 743: ου → ou) and the other way round', async () => {
    expect(await names('Νικολάου')).toEqual(['Nikolaou']);
    expect(await names('nikolaou')).toEqual(['Nikolaou']);
    expect(await names('Αθανασίου')).toEqual(['Athanasiou']);
    expect(await names('Παπαδόπουλος')).toEqual(['Papadopoulos']);
    expect(await names('antoniou')).toEqual(['Αντωνίου']);
    expect(await names('makri')).toEqual(['Μακρή']);
    expect(await names('Αντωνίου')).toEqual(['Αντωνίου']);
    // αυ/ευ → av/ev (af/ef before a voiceless consonant), γγ → ng: Evangelos, Mavridis, Stavros, Angelopoulos.
    expect(await names('evangelos mavridis')).toEqual(['Μαυρίδης']);
    expect(await names('Σταύρος Αγγελόπουλος')).toEqual(['Angelopoulos']);
  });

  it('Bulgarian: the official spelling (х → h, ъ → a, final ия → ia) and the Russian-style "kh" both match', async () => {
    expect(await hospitals('haskovo')).toEqual(['Медицински център – Хасково']);
    expect(await hospitals('khaskovo')).toEqual(['Медицински център – Хасково']);
    expect(await hospitals('Пазарджик')).toEqual(['UMBAL Pazardzhik']);
    expect(await hospitals('sofia')).toEqual(['УМБАЛ – София']);
    expect(await hospitals('veliko tarnovo')).toEqual(['МБАЛ – Велико Търново']);
    // Христо Петков first: "hristo" is a whole word of his name, the start of Hristov's.
    expect(await names('hristo')).toEqual(['Петков', 'Hristov']);
    expect(await names('khristo')).toEqual(['Петков']);
    expect(await names('Христов')).toEqual(['Hristov']);
    expect(await names('Христо')).toEqual(['Петков', 'Hristov']);
  });

  it('folds decomposed (NFD) names and queries as precomposed (NFC) ones', async () => {
    expect(await names('muellerova')).toEqual(['Müllerova']);
    expect(await names('mullerova')).toEqual(['Müllerova']);
    expect(await names('Müllerova')).toEqual(['Müllerova']);
    expect(await names('Mu\u0308llerova')).toEqual(['Müllerova']);
    expect(foldedTokens('Mu\u0308llerova')).toEqual(foldedTokens('Müllerova'));
    expect(foldText('Νικολα\u0301ου'.normalize('NFD'))).toBe(foldText('Νικολάου'));
  });
});

describe('names with apostrophes, symbols and Nordic letters', () => {
  let t: DirectoryTestApp;
  beforeAll(async () => {
    t = await directoryApp();
    const dublin = await t.hospital({ name: "St. James's Hospital", city: 'Dublin', countryCode: 'IE' });
    await t.hospital({ name: 'Ålborg Universitetshospital', city: 'Ålborg', countryCode: 'DK' });
    const people: [string, string][] = [
      ['Claire', "O'Brien"],
      ['Liam', 'D’Arcy'],
      ['Hans', 'Ørsted'],
      ['Ana ❤', 'Kavanagh'],
      ['Anna', 'Byrne'],
    ];
    for (const [givenName, familyName] of people)
      await t.clinician({ givenName, familyName, hospitalId: dublin.id });
  });
  afterAll(async () => t.app.close());
  const names = (q: string) => clinicianNamesFound(t, q, t.auth('clinician'));

  it('finds O\'Brien by "obrien" and "o\'brien", D’Arcy by "darcy", Ørsted by "oersted", Ålborg by "aalborg"', async () => {
    expect(await names('obrien')).toEqual(["O'Brien"]);
    expect(await names("o'brien")).toEqual(["O'Brien"]);
    expect(await names('darcy')).toEqual(['D’Arcy']);
    expect(await names('oersted')).toEqual(['Ørsted']);
    expect(await names('orsted')).toEqual(['Ørsted']);
    expect(await hospitalNamesFound(t, 'aalborg')).toEqual(['Ålborg Universitetshospital']);
  });

  it('ignores an emoji or symbol in the query and in names', async () => {
    expect(await names('anna 😀')).toEqual(['Byrne']);
    expect(await names('kavanagh ©')).toEqual(['Kavanagh']);
    expect(await names('heart')).toEqual([]);
  });
});

describe('ranking of whole names', () => {
  let t: DirectoryTestApp;
  beforeAll(async () => {
    t = await directoryApp();
    const h = await t.hospital({ name: 'Beaumont', city: 'Dublin', countryCode: 'IE' });
    const people: [string, string][] = [
      ['Anna-Lena', 'Kavanagh'],
      ['Lena', 'Kavanagh'],
      ['Hans', 'Mueller'],
      ['Anna', 'Müller'],
      ['Lena', 'Kavanaghová'],
      ['Eva', 'Mäder'],
      ['Eva', 'Maeder'],
    ];
    for (const [givenName, familyName] of people)
      await t.clinician({ givenName, familyName, hospitalId: h.id });
  });
  afterAll(async () => t.app.close());
  const names = async (q: string) =>
    (await t.app.inject({ url: `/api/v1/clinicians?q=${encodeURIComponent(q)}`, headers: t.admin }))
      .json()
      .items.map((c: { givenName: string; familyName: string }) => `${c.givenName} ${c.familyName}`);

  it('ranks the whole name first, then names with every word, then prefixes', async () => {
    expect(await names('lena kavanagh')).toEqual(['Lena Kavanagh', 'Anna-Lena Kavanagh', 'Lena Kavanaghová']);
    expect(await names('kavanagh lena')).toEqual(['Lena Kavanagh', 'Anna-Lena Kavanagh', 'Lena Kavanaghová']);
  });

  it('ranks the spelling as typed before another spelling of it', async () => {
    expect(await names('Müller')).toEqual(['Anna Müller', 'Hans Mueller']);
    expect(await names('mueller')).toEqual(['Hans Mueller', 'Anna Müller']);
    // Mäder is also spelt "maeder" (and sorts first, as "mader"): the name spelt as typed comes first.
    expect(await names('maeder')).toEqual(['Eva Maeder', 'Eva Mäder']);
    expect(await names('eva maeder')).toEqual(['Eva Maeder', 'Eva Mäder']);
    expect(await names('mäder')).toEqual(['Eva Mäder', 'Eva Maeder']);
    // So do prefixes: "müll" is "mull" as typed, "muell" in another spelling.
    expect(await names('müll')).toEqual(['Anna Müller', 'Hans Mueller']);
    expect(await names('muel')).toEqual(['Hans Mueller', 'Anna Müller']);
  });
});

describe('names pasted with their titles', () => {
  it('finds "Dr. Franz Weber", "Univ.-Prof. Dr. med. …" and "dr n. med. Zofia Głowacka" by the name', async () => {
    const t = await directoryApp();
    try {
      const h = await t.hospital({ name: 'AKH', city: 'Wien', countryCode: 'AT' });
      for (const [givenName, familyName] of [
        ['Franz', 'Weber'],
        ['Zofia', 'Głowacka'],
        ['Drago', 'Horvat'],
        ['Med', 'Ali'],
      ])
        await t.clinician({ givenName, familyName, hospitalId: h.id });
      const names = (q: string) => clinicianNamesFound(t, q);
      expect(await names('Dr. Franz Weber')).toEqual(['Weber']);
      expect(await names('Univ.-Prof. Dr. med. Franz Weber')).toEqual(['Weber']);
      expect(await names('dr n. med. Zofia Głowacka')).toEqual(['Głowacka']);
      expect(await names('MUDr. Zofia')).toEqual(['Głowacka']);
      // A title alone is what someone is typing: a name it begins.
      expect(await names('dr')).toEqual(['Horvat']);
      expect(await names('med')).toEqual(['Ali']);
    } finally {
      await t.app.close();
    }
  });
});

describe('e-mail addresses pasted into the search', () => {
  it('finds the clinician whose e-mail begins as typed, in any capitals, from the @ on', async () => {
    const t = await directoryApp();
    try {
      const h = await t.hospital({ name: 'AKH', city: 'Wien', countryCode: 'AT' });
      await t.clinician({
        givenName: 'Franz',
        familyName: 'Weber',
        email: 'franz.weber@akh.example',
        hospitalId: h.id,
      });
      await t.clinician({
        givenName: 'Franziska',
        familyName: 'Weber',
        email: 'f.weber@akh.example',
        hospitalId: h.id,
      });
      const names = async (q: string) =>
        (await t.app.inject({ url: `/api/v1/clinicians?q=${encodeURIComponent(q)}`, headers: t.admin }))
          .json()
          .items.map((c: { givenName: string }) => c.givenName);
      expect(await names(' Franz.Weber@AKH.example ')).toEqual(['Franz']);
      expect(await names('franz.weber@')).toEqual(['Franz']);
      expect(await names('franz.weber@other.example')).toEqual([]);
      // Before the @, the words of the address are searched as the name's.
      expect(await names('franz.weber')).toEqual(['Franz', 'Franziska']);
    } finally {
      await t.app.close();
    }
  });
});

describe('a listing sorted by names that transliterate long', () => {
  it('hands out cursors it accepts back: every page of hospitals named in ﷺ or CJK', async () => {
    const t = await directoryApp();
    try {
      for (const name of ['ﷺ'.repeat(200), `${'ﷺ'.repeat(199)}a`, '中'.repeat(200), '😀 Hospital']) {
        await t.hospital({ name, city: 'Wien', countryCode: 'AT' });
      }
      const seen: string[] = [];
      let url = '/api/v1/hospitals?limit=1&sort=name&country=AT';
      for (;;) {
        const res = await t.app.inject({ url, headers: t.admin });
        expect(res.statusCode, res.body).toBe(200);
        const page = res.json() as { items: { name: string }[]; nextCursor: string | null };
        seen.push(...page.items.map((h) => h.name));
        if (!page.nextCursor) break;
        url = `/api/v1/hospitals?limit=1&sort=name&country=AT&cursor=${page.nextCursor}`;
      }
      expect(seen.filter((n) => n.includes('ﷺ') || n.includes('中') || n.includes('😀'))).toHaveLength(4);
    } finally {
      await t.app.close();
    }
  });
});

describe('search columns of a database indexed by the previous release', () => {
  it('lose the old words of apostrophes and symbols on the upgrade that joins and drops them', async () => {
    const { path, old } = databaseBefore('_search_folding_symbols_apostrophes');
    old.sqlite.exec(`INSERT OR IGNORE INTO countries VALUES ('IE', 'Ireland', 'Europe/Dublin', 'EU')`);
    const hospitalId = oldHospital(old, {
      name: 'Beaumont',
      city: 'Dublin',
      countryCode: 'IE',
      searchName: 'beaumont',
      searchText: 'dublin ireland',
      sortName: 'beaumont',
    });
    const indexed = { hospitalId, searchText: 'beaumont dublin ireland' };
    oldClinician(old, {
      ...indexed,
      givenName: 'Claire',
      familyName: "O'Brien",
      email: 'co@example.org',
      searchName: 'claire o brien',
      sortName: 'o brien\u0001claire',
    });
    oldClinician(old, {
      ...indexed,
      givenName: 'Ana ❤',
      familyName: 'Kavanagh',
      email: 'ak@example.org',
      searchName: 'ana heart kavanagh',
      sortName: 'kavanagh\u0001ana heart',
    });
    old.close();
    const t = await directoryApp({ databasePath: path });
    try {
      expect(await clinicianNamesFound(t, 'obrien')).toEqual(["O'Brien"]);
      expect(await clinicianNamesFound(t, 'heart')).toEqual([]);
      expect(await clinicianNamesFound(t, 'ana kav')).toEqual(['Kavanagh']);
    } finally {
      await t.app.close();
    }
  });

  it('are derived again on upgrade (migration, then the rebuild at start-up), so the new spellings find old rows', async () => {
    // The previous release: the migrations before the folding change, rows indexed by its folding.
    const { path, old } = databaseBefore('_search_folding_variants');
    old.sqlite.exec(`INSERT INTO countries VALUES ('BG', 'Bulgaria', 'Europe/Sofia', 'EU')`);
    const hospitalId = oldHospital(old, {
      name: 'Медицински център – Хасково',
      city: 'Хасково',
      countryCode: 'BG',
      searchName: 'meditsinski ts ntr khaskovo',
      searchText: 'khaskovo bulgaria',
      sortName: 'meditsinski ts ntr khaskovo',
    });
    const indexed = { hospitalId, searchText: 'meditsinski ts ntr khaskovo bulgaria' };
    oldClinician(old, {
      ...indexed,
      givenName: 'Христо',
      familyName: 'Петков',
      email: 'hp@example.org',
      searchName: 'khristo petkov',
      sortName: 'petkov khristo',
    });
    // Stored decomposed before names were normalised; the old folding indexed only "mullerova".
    oldClinician(old, {
      ...indexed,
      givenName: 'Eva',
      familyName: 'Mu\u0308llerova',
      email: 'em@example.org',
      searchName: 'eva mullerova',
      sortName: 'mullerova eva',
    });
    // A dry run made before the upgrade and not committed yet: its row carries the old folding.
    pendingDryRun(old, '00000000-0000-4000-8000-000000000001', {
      givenName: 'Мария',
      familyName: 'Христова',
      email: 'mh@example.org',
      hospitalId,
      searchName: 'mariya khristova',
      searchText: 'meditsinski ts ntr khaskovo bulgaria',
      sortName: 'khristova mariya',
    });
    old.close();

    const t = await directoryApp({ databasePath: path });
    try {
      const names = (q: string) => clinicianNamesFound(t, q);
      expect(await names('hristo')).toEqual(['Петков']);
      expect(await names('khristo')).toEqual(['Петков']);
      expect(await names('haskovo')).toEqual(['Müllerova', 'Петков']);
      expect(await names('muellerova')).toEqual(['Müllerova']);
      expect(await hospitalNamesFound(t, 'haskovo')).toEqual(['Медицински център – Хасково']);
      // The pending dry run still commits, and its clinician is indexed by the new folding.
      const commit = await t.app.inject({
        method: 'POST',
        url: '/api/v1/imports/00000000-0000-4000-8000-000000000001/commit',
        headers: t.admin,
      });
      expect(commit.statusCode).toBe(200);
      expect(await names('hristova')).toEqual(['Христова']);
    } finally {
      await t.app.close();
    }
  });
});
