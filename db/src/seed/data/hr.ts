import { type CountrySeed, list } from './types.js';

export const HR: CountrySeed = {
  code: 'HR',
  hospitals: 10,
  titleRate: 0.85,
  phone: {
    callingCode: '385',
    length: 8,
    prefixes: list('1, 21, 51, 31, 23, 35, 52, 47, 44, 42, 22, 20, 43, 48, 32, 40, 34, 91/9, 98/9, 99/9'),
  },
  regions: [
    {
      share: 1,
      cities: list(`
        Zagreb, Split, Rijeka, Osijek, Zadar, Velika Gorica, Slavonski Brod, Pula, Karlovac, Sisak, Varaždin,
        Šibenik, Dubrovnik, Bjelovar, Koprivnica, Vinkovci, Vukovar, Čakovec, Požega
      `),
      hospitals: list(`
        kbc = Klinički bolnički centar {city}
        ob = Opća bolnica {city}
        kb = Klinička bolnica {city}
        ozb = Opća županijska bolnica {city}
        sb = Specijalna bolnica {city}
      `),
      given: {
        f: list(`Ana, Marija, Ivana, Petra, Maja, Kristina, Katarina, Martina, Nikolina, Josipa, Lucija, Mirjana,
          Snježana, Željka, Dubravka`),
        m: list(`Ivan, Marko, Josip, Luka, Tomislav, Ante, Stjepan, Mario, Hrvoje, Dario, Krešimir, Nikola, Damir,
          Željko, Goran, Zoran`),
      },
      family: list(`
        Horvat, Kovačević, Babić, Marić, Jurić, Novak, Kovačić, Knežević, Vuković, Marković, Petrović, Matić,
        Tomić, Pavlović, Kovač, Božić, Blažević, Grgić, Pavić, Radić, Perić, Filipović, Šarić, Lovrić,
        Vidović, Perković, Popović, Bošnjak, Jukić, Barišić, Đurić, Čović, Šimić
      `),
      languages: [
        ['hr', 1],
        ['de', 0.15],
        ['it', 0.1],
      ],
      english: 0.65,
      titles: list('dr. med., prim. dr. med., prof. dr. sc., izv. prof. dr. sc.'),
    },
  ],
};
