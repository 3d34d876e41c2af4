import { type CountrySeed, list } from './types.js';

export const NO: CountrySeed = {
  code: 'NO',
  hospitals: 10,
  titleRate: 0.3,
  phone: { callingCode: '47', length: 8, prefixes: list('2, 5, 7, 3, 6, 4, 9') },
  regions: [
    {
      share: 1,
      cities: list(`
        Oslo, Bergen, Trondheim, Stavanger, Drammen, Fredrikstad, Kristiansand, Sandnes, Tromsø, Sarpsborg,
        Skien, Ålesund, Sandefjord, Haugesund, Tønsberg, Moss, Bodø, Arendal, Hamar, Lillehammer
      `),
      hospitals: list(`
        us = {city} universitetssykehus
        sh = {city} sykehus
        syk = Sykehuset {city}
        lv = {city} legevakt
      `),
      given: {
        f: list(`Ingrid, Kari, Anne, Marit, Ragnhild, Solveig, Silje, Ingeborg, Hanne, Nora, Sigrid, Tone, Åse,
          Liv, Astrid, Gro`),
        m: list(`Ole, Lars, Jan, Per, Bjørn, Knut, Arne, Svein, Håkon, Geir, Terje, Eirik, Øyvind, Magnus, Sindre,
          Jørgen`),
      },
      family: list(`
        Hansen, Johansen, Olsen, Larsen, Andersen, Pedersen, Nilsen, Kristiansen, Jensen, Karlsen, Johnsen,
        Pettersen, Eriksen, Berg, Haugen, Hagen, Johannessen, Andreassen, Jacobsen, Dahl, Jørgensen,
        Halvorsen, Henriksen, Lund, Sørensen, Strand, Solberg, Bakken, Lie, Løvås, Kjølstad, Ødegård,
        Bråten, Sæther
      `),
      languages: [
        ['no', 1],
        ['sv', 0.15],
        ['da', 0.1],
      ],
      english: 0.9,
      titles: list('Dr., Prof.'),
    },
  ],
};
