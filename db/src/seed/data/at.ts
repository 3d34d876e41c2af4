import { type CountrySeed, list } from './types.js';

export const AT: CountrySeed = {
  code: 'AT',
  hospitals: 12,
  titleRate: 0.9,
  phone: {
    callingCode: '43',
    length: 10,
    prefixes: list(
      '1/9, 316, 732, 662, 512, 463, 4242, 7242, 2742, 5572, 7252, 5522, 5574, 664/11, 676/11, 699/11',
    ),
  },
  regions: [
    {
      share: 1,
      cities: list(`
        Wien, Graz, Linz, Salzburg, Innsbruck, Klagenfurt am Wörthersee, Villach, Wels, Sankt Pölten,
        Dornbirn, Steyr, Feldkirch, Bregenz, Leoben, Krems an der Donau, Wiener Neustadt
      `),
      hospitals: list(`
        lkh = Landeskrankenhaus {city}
        uk = Universitätsklinikum {city}
        kl = Klinikum {city}
        lkl = Landesklinikum {city}
        khe = Krankenhaus der Elisabethinen {city}
        bbr = Krankenhaus der Barmherzigen Brüder {city}
      `),
      given: {
        f: list(`Maria, Anna, Elisabeth, Katharina, Barbara, Theresia, Johanna, Sabine, Christina, Magdalena,
          Verena, Birgit, Sophie, Lea`),
        m: list(`Johann, Franz, Josef, Karl, Andreas, Stefan, Florian, Lukas, Markus, Christoph, Michael, Wolfgang,
          Günther, Jürgen, Matthias, Thomas`),
      },
      family: list(`
        Gruber, Huber, Bauer, Wagner, Müller, Pichler, Steiner, Moser, Mayer, Hofer, Leitner, Berger, Fuchs,
        Eder, Fischer, Schmid, Winkler, Weber, Schwarz, Maier, Reiter, Mayr, Brunner, Lang, Baumgartner, Auer,
        Binder, Lechner, Wallner, Aigner, Ebner, Koller, Lehner, Haas, Schütz, Größinger, Pöschl
      `),
      languages: [['de', 1]],
      english: 0.65,
      titles: list('Dr., Univ.-Prof. Dr., Prim. Dr., OA Dr., Priv.-Doz. Dr.'),
    },
  ],
};
