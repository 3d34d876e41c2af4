import { type CountrySeed, list } from './types.js';

export const LI: CountrySeed = {
  code: 'LI',
  hospitals: 3,
  titleRate: 0.85,
  phone: { callingCode: '423', length: 7, prefixes: list('23, 26, 37, 38, 39, 78, 79') },
  regions: [
    {
      share: 1,
      cities: list(
        'Vaduz, Schaan, Balzers, Triesen, Eschen, Mauren, Triesenberg, Ruggell, Gamprin, Schellenberg, Planken',
      ),
      hospitals: list(`
        lsp = Landesspital {city}
        gz = Gesundheitszentrum {city}
        mz = Medizinisches Zentrum {city}
        kl = Klinik {city}
      `),
      given: {
        f: list(
          'Andrea, Claudia, Sandra, Nadine, Monika, Manuela, Jasmin, Selina, Lea, Carmen, Doris, Jolanda',
        ),
        m: list(
          'Daniel, Thomas, Patrick, Marco, Christoph, Markus, Roland, Jürgen, Stefan, Adrian, Mario, René',
        ),
      },
      family: list(`
        Büchel, Frick, Marxer, Ospelt, Kaiser, Beck, Wanger, Hasler, Meier, Vogt, Sele, Risch, Schädler, Kind,
        Matt, Öhri, Bühler, Gstöhl, Eberle, Nägele, Negele, Jehle, Batliner, Quaderer, Walser, Zünd
      `),
      languages: [['de', 1]],
      english: 0.7,
      titles: list('Dr. med., Prof. Dr. med.'),
    },
  ],
};
