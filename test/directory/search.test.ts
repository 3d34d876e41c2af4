import { foldedTokens, foldText, queryTokens } from '@cmss/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DirectoryTestApp, directoryApp } from './helpers.js';

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
    expect(res.json().facets.country).toEqual([{ value: 'DK', count: 1 }]);
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
