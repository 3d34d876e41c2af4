import { type CountrySeed, list } from './types.js';

export const DE: CountrySeed = {
  code: 'DE',
  hospitals: 26,
  titleRate: 0.85,
  phone: {
    callingCode: '49',
    length: 10,
    prefixes: list(`30/10, 40/10, 89/10, 221, 69/10, 711, 211, 341, 231, 201, 421, 351, 511, 911, 761, 931,
      551, 451, 251, 7071, 151/11, 160/11, 170/11`),
  },
  regions: [
    {
      share: 1,
      cities: list(`
        Berlin, Hamburg, München, Köln, Frankfurt am Main, Stuttgart, Düsseldorf, Leipzig, Dortmund, Essen,
        Bremen, Dresden, Hannover, Nürnberg, Freiburg im Breisgau, Würzburg, Göttingen, Lübeck, Münster, Tübingen
      `),
      hospitals: list(`
        ukl = Universitätsklinikum {city}
        kl = Klinikum {city}
        skl = Städtisches Klinikum {city}
        ekh = Evangelisches Krankenhaus {city}
        mh = Marienhospital {city}
        kbb = Krankenhaus der Barmherzigen Brüder {city}
      `),
      given: {
        f: list(`Anna, Julia, Katharina, Sabine, Petra, Ursula, Monika, Claudia, Andrea, Stefanie, Lena, Sophie,
          Birgit, Jutta, Dörte, Hannelore, Anke, Marie`),
        m: list(`Thomas, Michael, Andreas, Stefan, Klaus, Jürgen, Jörg, Matthias, Wolfgang, Frank, Günter, Lukas,
          Felix, Maximilian, Tobias, Sebastian, Dieter, Björn`),
      },
      family: list(`
        Müller, Schmidt, Schneider, Fischer, Weber, Meyer, Wagner, Becker, Schulz, Hoffmann, Schäfer, Koch,
        Bauer, Richter, Klein, Wolf, Schröder, Neumann, Schwarz, Zimmermann, Braun, Krüger, Hartmann, Lange,
        Groß, Weiß, Strauß, Voß, Köhler, Jäger, Böhm, Lührs, Kühn, Fuchs, Günther
      `),
      languages: [['de', 1]],
      english: 0.7,
      titles: list('Dr. med., Prof. Dr. med., PD Dr. med., Dr. med. habil.'),
    },
  ],
};
