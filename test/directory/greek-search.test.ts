import { foldedTokens, queryAlternatives } from '@cmss/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBefore, oldClinician, oldHospital, pendingDryRun } from '../helpers/previous-release.js';
import { clinicianNamesFound, type DirectoryTestApp, directoryApp, hospitalNamesFound } from './helpers.js';

/**
 * Greek μπ, ντ, γκ are said b, d, g at the start of a word, and most people write them so in Latin
 * letters (Μπακογιάννης: Bakogiannis), where passports and any-ascii write "mp", "nt", "gk".
 */
describe('folding of Greek μπ, ντ, γκ', () => {
  it('indexes a word-initial μπ/ντ/γκ as b/d/g besides the passport spelling', () => {
    expect(foldedTokens('Μπακογιάννης')).toEqual(['mpakogiannis', 'bakogiannis']);
    expect(foldedTokens('Ντίνος')).toEqual(['ntinos', 'dinos']);
    expect(foldedTokens('Γκίκας')).toEqual(['gkikas', 'gikas']);
    // After a hyphen too: a double-barrelled name is two words.
    expect(foldedTokens('Παπα-Ντόπουλου')).toEqual(['papa', 'ntopoyloy', 'ntopoulou', 'dopoulou']);
  });

  it('keeps the passport spelling of a name that also has ου: Μπούρας is "Mpouras" and "Bouras"', () => {
    expect(foldedTokens('Μπούρας')).toEqual(['mpoyras', 'mpouras', 'bouras']);
    expect(queryAlternatives('Μπούρας')).toEqual([['mpoyras'], ['mpouras'], ['bouras']]);
  });

  it('leaves μπ/ντ/γκ inside a word as the passport writes them, and Latin names alone', () => {
    expect(foldedTokens('Λαμπράκης')).toEqual(['lamprakis']);
    expect(foldedTokens('Αντωνίου')).toEqual(['antonioy', 'antoniou']);
    expect(foldedTokens('Mpofu Lampe')).toEqual(['mpofu', 'lampe']);
    expect(queryAlternatives('mpofu')).toEqual([['mpofu']]);
    expect(queryAlternatives('Μπακ')).toEqual([['mpak'], ['bak']]);
  });
});

describe('search for Greek names with μπ, ντ, γκ', () => {
  let t: DirectoryTestApp;
  beforeAll(async () => {
    t = await directoryApp();
    const athens = await t.hospital({ name: 'Evangelismos', city: 'Athens', countryCode: 'GR' });
    const munich = await t.hospital({ name: 'Klinikum Großhadern', city: 'München', countryCode: 'DE' });
    const people: [string, string, number][] = [
      ['Ντίνος', 'Μπακογιάννης', athens.id],
      ['Γιώργος', 'Γκίκας', athens.id],
      ['Λάμπρος', 'Μπούρας', athens.id],
      ['Tendai', 'Mpofu', munich.id],
      ['Anna', 'Lampe', munich.id],
    ];
    for (const [givenName, familyName, hospitalId] of people) {
      await t.clinician({ givenName, familyName, hospitalId });
    }
  });
  afterAll(async () => t.app.close());

  const names = (q: string) => clinicianNamesFound(t, q, t.auth('clinician'));

  it('finds Μπακογιάννης by "bakogiannis", by the passport\'s "mpakogiannis" and by "Μπακ"', async () => {
    expect(await names('bakogiannis')).toEqual(['Μπακογιάννης']);
    expect(await names('bakog')).toEqual(['Μπακογιάννης']);
    expect(await names('mpakogiannis')).toEqual(['Μπακογιάννης']);
    expect(await names('Μπακ')).toEqual(['Μπακογιάννης']);
    expect(await names('dinos')).toEqual(['Μπακογιάννης']);
    expect(await names('ntinos')).toEqual(['Μπακογιάννης']);
    expect(await names('gikas')).toEqual(['Γκίκας']);
  });

  it('finds Μπούρας by "bouras", "mpouras" and in Greek', async () => {
    expect(await names('bouras')).toEqual(['Μπούρας']);
    expect(await names('mpouras')).toEqual(['Μπούρας']);
    expect(await names('Μπούρας')).toEqual(['Μπούρας']);
  });

  it('does not read Latin "mp" as b', async () => {
    expect(await names('mpofu')).toEqual(['Mpofu']);
    expect(await names('bofu')).toEqual([]);
    expect(await names('lampe')).toEqual(['Lampe']);
    expect(await names('lambe')).toEqual([]);
  });
});

describe('search columns of a database indexed before b/d/g were indexed', () => {
  it('are derived again on upgrade, so "bakogiannis" finds a clinician stored by the previous release', async () => {
    // The previous release: the migrations before this folding change, rows indexed by its folding.
    const { path, old } = databaseBefore('_search_folding_greek_initials');
    old.sqlite.exec(`INSERT INTO countries VALUES ('GR', 'Greece', 'Europe/Athens', 'EU')`);
    const addHospital = (name: string, words: string) =>
      oldHospital(old, {
        name,
        city: 'Αθήνα',
        countryCode: 'GR',
        searchName: words,
        searchText: 'athina greece',
        sortName: words,
      });
    const dunant = addHospital('Ερρίκος Ντυνάν', 'errikos ntynan');
    const evangelismos = addHospital('Evangelismos', 'evangelismos');
    const add = (given: string, family: string, hospitalId: number, words: string, hospitalWords: string) =>
      oldClinician(old, {
        givenName: given,
        familyName: family,
        hospitalId,
        email: `${words.replace(' ', '.')}@example.org`,
        searchName: words,
        searchText: hospitalWords,
        sortName: words,
      });
    add('Ντίνος', 'Μπακογιάννης', evangelismos, 'ntinos mpakogiannis', 'evangelismos athina greece');
    // Her name has no μπ/ντ/γκ, her hospital's has: she is found by its new spelling too.
    add('Μαρία', 'Παπαδάκη', dunant, 'maria papadaki', 'errikos ntynan athina greece');
    // A dry run made before the upgrade and not committed yet: its row carries the old folding.
    pendingDryRun(old, '00000000-0000-4000-8000-000000000002', {
      givenName: 'Γιώργος',
      familyName: 'Γκίκας',
      email: 'gg@example.org',
      hospitalId: evangelismos,
      searchName: 'giorgos gkikas',
      searchText: 'evangelismos athina greece',
      sortName: 'gkikas\u0001giorgos',
    });
    old.close();

    const t = await directoryApp({ databasePath: path });
    try {
      const names = (q: string) => clinicianNamesFound(t, q);
      expect(await names('bakogiannis')).toEqual(['Μπακογιάννης']);
      expect(await names('dinos')).toEqual(['Μπακογιάννης']);
      expect(await names('mpakogiannis')).toEqual(['Μπακογιάννης']);
      expect(await names('dynan')).toEqual(['Παπαδάκη']);
      expect(await hospitalNamesFound(t, 'dynan')).toEqual(['Ερρίκος Ντυνάν']);
      // The pending dry run still commits, and its clinician is indexed by the new folding.
      const commit = await t.app.inject({
        method: 'POST',
        url: '/api/v1/imports/00000000-0000-4000-8000-000000000002/commit',
        headers: t.admin,
      });
      expect(commit.statusCode).toBe(200);
      expect(await names('gikas')).toEqual(['Γκίκας']);
    } finally {
      await t.app.close();
    }
  });
});
