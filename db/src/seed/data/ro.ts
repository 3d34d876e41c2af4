import { type CountrySeed, list } from './types.js';

export const RO: CountrySeed = {
  code: 'RO',
  hospitals: 15,
  titleRate: 0.85,
  phone: {
    callingCode: '40',
    length: 9,
    prefixes: list(
      '21, 31, 264, 256, 232, 241, 251, 268, 236, 244, 259, 239, 257, 248, 269, 234, 265, 262, 230, 7',
    ),
  },
  regions: [
    {
      share: 1,
      cities: list(`
        București, Cluj-Napoca, Timișoara, Iași, Constanța, Craiova, Brașov, Galați, Ploiești, Oradea, Brăila,
        Arad, Pitești, Sibiu, Bacău, Târgu Mureș, Baia Mare, Suceava, Botoșani
      `),
      hospitals: list(`
        scju = Spitalul Clinic Județean de Urgență {city}
        scu = Spitalul Clinic de Urgență {city}
        sm = Spitalul Municipal {city}
        sc = Spitalul Clinic {city}
        scbi = Spitalul Clinic de Boli Infecțioase {city}
      `),
      given: {
        f: list(`Maria, Elena, Ioana, Andreea, Mihaela, Cristina, Alexandra, Gabriela, Ana, Simona, Raluca, Diana,
          Oana, Roxana, Ștefania, Alina`),
        m: list(`Ion, Andrei, Mihai, Alexandru, Gheorghe, Constantin, Florin, Ștefan, Cristian, Adrian, Bogdan,
          Radu, Vlad, Dragoș, Ionuț, Răzvan, Cătălin`),
      },
      family: list(`
        Popescu, Ionescu, Popa, Pop, Radu, Dumitru, Stan, Stoica, Gheorghe, Matei, Ciobanu, Rusu, Munteanu,
        Constantin, Mihai, Șerban, Dobre, Lungu, Tănase, Nistor, Ursu, Moldovan, Bălan, Mureșan, Țurcan,
        Căpraru, Florea, Neagu, Bîrsan, Lăzărescu
      `),
      languages: [
        ['ro', 1],
        ['hu', 0.06],
        ['fr', 0.15],
      ],
      english: 0.6,
      titles: list('Dr., Conf. Dr., Prof. Dr.'),
    },
  ],
};
