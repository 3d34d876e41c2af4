import { listingScope } from '@cmss/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DirectoryTestApp, directoryApp } from './helpers.js';

interface Facet {
  value: string;
  label: string;
  count: number;
}
interface Page {
  items: { id: number; familyName?: string; name?: string }[];
  nextCursor: string | null;
  facets?: Record<string, Facet[]>;
}

/**
 * Two Polish hospitals and a German one; five active clinicians and an inactive one:
 *   Kowalska  Łódź    cardiology              pl en
 *   Nowak     Łódź    cardiology neurology    pl
 *   Wiśniewska Kraków oncology                pl de
 *   Müller    Berlin  cardiology              de en
 *   Schmidt   Berlin  neurology               de
 *   Zieliński Kraków  cardiology (inactive)   pl
 */
describe('directory listings: cursors and facets', () => {
  let t: DirectoryTestApp;
  const hospital: Record<string, number> = {};
  beforeAll(async () => {
    t = await directoryApp();
    hospital.lodz = (await t.hospital({ name: 'Szpital Kliniczny', city: 'Łódź', countryCode: 'PL' })).id;
    hospital.krakow = (
      await t.hospital({ name: 'Szpital Wojewódzki', city: 'Kraków', countryCode: 'PL' })
    ).id;
    hospital.berlin = (await t.hospital({ name: 'Charité', city: 'Berlin', countryCode: 'DE' })).id;
    const people: [string, number, string[], string[]][] = [
      ['Kowalska', hospital.lodz, ['cardiology'], ['pl', 'en']],
      ['Nowak', hospital.lodz, ['cardiology', 'neurology'], ['pl']],
      ['Wiśniewska', hospital.krakow, ['oncology'], ['pl', 'de']],
      ['Müller', hospital.berlin, ['cardiology'], ['de', 'en']],
      ['Schmidt', hospital.berlin, ['neurology'], ['de']],
      ['Zieliński', hospital.krakow, ['cardiology'], ['pl']],
    ];
    for (const [familyName, hospitalId, specialties, languages] of people) {
      const c = await t.clinician({ familyName, hospitalId, specialties, languages });
      if (familyName === 'Zieliński') {
        expect((await t.patchClinician(c.id, { status: 'inactive' })).statusCode).toBe(200);
      }
    }
  });
  afterAll(async () => t.app.close());

  const get = (url: string) => t.app.inject({ url, headers: t.admin });
  const page = async (url: string): Promise<Page> => {
    const res = await get(url);
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    return res.json();
  };
  const familyNames = (p: Page) => p.items.map((c) => c.familyName);
  /** The error of a request that must be refused as a cursor of something else. */
  const refused = async (url: string) => {
    const res = await get(url);
    expect(res.statusCode, url).toBe(400);
    const { code, message } = res.json().error as { code: string; message: string };
    expect(code, url).toBe('invalid_cursor');
    return message;
  };

  describe('cursors', () => {
    it('pages only the listing that made it: a clinicians cursor is refused by /hospitals and back', async () => {
      const clinicians = (await page('/api/v1/clinicians?limit=1')).nextCursor!;
      const hospitals = (await page('/api/v1/hospitals?limit=1')).nextCursor!;
      expect(await refused(`/api/v1/hospitals?limit=1&cursor=${clinicians}`)).toMatch(/another listing/);
      expect(await refused(`/api/v1/clinicians?limit=1&cursor=${hospitals}`)).toMatch(/another listing/);
      expect(await refused('/api/v1/clinicians?cursor=garbage')).toMatch(/malformed/);
    });

    it('made before the upgrade that named their listing are refused with what to do: start again', async () => {
      // The shape of a cursor the previous release handed out: its sort and the last row's key.
      const old = Buffer.from(JSON.stringify({ s: 'name', k: ['kowalska\u0001anna', 3] })).toString(
        'base64url',
      );
      expect(await refused(`/api/v1/clinicians?sort=name&cursor=${old}`)).toMatch(
        /before CMSS was upgraded.*start again from the first page/,
      );
    });

    it('is refused when the search, a filter or the status changes, but not for another parameter order or page size', async () => {
      const filters = 'country=PL&country=DE&specialty=cardiology&specialty=neurology';
      const first = await page(`/api/v1/clinicians?sort=name&limit=1&${filters}`);
      expect(familyNames(first)).toEqual(['Kowalska']);
      const cursor = first.nextCursor!;
      // Same listing, parameters and repeated values in another order, a bigger page: the next rows.
      const rest = await page(
        `/api/v1/clinicians?specialty=neurology&country=DE&limit=10&sort=name&specialty=cardiology&country=PL&cursor=${cursor}`,
      );
      expect(familyNames(rest)).toEqual(['Müller', 'Nowak', 'Schmidt']);
      for (const changed of [
        'sort=name&country=PL&specialty=cardiology&specialty=neurology', // a country less
        `sort=name&${filters}&language=de`, // a filter more
        `sort=name&${filters}&q=mu`, // a search
        `sort=name&${filters}&status=all`, // inactive records too
        `sort=-name&${filters}`,
      ]) {
        expect(await refused(`/api/v1/clinicians?${changed}&cursor=${cursor}`)).toMatch(
          /other filters, search or sort/,
        );
      }
      // A search of its own: its next page needs the same words.
      const searched = await page('/api/v1/clinicians?q=szpital&sort=name&limit=1');
      expect(await refused(`/api/v1/clinicians?q=charite&sort=name&cursor=${searched.nextCursor}`)).toMatch(
        /other filters, search or sort/,
      );
      // The same words in other capitals or spacing find the same rows in the same order: the cursor
      // follows them (it used to be refused as another search).
      const ranked = await page('/api/v1/clinicians?q=szpital&limit=1');
      const whole = familyNames(await page('/api/v1/clinicians?q=szpital&limit=50'));
      const next = await page(`/api/v1/clinicians?q=%20SZPITAL%20&limit=50&cursor=${ranked.nextCursor}`);
      expect([...familyNames(ranked), ...familyNames(next)]).toEqual(whole);
      // Another spelling ranks otherwise (the one typed first): another search.
      expect(listingScope('clinicians', { q: 'müller' })).not.toBe(
        listingScope('clinicians', { q: 'mueller' }),
      );
      expect(listingScope('clinicians', { q: ' MÜLLER' })).toBe(listingScope('clinicians', { q: 'müller' }));
    });

    it('binds a hospitals cursor to its filters as well', async () => {
      const first = await page('/api/v1/hospitals?country=PL&limit=1');
      expect(first.nextCursor).not.toBeNull();
      expect(
        (await page(`/api/v1/hospitals?country=PL&limit=5&cursor=${first.nextCursor}`)).items,
      ).toHaveLength(1);
      for (const changed of [
        'country=DE',
        'country=PL&referenceCentre=false',
        'country=PL&network=ern-lung',
      ]) {
        expect(await refused(`/api/v1/hospitals?${changed}&cursor=${first.nextCursor}`)).toMatch(
          /other filters, search or sort/,
        );
      }
    });
  });

  describe('facets', () => {
    it('labels every entry and gives as its value what the filter parameter takes', async () => {
      const { facets } = await page('/api/v1/clinicians?facets=true&limit=1');
      expect(facets!.country).toEqual([
        { value: 'PL', label: 'Poland', count: 3 },
        { value: 'DE', label: 'Germany', count: 2 },
      ]);
      expect(facets!.specialty).toEqual([
        { value: 'cardiology', label: 'Cardiology', count: 3 },
        { value: 'neurology', label: 'Neurology', count: 2 },
        { value: 'oncology', label: 'Oncology', count: 1 },
      ]);
      expect(facets!.language).toEqual([
        { value: 'de', label: 'German', count: 3 },
        { value: 'pl', label: 'Polish', count: 3 },
        { value: 'en', label: 'English', count: 2 },
      ]);
      expect(facets!.hospital).toEqual([
        { value: String(hospital.berlin), label: 'Charité', count: 2 },
        { value: String(hospital.lodz), label: 'Szpital Kliniczny', count: 2 },
        { value: String(hospital.krakow), label: 'Szpital Wojewódzki', count: 1 },
      ]);
      // Passed back as the filter (hospital → hospitalId), each value finds as many as it counted.
      const parameter = {
        country: 'country',
        hospital: 'hospitalId',
        specialty: 'specialty',
        language: 'language',
      };
      for (const [facet, name] of Object.entries(parameter)) {
        for (const entry of facets![facet]!) {
          const found = await page(`/api/v1/clinicians?${name}=${entry.value}&limit=200`);
          expect(found.items, `${name}=${entry.value}`).toHaveLength(entry.count);
        }
      }
      const hospitals = await page('/api/v1/hospitals?facets=true');
      expect(hospitals.facets!.country).toEqual([
        { value: 'PL', label: 'Poland', count: 2 },
        { value: 'DE', label: 'Germany', count: 1 },
      ]);
    });

    it("counts each facet with every filter but its own, so a chosen value's siblings stay with their counts", async () => {
      const cardiology = await page('/api/v1/clinicians?specialty=cardiology&facets=true');
      expect(familyNames(cardiology)).toEqual(['Kowalska', 'Müller', 'Nowak']);
      const counts = (facets: Facet[]) => facets.map((f) => [f.value, f.count]);
      // The specialty filter does not narrow the specialty facet; it narrows the others.
      expect(counts(cardiology.facets!.specialty!)).toEqual([
        ['cardiology', 3],
        ['neurology', 2],
        ['oncology', 1],
      ]);
      expect(counts(cardiology.facets!.country!)).toEqual([
        ['PL', 2],
        ['DE', 1],
      ]);
      expect(counts(cardiology.facets!.language!)).toEqual([
        ['en', 2],
        ['pl', 2],
        ['de', 1],
      ]);

      const german = await page('/api/v1/clinicians?specialty=cardiology&country=DE&facets=true');
      expect(familyNames(german)).toEqual(['Müller']);
      expect(counts(german.facets!.country!)).toEqual([
        ['PL', 2],
        ['DE', 1],
      ]);
      expect(counts(german.facets!.specialty!)).toEqual([
        ['cardiology', 1],
        ['neurology', 1],
      ]);
      // What a count promises: choosing that value alone (other filters kept) finds that many.
      for (const entry of german.facets!.specialty!) {
        const found = await page(`/api/v1/clinicians?country=DE&specialty=${entry.value}`);
        expect(found.items, entry.value).toHaveLength(entry.count);
      }
      for (const entry of german.facets!.country!) {
        const found = await page(`/api/v1/clinicians?specialty=cardiology&country=${entry.value}`);
        expect(found.items, entry.value).toHaveLength(entry.count);
      }

      const lodz = await page(`/api/v1/clinicians?hospitalId=${hospital.lodz}&language=en&facets=true`);
      expect(familyNames(lodz)).toEqual(['Kowalska']);
      expect(counts(lodz.facets!.hospital!)).toEqual([
        [String(hospital.berlin), 1],
        [String(hospital.lodz), 1],
      ]);
      expect(counts(lodz.facets!.language!)).toEqual([
        ['pl', 2],
        ['en', 1],
      ]);

      const hospitals = await page('/api/v1/hospitals?country=PL&facets=true');
      expect(hospitals.items).toHaveLength(2);
      expect(hospitals.facets!.country).toEqual([
        { value: 'PL', label: 'Poland', count: 2 },
        { value: 'DE', label: 'Germany', count: 1 },
      ]);
    });

    it('lists every chosen value, last with a count of 0 when the other filters leave it no match', async () => {
      // Oncology is only in Kraków; Berlin has no Polish speaker.
      const none = await page(
        `/api/v1/clinicians?specialty=oncology&language=pl&country=DE&hospitalId=${hospital.berlin}&facets=true`,
      );
      expect(none.items).toEqual([]);
      const last = (facet: string) => none.facets![facet]!.at(-1);
      expect(last('country')).toEqual({ value: 'DE', label: 'Germany', count: 0 });
      expect(last('hospital')).toEqual({ value: String(hospital.berlin), label: 'Charité', count: 0 });
      expect(last('specialty')).toEqual({ value: 'oncology', label: 'Oncology', count: 0 });
      expect(last('language')).toEqual({ value: 'pl', label: 'Polish', count: 0 });
      // Listed once, with its count, when it has matches.
      const berlin = await page(
        `/api/v1/clinicians?hospitalId=${hospital.berlin}&specialty=neurology&facets=true`,
      );
      expect(berlin.facets!.hospital!.filter((f) => f.value === String(hospital.berlin))).toEqual([
        { value: String(hospital.berlin), label: 'Charité', count: 1 },
      ]);
      // A hospital id that is no hospital labels nothing: it is not listed.
      const unknown = await page('/api/v1/clinicians?hospitalId=999999&facets=true');
      expect(unknown.facets!.hospital!.map((f) => f.value)).not.toContain('999999');

      const hospitals = await page('/api/v1/hospitals?country=FR&q=charite&facets=true');
      expect(hospitals.items).toEqual([]);
      expect(hospitals.facets!.country).toEqual([
        { value: 'DE', label: 'Germany', count: 1 },
        { value: 'FR', label: 'France', count: 0 },
      ]);
    });
  });
});

describe('hospital facet of a directory with many hospitals', () => {
  let t: DirectoryTestApp;
  afterAll(async () => t?.app.close());

  it('keeps a chosen hospital in the facet when it is not among the 20 with most matches', async () => {
    t = await directoryApp();
    for (let i = 1; i <= 20; i++) {
      const h = await t.hospital({ name: `Hospital ${i}`, city: 'Wrocław' });
      await t.clinician({ hospitalId: h.id });
      await t.clinician({ hospitalId: h.id });
    }
    const small = await t.hospital({ name: 'Small Hospital', city: 'Opole' });
    await t.clinician({ hospitalId: small.id });
    const res = await t.app.inject({
      url: `/api/v1/clinicians?hospitalId=${small.id}&facets=true`,
      headers: t.admin,
    });
    expect(res.statusCode).toBe(200);
    const hospitals = res.json().facets.hospital as Facet[];
    expect(hospitals).toHaveLength(21);
    expect(hospitals.at(-1)).toEqual({ value: String(small.id), label: 'Small Hospital', count: 1 });
  });
});
