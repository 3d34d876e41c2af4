import { type CountrySeed, list } from './types.js';

export const SE: CountrySeed = {
  code: 'SE',
  hospitals: 13,
  titleRate: 0.3,
  phone: {
    callingCode: '46',
    length: 9,
    prefixes: list('8/9, 31, 40, 18, 21, 19, 13, 42, 36, 11, 46, 90, 26, 35, 16, 470, 54, 920, 70, 73'),
  },
  regions: [
    {
      share: 1,
      cities: list(`
        Stockholm, Göteborg, Malmö, Uppsala, Västerås, Örebro, Linköping, Helsingborg, Jönköping, Norrköping,
        Lund, Umeå, Gävle, Borås, Södertälje, Eskilstuna, Halmstad, Växjö, Karlstad, Luleå
      `),
      hospitals: list(`
        us = {city} universitetssjukhus
        ls = Länssjukhuset {city}
        las = {city} lasarett
        sj = Sjukhuset i {city}
      `),
      given: {
        f: list(`Anna, Eva, Maria, Karin, Sara, Lena, Kerstin, Emma, Ingrid, Malin, Linnéa, Elin, Johanna, Åsa,
          Sofia, Ebba`),
        m: list(`Lars, Anders, Johan, Erik, Per, Karl, Mikael, Nils, Björn, Gustav, Oskar, Magnus, Håkan, Göran,
          Fredrik, Mattias`),
      },
      family: list(`
        Andersson, Johansson, Karlsson, Nilsson, Eriksson, Larsson, Olsson, Persson, Svensson, Gustafsson,
        Pettersson, Jonsson, Jansson, Hansson, Bengtsson, Jönsson, Lindberg, Jakobsson, Magnusson,
        Lindström, Olofsson, Lindqvist, Lindgren, Berg, Axelsson, Bergström, Lundberg, Åberg, Sjöberg,
        Holmström, Ångström, Öberg
      `),
      languages: [
        ['sv', 1],
        ['no', 0.1],
        ['da', 0.08],
        ['fi', 0.05],
      ],
      english: 0.9,
      titles: list('Dr., Prof.'),
    },
  ],
};
