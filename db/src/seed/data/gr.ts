import { type CountrySeed, list } from './types.js';

const GREEK_CITIES = `
  Αθήνα|Αθηνών|Athens, Θεσσαλονίκη|Θεσσαλονίκης|Thessaloniki, Πάτρα|Πατρών|Patras, Ηράκλειο|Ηρακλείου|Heraklion,
  Λάρισα|Λάρισας|Larissa, Βόλος|Βόλου|Volos, Ιωάννινα|Ιωαννίνων|Ioannina, Χανιά|Χανίων|Chania,
  Καλαμάτα|Καλαμάτας|Kalamata, Αλεξανδρούπολη|Αλεξανδρούπολης|Alexandroupoli, Κομοτηνή|Κομοτηνής|Komotini,
  Σέρρες|Σερρών|Serres, Τρίκαλα|Τρικάλων|Trikala, Ρόδος|Ρόδου|Rhodes, Κέρκυρα|Κέρκυρας|Corfu,
  Καβάλα|Καβάλας|Kavala
`;

/**
 * Part of the directory is written in Greek script, part in the Latin transliteration hospitals use
 * abroad: search and sorting have to cope with both.
 */
export const GR: CountrySeed = {
  code: 'GR',
  hospitals: 14,
  titleRate: 0.8,
  phone: {
    callingCode: '30',
    length: 10,
    prefixes:
      list(`210, 2310, 2610, 2810, 2410, 24210, 26510, 28210, 27210, 25510, 25310, 23210, 24310, 22410,
      26610, 2510, 69`),
  },
  regions: [
    {
      share: 0.55,
      cities: list(GREEK_CITIES).map((c) => c.split('|').slice(0, 2).join('|')),
      hospitals: list(`
        gn = Γενικό Νοσοκομείο {city2}
        pgn = Πανεπιστημιακό Γενικό Νοσοκομείο {city2}
        gpn = Γενικό Περιφερειακό Νοσοκομείο {city2}
        ky = Κέντρο Υγείας {city2}
      `),
      given: {
        f: list(`Μαρία, Ελένη, Αικατερίνη, Βασιλική, Σοφία, Αγγελική, Γεωργία, Δήμητρα, Κωνσταντίνα, Παναγιώτα,
          Ευαγγελία, Χριστίνα, Ιωάννα, Αναστασία`),
        m: list(`Γεώργιος, Ιωάννης, Κωνσταντίνος, Δημήτριος, Νικόλαος, Παναγιώτης, Βασίλειος, Χρήστος, Αθανάσιος,
          Μιχαήλ, Ευάγγελος, Σπυρίδων, Αντώνιος, Θεόδωρος`),
      },
      family: list(`
        Παπαδόπουλος|Παπαδοπούλου, Βασιλείου, Νικολάου, Γεωργίου, Παπαγεωργίου, Οικονόμου, Παπανικολάου,
        Ιωάννου, Κωνσταντίνου, Δημητρίου, Αντωνίου, Μακρής|Μακρή, Παππάς|Παππά, Αθανασίου, Χριστοδούλου,
        Καραγιάννης|Καραγιάννη, Αλεξίου, Σταματόπουλος|Σταματοπούλου, Παπαδάκης|Παπαδάκη,
        Αγγελόπουλος|Αγγελοπούλου, Κωστόπουλος|Κωστοπούλου, Μαυρίδης|Μαυρίδου, Λαμπράκης|Λαμπράκη,
        Σαββίδης|Σαββίδου
      `),
      languages: [['el', 1]],
      english: 0.7,
      titles: list('Δρ, Καθ.'),
    },
    {
      share: 0.45,
      cities: list(GREEK_CITIES).map((c) => c.split('|')[2] ?? c),
      hospitals: list(`
        gh = General Hospital of {city}
        ugh = University General Hospital of {city}
        rgh = Regional General Hospital of {city}
        hc = Health Centre of {city}
      `),
      given: {
        f: list(`Maria, Eleni, Aikaterini, Vasiliki, Sofia, Angeliki, Georgia, Dimitra, Konstantina, Panagiota,
          Evangelia, Christina, Ioanna, Anastasia`),
        m: list(`Georgios, Ioannis, Konstantinos, Dimitrios, Nikolaos, Panagiotis, Vasileios, Christos, Athanasios,
          Michail, Evangelos, Spyridon, Antonios, Theodoros`),
      },
      family: list(`
        Papadopoulos|Papadopoulou, Vasileiou, Nikolaou, Georgiou, Papageorgiou, Oikonomou, Papanikolaou,
        Ioannou, Konstantinou, Dimitriou, Antoniou, Makris|Makri, Pappas|Pappa, Athanasiou, Christodoulou,
        Karagiannis|Karagianni, Alexiou, Stamatopoulos|Stamatopoulou, Papadakis|Papadaki,
        Angelopoulos|Angelopoulou, Kostopoulos|Kostopoulou, Mavridis|Mavridou, Lambrakis|Lambraki,
        Savvidis|Savvidou
      `),
      languages: [['el', 1]],
      english: 0.8,
      titles: list('Dr, Prof.'),
    },
  ],
};
