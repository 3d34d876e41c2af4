import { type CountrySeed, list } from './types.js';

export const MT: CountrySeed = {
  code: 'MT',
  hospitals: 4,
  titleRate: 0.85,
  phone: { callingCode: '356', length: 8, prefixes: list('21, 22, 23, 25, 27, 79, 99') },
  regions: [
    {
      share: 1,
      cities: list(`
        Valletta, Birkirkara, Mosta, Qormi, Żabbar, Sliema, San Ġwann, Naxxar, Rabat, Victoria, Msida,
        Żejtun, Fgura, Żebbuġ, Siġġiewi
      `),
      hospitals: list(`
        sp = Sptar {city}
        cs = Ċentru tas-Saħħa {city}
        gh = {city} General Hospital
        pk = Poliklinika {city}
      `),
      given: {
        f: list('Maria, Rita, Josephine, Carmen, Doris, Graziella, Roberta, Claire, Marthese, Antonella'),
        m: list('Joseph, John, Charles, Mario, Anthony, Ġużeppi, Ġorġ, Pawlu, Karmenu, Kevin, Mark, Luke'),
      },
      family: list(`
        Borg, Camilleri, Vella, Farrugia, Zammit, Galea, Micallef, Grech, Attard, Spiteri, Azzopardi, Mifsud,
        Agius, Pace, Cassar, Caruana, Xuereb, Debono, Sammut, Abela, Fenech, Buttigieg, Schembri, Psaila,
        Muscat, Bonello, Cutajar, Ellul, Ċachia, Saliba
      `),
      languages: [
        ['mt', 0.95],
        ['en', 1],
        ['it', 0.2],
      ],
      english: 1,
      titles: list('Dr, Prof.'),
    },
  ],
};
