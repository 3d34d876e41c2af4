import { type CountrySeed, list } from './types.js';

export const LT: CountrySeed = {
  code: 'LT',
  hospitals: 8,
  titleRate: 0.5,
  phone: { callingCode: '370', length: 8, prefixes: list('5, 37, 46, 41, 45, 315, 343, 6') },
  regions: [
    {
      share: 1,
      cities: list(`
        Vilnius|Vilniaus, Kaunas|Kauno, Klaipėda|Klaipėdos, Šiauliai|Šiaulių, Panevėžys|Panevėžio,
        Alytus|Alytaus, Marijampolė|Marijampolės, Mažeikiai|Mažeikių, Jonava|Jonavos, Utena|Utenos,
        Kėdainiai|Kėdainių, Telšiai|Telšių, Tauragė|Tauragės
      `),
      hospitals: list(`
        ul = {city2} universitetinė ligoninė
        rl = {city2} respublikinė ligoninė
        rgl = {city2} regioninė ligoninė
        ml = {city2} miesto ligoninė
      `),
      given: {
        f: list(
          'Ona, Rūta, Jurgita, Kristina, Aušra, Rasa, Inga, Lina, Agnė, Eglė, Gintarė, Vaida, Ieva, Giedrė, Dalia',
        ),
        m: list(`Jonas, Tomas, Mindaugas, Darius, Andrius, Marius, Vytautas, Paulius, Rimantas, Gediminas, Tadas,
          Mantas, Saulius, Algirdas, Žydrūnas`),
      },
      family: list(`
        Kazlauskas|Kazlauskienė, Jankauskas|Jankauskienė, Petrauskas|Petrauskienė, Stankevičius|Stankevičienė,
        Vasiliauskas|Vasiliauskienė, Žukauskas|Žukauskienė, Butkus|Butkienė, Paulauskas|Paulauskienė,
        Urbonas|Urbonienė, Kavaliauskas|Kavaliauskienė, Baranauskas|Baranauskienė, Pocius|Pocienė,
        Navickas|Navickienė, Sakalauskas|Sakalauskienė, Ramanauskas|Ramanauskienė, Žilinskas|Žilinskienė,
        Šimkus|Šimkienė, Lukoševičius|Lukoševičienė, Adomaitis|Adomaitienė, Mockus|Mockienė
      `),
      languages: [
        ['lt', 1],
        ['pl', 0.08],
      ],
      english: 0.75,
      titles: list('dr., prof. dr., med. dr.'),
    },
  ],
};
