import { type CountrySeed, list } from './types.js';

/** Flemish hospitals with Dutch names and staff, Walloon and Brussels ones with French. */
export const BE: CountrySeed = {
  code: 'BE',
  hospitals: 13,
  titleRate: 0.8,
  phone: {
    callingCode: '32',
    length: 8,
    prefixes: list('2, 3, 9, 4, 10, 11, 16, 50, 56, 65, 71, 81, 15, 53, 470/9, 475/9, 486/9'),
  },
  regions: [
    {
      share: 0.6,
      cities: list(`
        Antwerpen, Gent, Brugge, Leuven, Mechelen, Aalst, Kortrijk, Hasselt, Sint-Niklaas, Oostende, Genk,
        Roeselare, Turnhout
      `),
      hospitals: list(`
        uz = Universitair Ziekenhuis {city}
        az = AZ {city}
        azsj = AZ Sint-Jan {city}
        azm = AZ Sint-Maarten {city}
      `),
      given: {
        f: list(
          'Sofie, An, Els, Katrien, Lies, Griet, Hilde, Ann, Nathalie, Eline, Lotte, Femke, Inge, Veerle',
        ),
        m: list('Jan, Pieter, Koen, Bart, Wouter, Tom, Joris, Stijn, Dirk, Geert, Luc, Jeroen, Thijs, Wim'),
      },
      family: list(`
        Peeters, Janssens, Maes, Jacobs, Mertens, Willems, Claes, Goossens, Wouters, De Smet, Vermeulen,
        Van den Broeck, De Clercq, Hermans, Van Damme, Verhoeven, De Backer, Desmet, Vandenberghe,
        Van de Velde, Coppens, Martens, Cools, Verstraete
      `),
      languages: [
        ['nl', 1],
        ['fr', 0.45],
        ['de', 0.05],
      ],
      english: 0.8,
      titles: list('dr., prof. dr.'),
    },
    {
      share: 0.4,
      cities: list(`
        Bruxelles|de Bruxelles, Liège|de Liège, Charleroi|de Charleroi, Namur|de Namur, Mons|de Mons,
        La Louvière|de La Louvière, Tournai|de Tournai, Verviers|de Verviers, Arlon|d'Arlon, Wavre|de Wavre,
        Mouscron|de Mouscron, Seraing|de Seraing
      `),
      hospitals: list(`
        chu = Centre Hospitalier Universitaire {city2}
        chr = Centre Hospitalier Régional {city2}
        gh = Grand Hôpital {city2}
        csj = Clinique Saint-Joseph {city2}
      `),
      given: {
        f: list(
          'Marie, Sophie, Julie, Laura, Aurélie, Céline, Valérie, Isabelle, Anne-Catherine, Noémie, Hélène, Charlotte',
        ),
        m: list(`Jean, Olivier, Michel, Philippe, Christophe, Jean-François, Pierre, Nicolas, Damien, Grégoire,
          Benoît, Maxime, Cédric, François`),
      },
      family: list(`
        Dubois, Lambert, Dupont, Martin, Simon, Laurent, Leclercq, Lejeune, Renard, Dumont, François, Collard,
        Lemaire, Fontaine, Henrard, Delvaux, Denis, Gérard, Mathieu, Hubert, Wathelet, Piron, Thiry, Lecomte
      `),
      languages: [
        ['fr', 1],
        ['nl', 0.35],
        ['de', 0.05],
      ],
      english: 0.65,
      titles: list('Dr, Pr'),
    },
  ],
};
