import { type CountrySeed, list } from './types.js';

export const LV: CountrySeed = {
  code: 'LV',
  hospitals: 8,
  titleRate: 0.5,
  phone: { callingCode: '371', length: 8, prefixes: list('67, 65, 63, 64, 2') },
  regions: [
    {
      share: 1,
      cities: list(`
        Rīga|Rīgas, Daugavpils, Liepāja|Liepājas, Jelgava|Jelgavas, Jūrmala|Jūrmalas, Ventspils,
        Rēzekne|Rēzeknes, Valmiera|Valmieras, Jēkabpils, Ogre|Ogres, Tukums|Tukuma, Cēsis|Cēsu,
        Sigulda|Siguldas, Kuldīga|Kuldīgas
      `),
      hospitals: list(`
        kus = {city2} klīniskā universitātes slimnīca
        rs = {city2} reģionālā slimnīca
        ps = {city2} pilsētas slimnīca
        ss = {city2} slimnīca
      `),
      given: {
        f: list(
          'Anna, Kristīne, Inese, Ilze, Līga, Laura, Dace, Iveta, Sandra, Zane, Marta, Evija, Elīna, Baiba, Santa',
        ),
        m: list(
          'Jānis, Andris, Mārtiņš, Edgars, Kārlis, Aivars, Juris, Māris, Artūrs, Raimonds, Guntis, Oskars, Roberts, Valdis, Ēriks',
        ),
      },
      family: list(`
        Bērziņš|Bērziņa, Kalniņš|Kalniņa, Ozoliņš|Ozoliņa, Jansons|Jansone, Ozols|Ozola, Liepiņš|Liepiņa,
        Krūmiņš|Krūmiņa, Balodis|Balode, Kalējs|Kalēja, Zariņš|Zariņa, Pētersons|Pētersone, Vītols|Vītola,
        Kļaviņš|Kļaviņa, Kārkliņš|Kārkliņa, Vanags|Vanaga, Lapiņš|Lapiņa, Siliņš|Siliņa,
        Grīnbergs|Grīnberga, Eglītis|Eglīte, Strazdiņš|Strazdiņa
      `),
      languages: [
        ['lv', 1],
        ['lt', 0.05],
      ],
      english: 0.8,
      titles: list('Dr., Prof.'),
    },
  ],
};
