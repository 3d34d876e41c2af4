import { type CountrySeed, list } from './types.js';

const CYPRIOT_CITIES = `
  Λευκωσία|Λευκωσίας|Nicosia, Λεμεσός|Λεμεσού|Limassol, Λάρνακα|Λάρνακας|Larnaca, Πάφος|Πάφου|Paphos,
  Παραλίμνι|Παραλιμνίου|Paralimni, Στρόβολος|Στροβόλου|Strovolos, Λακατάμεια|Λακατάμειας|Lakatamia,
  Αγία Νάπα|Αγίας Νάπας|Ayia Napa, Πόλις Χρυσοχούς|Πόλεως Χρυσοχούς|Polis Chrysochous,
  Κυπερούντα|Κυπερούντας|Kyperounta
`;

export const CY: CountrySeed = {
  code: 'CY',
  hospitals: 5,
  titleRate: 0.8,
  phone: { callingCode: '357', length: 8, prefixes: list('22, 25, 24, 26, 23, 99, 96, 97') },
  regions: [
    {
      share: 0.6,
      cities: list(CYPRIOT_CITIES).map((c) => c.split('|').slice(0, 2).join('|')),
      hospitals: list(`
        gn = Γενικό Νοσοκομείο {city2}
        an = Αγροτικό Νοσοκομείο {city2}
        ik = Ιατρικό Κέντρο {city2}
      `),
      given: {
        f: list(
          'Μαρία, Ελένη, Άντρη, Χρυστάλλα, Έλενα, Στέλλα, Γεωργία, Παναγιώτα, Κατερίνα, Μαρίνα, Σωτηρούλα',
        ),
        m: list(
          'Ανδρέας, Γιώργος, Κώστας, Χαράλαμπος, Μιχάλης, Νίκος, Σάββας, Παναγιώτης, Στέλιος, Χρίστος, Λοΐζος, Μάριος',
        ),
      },
      family: list(`
        Γεωργίου, Χαραλάμπους, Ιωάννου, Κωνσταντίνου, Νικολάου, Χριστοφόρου, Αντωνίου, Ανδρέου, Μιχαήλ,
        Παναγιώτου, Σάββα, Χριστοδούλου, Κυριάκου, Στυλιανού, Λοΐζου, Ευαγγέλου, Θεοδώρου, Δημητρίου, Πέτρου
      `),
      languages: [['el', 1]],
      english: 0.9,
      titles: list('Δρ, Καθ.'),
    },
    {
      share: 0.4,
      cities: list(CYPRIOT_CITIES).map((c) => c.split('|')[2] ?? c),
      hospitals: list(`
        gh = General Hospital of {city}
        mc = {city} Medical Centre
        ph = {city} Private Hospital
      `),
      given: {
        f: list(
          'Maria, Eleni, Andri, Chrystalla, Elena, Stella, Georgia, Panayiota, Katerina, Marina, Soteroulla',
        ),
        m: list(
          'Andreas, Giorgos, Kostas, Charalambos, Michalis, Nikos, Savvas, Panayiotis, Stelios, Christos, Loizos, Marios',
        ),
      },
      family: list(`
        Georgiou, Charalambous, Ioannou, Konstantinou, Nicolaou, Christoforou, Antoniou, Andreou, Michael,
        Panayiotou, Savva, Christodoulou, Kyriakou, Stylianou, Loizou, Evangelou, Theodorou, Demetriou, Petrou
      `),
      languages: [['el', 1]],
      english: 0.95,
      titles: list('Dr, Prof.'),
    },
  ],
};
