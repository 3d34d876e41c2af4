import { type CountrySeed, list } from './types.js';

export const LU: CountrySeed = {
  code: 'LU',
  hospitals: 5,
  titleRate: 0.8,
  phone: { callingCode: '352', length: 8, prefixes: list('2, 4, 5, 8, 621/9, 661/9, 691/9') },
  regions: [
    {
      share: 1,
      cities: list(`
        Luxembourg|de Luxembourg, Esch-sur-Alzette|d'Esch-sur-Alzette, Differdange|de Differdange,
        Dudelange|de Dudelange, Ettelbruck|d'Ettelbruck, Diekirch|de Diekirch, Wiltz|de Wiltz,
        Echternach|d'Echternach, Mersch|de Mersch, Remich|de Remich, Grevenmacher|de Grevenmacher,
        Clervaux|de Clervaux, Pétange|de Pétange
      `),
      hospitals: list(`
        ch = Centre Hospitalier {city2}
        hop = Hôpital {city2}
        csm = Clinique Sainte-Marie {city2}
        mm = Maison médicale {city2}
      `),
      given: {
        f: list(
          'Anne, Marie, Carole, Nathalie, Sandra, Isabelle, Martine, Claudine, Joëlle, Mireille, Lena, Léa',
        ),
        m: list('Jean, Marc, Paul, Luc, Claude, Patrick, Jos, Romain, Gilles, Tom, Yves, Pit'),
      },
      family: list(`
        Schmit, Muller, Weber, Hoffmann, Wagner, Thill, Schroeder, Reuter, Klein, Kremer, Faber, Schiltz,
        Welter, Becker, Hansen, Weis, Kieffer, Majerus, Goedert, Frisch, Steichen, Bettendorf, Da Silva,
        Ferreira, Pereira
      `),
      languages: [
        ['lb', 0.85],
        ['fr', 0.9],
        ['de', 0.8],
      ],
      english: 0.7,
      titles: list('Dr, Pr'),
    },
  ],
};
