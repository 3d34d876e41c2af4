import { type CountrySeed, list } from './types.js';

export const SI: CountrySeed = {
  code: 'SI',
  hospitals: 8,
  titleRate: 0.85,
  phone: { callingCode: '386', length: 8, prefixes: list('1, 2, 3, 4, 5, 7, 31, 41, 51') },
  regions: [
    {
      share: 1,
      cities: list(`
        Ljubljana, Maribor, Celje, Kranj, Koper, Velenje, Novo mesto, Ptuj, Trbovlje, Kamnik, Jesenice,
        Murska Sobota, Nova Gorica, Slovenj Gradec, Izola, Brežice, Šempeter pri Gorici
      `),
      hospitals: list(`
        ukc = Univerzitetni klinični center {city}
        sb = Splošna bolnišnica {city}
        zd = Zdravstveni dom {city}
        bol = Bolnišnica {city}
      `),
      given: {
        f: list(
          'Maja, Ana, Mojca, Nina, Petra, Špela, Urška, Tina, Katja, Nataša, Barbara, Tjaša, Mateja, Alenka, Polona',
        ),
        m: list(
          'Franc, Janez, Marko, Andrej, Matej, Luka, Jure, Boštjan, Žiga, Primož, Gregor, Aleš, Rok, Tomaž, Matjaž, Uroš',
        ),
      },
      family: list(`
        Novak, Horvat, Kovačič, Krajnc, Zupančič, Potočnik, Kovač, Mlakar, Kos, Vidmar, Golob, Turk, Božič,
        Kralj, Zupan, Bizjak, Hribar, Korošec, Rozman, Kotnik, Oblak, Petek, Žagar, Kolar, Jerman, Kavčič,
        Košir, Medved, Šuštar, Zorko, Žnidaršič
      `),
      languages: [
        ['sl', 1],
        ['hr', 0.2],
        ['de', 0.15],
      ],
      english: 0.7,
      titles: list('dr. med., asist. dr., prof. dr.'),
    },
  ],
};
