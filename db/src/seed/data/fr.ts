import { type CountrySeed, list } from './types.js';

export const FR: CountrySeed = {
  code: 'FR',
  hospitals: 24,
  titleRate: 0.85,
  phone: { callingCode: '33', length: 9, prefixes: list('1, 2, 3, 4, 5, 6, 7') },
  regions: [
    {
      share: 1,
      // French elides "de" before a vowel and contracts it with "le": d'Angers, du Havre.
      cities: list(`
        Paris|de Paris, Marseille|de Marseille, Lyon|de Lyon, Toulouse|de Toulouse, Nice|de Nice,
        Nantes|de Nantes, Strasbourg|de Strasbourg, Montpellier|de Montpellier, Bordeaux|de Bordeaux,
        Lille|de Lille, Rennes|de Rennes, Reims|de Reims, Saint-Étienne|de Saint-Étienne, Le Havre|du Havre,
        Grenoble|de Grenoble, Dijon|de Dijon, Angers|d'Angers, Nîmes|de Nîmes,
        Clermont-Ferrand|de Clermont-Ferrand, Besançon|de Besançon
      `),
      hospitals: list(`
        chu = Centre Hospitalier Universitaire {city2}
        ch = Centre Hospitalier {city2}
        chr = Centre Hospitalier Régional {city2}
        hp = Hôpital privé {city2}
        hsj = Hôpital Saint-Joseph {city2}
        cp = Clinique du Parc {city2}
      `),
      given: {
        f: list(`Marie, Camille, Sophie, Isabelle, Nathalie, Claire, Élodie, Céline, Amélie, Hélène, Chloé, Manon,
          Léa, Françoise, Anaïs, Inès`),
        m: list(`Jean, Pierre, Nicolas, Philippe, François, Julien, Thomas, Antoine, Mathieu, Sébastien, Jérôme,
          Benoît, Olivier, Laurent, Hugo, Loïc, Jean-Luc, Rémi`),
      },
      family: list(`
        Martin, Bernard, Dubois, Thomas, Robert, Richard, Petit, Durand, Leroy, Moreau, Simon, Laurent, Lefèvre,
        Michel, Garcia, David, Bertrand, Roux, Vincent, Fournier, Morel, Girard, André, Lefebvre, Mercier,
        Dupont, Lambert, Bonnet, Gauthier, Chevalier, Lemaître, Ménard, Faure, Rousseau
      `),
      languages: [['fr', 1]],
      english: 0.5,
      titles: list('Dr, Pr'),
    },
  ],
};
