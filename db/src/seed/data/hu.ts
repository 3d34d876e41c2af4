import { type CountrySeed, list } from './types.js';

export const HU: CountrySeed = {
  code: 'HU',
  hospitals: 12,
  titleRate: 0.9,
  phone: {
    callingCode: '36',
    length: 8,
    prefixes: list(
      '1, 52, 62, 46, 72, 96, 42, 76, 22, 94, 56, 34, 82, 23, 88, 66, 92, 36, 99, 20/9, 30/9, 70/9',
    ),
  },
  regions: [
    {
      share: 1,
      // Hungarian institution names use the adjectival form of the city: Debreceni, Pécsi, Egri.
      cities: list(`
        Budapest|Budapesti, Debrecen|Debreceni, Szeged|Szegedi, Miskolc|Miskolci, Pécs|Pécsi, Győr|Győri,
        Nyíregyháza|Nyíregyházi, Kecskemét|Kecskeméti, Székesfehérvár|Székesfehérvári,
        Szombathely|Szombathelyi, Szolnok|Szolnoki, Tatabánya|Tatabányai, Kaposvár|Kaposvári, Érd|Érdi,
        Veszprém|Veszprémi, Békéscsaba|Békéscsabai, Zalaegerszeg|Zalaegerszegi, Eger|Egri, Sopron|Soproni
      `),
      hospitals: list(`
        ekk = {city2} Egyetemi Klinikai Központ
        mk = {city2} Megyei Kórház
        vk = {city2} Városi Kórház
        ok = {city2} Oktatókórház
      `),
      given: {
        f: list(`Anna, Katalin, Éva, Erzsébet, Zsuzsanna, Ágnes, Judit, Ildikó, Krisztina, Eszter, Réka, Zsófia,
          Boglárka, Noémi, Orsolya`),
        m: list(`László, István, József, János, Zoltán, Sándor, Gábor, Ferenc, Attila, Péter, Tamás, Balázs,
          Csaba, Gergely, Levente, Bence`),
      },
      family: list(`
        Nagy, Kovács, Tóth, Szabó, Horváth, Varga, Kiss, Molnár, Németh, Farkas, Balogh, Papp, Takács,
        Juhász, Lakatos, Mészáros, Oláh, Simon, Rácz, Fekete, Szilágyi, Török, Fehér, Gál, Szűcs, Kocsis,
        Pintér, Fodor, Szalai, Sipos, Magyar, Lukács, Gulyás, Bíró, Király, Bodnár
      `),
      languages: [
        ['hu', 1],
        ['de', 0.25],
      ],
      english: 0.6,
      titles: list('dr., Prof. dr., dr. habil.'),
    },
  ],
};
