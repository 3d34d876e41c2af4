import { type CountrySeed, list } from './types.js';

export const EE: CountrySeed = {
  code: 'EE',
  hospitals: 8,
  titleRate: 0.5,
  phone: { callingCode: '372', length: 7, prefixes: list('6, 7, 4, 3, 5/8') },
  regions: [
    {
      share: 1,
      cities: list(`
        Tallinn|Tallinna, Tartu, Narva, Pärnu, Kohtla-Järve, Viljandi, Rakvere, Maardu, Kuressaare, Sillamäe,
        Valga, Võru, Jõhvi, Haapsalu, Paide
      `),
      hospitals: list(`
        kh = {city2} Keskhaigla
        rh = {city2} Regionaalhaigla
        h = {city2} Haigla
        uk = {city2} Ülikooli Kliinikum
      `),
      given: {
        f: list(
          'Mari, Kadri, Liis, Triin, Kristiina, Anu, Tiina, Maarja, Kersti, Piret, Helen, Eve, Ülle, Merike, Külli',
        ),
        m: list(
          'Andres, Jaan, Toomas, Mart, Peeter, Tõnu, Rein, Indrek, Priit, Margus, Urmas, Jüri, Ants, Siim, Märt',
        ),
      },
      family: list(`
        Tamm, Saar, Sepp, Mägi, Kask, Kukk, Rebane, Ilves, Pärn, Koppel, Kuusk, Karu, Lepik, Kõiv, Oja,
        Raudsepp, Vaher, Luik, Laur, Kallas, Põder, Kivi, Jõgi, Lõhmus, Tuisk, Müür, Allik, Mölder
      `),
      languages: [
        ['et', 1],
        ['fi', 0.15],
      ],
      english: 0.85,
      titles: list('dr., prof.'),
    },
  ],
};
