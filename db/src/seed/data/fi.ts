import { type CountrySeed, list } from './types.js';

export const FI: CountrySeed = {
  code: 'FI',
  hospitals: 10,
  titleRate: 0.35,
  phone: {
    callingCode: '358',
    length: 9,
    prefixes: list('9/8, 2, 3, 5, 6, 8, 13, 14, 15, 16, 17, 19, 40, 50'),
  },
  regions: [
    {
      share: 1,
      // Finnish hospital names take the genitive: Tampereen yliopistollinen sairaala.
      cities: list(`
        Helsinki|Helsingin, Espoo|Espoon, Tampere|Tampereen, Vantaa|Vantaan, Oulu|Oulun, Turku|Turun,
        Jyväskylä|Jyväskylän, Lahti|Lahden, Kuopio|Kuopion, Pori|Porin, Joensuu|Joensuun,
        Lappeenranta|Lappeenrannan, Hämeenlinna|Hämeenlinnan, Vaasa|Vaasan, Seinäjoki|Seinäjoen,
        Rovaniemi|Rovaniemen, Kotka|Kotkan, Mikkeli|Mikkelin
      `),
      hospitals: list(`
        yo = {city2} yliopistollinen sairaala
        ks = {city2} keskussairaala
        as = {city2} aluesairaala
        kps = {city2} kaupunginsairaala
      `),
      given: {
        f: list(`Anna, Maria, Helena, Johanna, Liisa, Kaisa, Sanna, Päivi, Tiina, Minna, Riikka, Aino, Elina,
          Satu, Hanna, Maarit`),
        m: list(`Juha, Mikko, Timo, Matti, Jari, Antti, Pekka, Heikki, Jukka, Markku, Ville, Janne, Tuomas, Olli,
          Sami, Jyrki`),
      },
      family: list(`
        Korhonen, Virtanen, Mäkinen, Nieminen, Mäkelä, Hämäläinen, Laine, Heikkinen, Koskinen, Järvinen,
        Lehtonen, Lehtinen, Saarinen, Salminen, Heinonen, Niemi, Heikkilä, Kinnunen, Salonen, Turunen, Salo,
        Laitinen, Tuominen, Rantanen, Karjalainen, Jokinen, Mattila, Savolainen, Lahtinen, Ahonen,
        Pöllänen, Kärkkäinen
      `),
      languages: [
        ['fi', 1],
        ['sv', 0.15],
      ],
      english: 0.9,
      titles: list('Dr., Prof.'),
    },
  ],
};
