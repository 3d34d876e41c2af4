import { type CountrySeed, list } from './types.js';

export const NL: CountrySeed = {
  code: 'NL',
  hospitals: 15,
  titleRate: 0.6,
  phone: {
    callingCode: '31',
    length: 9,
    prefixes: list('20, 10, 70, 30, 40, 50, 13, 36, 76, 24, 53, 71, 43, 38, 73, 23, 55, 26, 58, 15, 6'),
  },
  regions: [
    {
      share: 1,
      cities: list(`
        Amsterdam, Rotterdam, Den Haag, Utrecht, Eindhoven, Groningen, Tilburg, Almere, Breda, Nijmegen,
        Enschede, Leiden, Maastricht, Zwolle, 's-Hertogenbosch, Haarlem, Apeldoorn, Arnhem, Leeuwarden, Delft
      `),
      hospitals: list(`
        umc = Universitair Medisch Centrum {city}
        zkh = Ziekenhuis {city}
        mc = Medisch Centrum {city}
        szh = Streekziekenhuis {city}
        saz = Sint Antonius Ziekenhuis {city}
      `),
      given: {
        f: list(`Emma, Sanne, Lotte, Anouk, Femke, Marieke, Eva, Ingrid, Annelies, Esther, Linda, Mirjam, Judith,
          Fleur, Sophie, Maaike`),
        m: list(`Jan, Pieter, Bram, Daan, Sander, Joost, Maarten, Ruben, Thijs, Willem, Hendrik, Gerrit, Jeroen,
          Mark, Niels, Sjoerd`),
      },
      family: list(`
        de Jong, Jansen, de Vries, van den Berg, van Dijk, Bakker, Janssen, Visser, Smit, Meijer, de Boer,
        Mulder, de Groot, Bos, Vos, Peters, Hendriks, van Leeuwen, Dekker, Brouwer, de Wit, Dijkstra, Smits,
        de Graaf, van der Meer, van der Linden, Kok, de Haan, Vermeulen, van Beek, IJzerman
      `),
      languages: [
        ['nl', 1],
        ['de', 0.25],
      ],
      english: 0.9,
      titles: list('dr., prof. dr.'),
    },
  ],
};
