import { type CountrySeed, list } from './types.js';

export const IS: CountrySeed = {
  code: 'IS',
  hospitals: 5,
  titleRate: 0.2,
  phone: { callingCode: '354', length: 7, prefixes: list('4, 5, 8, 6') },
  regions: [
    {
      share: 1,
      cities: list(`
        Reykjavík|Reykjavíkur, Akureyri|Akureyrar, Kópavogur|Kópavogs, Hafnarfjörður|Hafnarfjarðar,
        Reykjanesbær|Reykjanesbæjar, Garðabær|Garðabæjar, Mosfellsbær|Mosfellsbæjar, Selfoss|Selfoss,
        Akranes|Akraness, Egilsstaðir|Egilsstaða, Ísafjörður|Ísafjarðar, Húsavík|Húsavíkur
      `),
      hospitals: list(`
        sh = Sjúkrahús {city2}
        hs = Heilbrigðisstofnun {city2}
        hg = Heilsugæsla {city2}
        ls = Læknastöð {city2}
      `),
      given: {
        f: list(`Guðrún, Anna, Kristín, Sigríður, Margrét, Helga, Sigrún, Ingibjörg, Jóhanna, Katrín, Sólveig,
          Steinunn, Þórunn, Hildur, Ásdís`),
        m: list(`Jón, Sigurður, Guðmundur, Gunnar, Ólafur, Einar, Kristján, Magnús, Stefán, Jóhann, Björn, Árni,
          Þórður, Helgi, Halldór`),
      },
      // Patronymics: the "surname" is the father's name plus -son or -dóttir.
      family: list(`
        Jónsson|Jónsdóttir, Sigurðsson|Sigurðardóttir, Guðmundsson|Guðmundsdóttir, Gunnarsson|Gunnarsdóttir,
        Ólafsson|Ólafsdóttir, Einarsson|Einarsdóttir, Kristjánsson|Kristjánsdóttir, Magnússon|Magnúsdóttir,
        Stefánsson|Stefánsdóttir, Jóhannsson|Jóhannsdóttir, Björnsson|Björnsdóttir, Árnason|Árnadóttir,
        Þórðarson|Þórðardóttir, Helgason|Helgadóttir, Halldórsson|Halldórsdóttir, Pétursson|Pétursdóttir
      `),
      languages: [
        ['is', 1],
        ['da', 0.3],
      ],
      english: 0.95,
      titles: list('Dr., Prof.'),
    },
  ],
};
