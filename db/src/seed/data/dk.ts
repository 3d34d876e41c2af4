import { type CountrySeed, list } from './types.js';

export const DK: CountrySeed = {
  code: 'DK',
  hospitals: 10,
  titleRate: 0.3,
  phone: { callingCode: '45', length: 8, prefixes: list('3, 4, 6, 7, 8, 9, 2') },
  regions: [
    {
      share: 1,
      cities: list(`
        København, Aarhus, Odense, Aalborg, Esbjerg, Randers, Kolding, Horsens, Vejle, Roskilde, Herning,
        Hørsholm, Silkeborg, Næstved, Fredericia, Viborg, Holbæk, Hillerød, Sønderborg
      `),
      hospitals: list(`
        uh = {city} Universitetshospital
        rh = Regionshospitalet {city}
        sgh = {city} Sygehus
        he = Hospitalsenheden {city}
      `),
      given: {
        f: list(`Anne, Mette, Kirsten, Hanne, Susanne, Lene, Camilla, Line, Maria, Louise, Ida, Freja, Sofie,
          Signe, Birgitte, Mathilde`),
        m: list(`Jens, Peter, Lars, Søren, Niels, Anders, Morten, Rasmus, Mads, Frederik, Jesper, Henrik, Thomas,
          Kasper, Bjørn, Jørgen`),
      },
      family: list(`
        Nielsen, Jensen, Hansen, Pedersen, Andersen, Christensen, Larsen, Sørensen, Rasmussen, Jørgensen,
        Petersen, Madsen, Kristensen, Olsen, Thomsen, Christiansen, Poulsen, Johansen, Møller, Mortensen,
        Østergaard, Kjær, Lund, Holm, Dahl, Bækgaard, Søndergaard, Nørgaard, Lauridsen, Frølund
      `),
      languages: [
        ['da', 1],
        ['sv', 0.1],
        ['no', 0.1],
      ],
      english: 0.9,
      titles: list('Dr., Prof.'),
    },
  ],
};
