import { type CountrySeed, list } from './types.js';

export const SK: CountrySeed = {
  code: 'SK',
  hospitals: 10,
  titleRate: 0.9,
  phone: {
    callingCode: '421',
    length: 9,
    prefixes: list('2, 55, 51, 41, 37, 48, 33, 32, 43, 52, 46, 45, 56, 35, 36, 53, 9'),
  },
  regions: [
    {
      share: 1,
      cities: list(`
        Bratislava, Košice, Prešov, Žilina, Nitra, Banská Bystrica, Trnava, Trenčín, Martin, Poprad,
        Prievidza, Zvolen, Považská Bystrica, Michalovce, Nové Zámky, Komárno, Levice, Spišská Nová Ves
      `),
      hospitals: list(`
        fn = Fakultná nemocnica {city}
        un = Univerzitná nemocnica {city}
        nsp = Nemocnica s poliklinikou {city}
        nem = Nemocnica {city}
        vn = Všeobecná nemocnica {city}
      `),
      given: {
        f: list(`Mária, Anna, Zuzana, Katarína, Eva, Jana, Lucia, Martina, Ivana, Monika, Veronika, Soňa,
          Ľubica, Alžbeta, Dagmar, Simona`),
        m: list(`Peter, Ján, Jozef, Michal, Martin, Tomáš, Marek, Juraj, Milan, Ľubomír, Miroslav, Štefan,
          Vladimír, Dušan, Pavol, Rastislav, Ľudovít`),
      },
      family: list(`
        Horváth|Horváthová, Kováč|Kováčová, Varga|Vargová, Tóth|Tóthová, Nagy|Nagyová, Baláž|Balážová,
        Szabó|Szabóová, Molnár|Molnárová, Lukáč|Lukáčová, Novák|Nováková, Kollár|Kollárová, Hudák|Hudáková,
        Sloboda|Slobodová, Kráľ|Kráľová, Oravec|Oravcová, Šimko|Šimková, Polák|Poláková, Bartoš|Bartošová,
        Čierny|Čierna, Mikuláš|Mikulášová, Ďurica|Ďuricová, Žiak|Žiaková
      `),
      languages: [
        ['sk', 1],
        ['cs', 0.3],
        ['hu', 0.08],
      ],
      english: 0.55,
      titles: list('MUDr., doc. MUDr., prof. MUDr.'),
    },
  ],
};
