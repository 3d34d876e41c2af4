import { type CountrySeed, list } from './types.js';

export const CZ: CountrySeed = {
  code: 'CZ',
  hospitals: 13,
  titleRate: 0.9,
  phone: {
    callingCode: '420',
    length: 9,
    prefixes: list('2, 5, 59, 37, 48, 58, 38, 49, 47, 46, 57, 35, 60, 73, 77'),
  },
  regions: [
    {
      share: 1,
      cities: list(`
        Praha, Brno, Ostrava, Plzeň, Liberec, Olomouc, České Budějovice, Hradec Králové, Ústí nad Labem,
        Pardubice, Zlín, Havířov, Kladno, Most, Opava, Jihlava, Karlovy Vary, Frýdek-Místek, Třebíč
      `),
      hospitals: list(`
        fn = Fakultní nemocnice {city}
        kn = Krajská nemocnice {city}
        mn = Městská nemocnice {city}
        nem = Nemocnice {city}
        on = Oblastní nemocnice {city}
      `),
      given: {
        f: list(`Jana, Marie, Eva, Hana, Anna, Lenka, Kateřina, Lucie, Věra, Alena, Petra, Veronika, Jaroslava,
          Tereza, Zuzana, Michaela`),
        m: list(`Jiří, Jan, Petr, Josef, Pavel, Martin, Tomáš, Jaroslav, Miroslav, Zdeněk, Václav, Michal,
          František, Jakub, Lukáš, Radek, Ondřej, Vojtěch`),
      },
      family: list(`
        Novák|Nováková, Svoboda|Svobodová, Novotný|Novotná, Dvořák|Dvořáková, Černý|Černá,
        Procházka|Procházková, Kučera|Kučerová, Veselý|Veselá, Horák|Horáková, Němec|Němcová, Marek|Marková,
        Pokorný|Pokorná, Pospíšil|Pospíšilová, Hájek|Hájková, Jelínek|Jelínková, Král|Králová,
        Růžička|Růžičková, Beneš|Benešová, Fiala|Fialová, Sedláček|Sedláčková, Doležal|Doležalová,
        Zeman|Zemanová, Kolář|Kolářová, Krejčí, Navrátil|Navrátilová, Čermák|Čermáková, Vaněk|Vaňková,
        Blažek|Blažková, Kříž|Křížová, Řezníček|Řezníčková
      `),
      languages: [
        ['cs', 1],
        ['sk', 0.15],
      ],
      english: 0.6,
      titles: list('MUDr., doc. MUDr., prof. MUDr.'),
    },
  ],
};
