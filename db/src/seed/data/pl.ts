import { type CountrySeed, list } from './types.js';

export const PL: CountrySeed = {
  code: 'PL',
  hospitals: 20,
  titleRate: 0.85,
  phone: {
    callingCode: '48',
    length: 9,
    prefixes: list('22, 12, 42, 71, 61, 58, 91, 52, 81, 85, 32, 17, 56, 41, 89, 77, 68, 5, 6'),
  },
  regions: [
    {
      share: 1,
      cities: list(`
        Warszawa|Warszawie, Kraków|Krakowie, Łódź|Łodzi, Wrocław|Wrocławiu, Poznań|Poznaniu, Gdańsk|Gdańsku,
        Szczecin|Szczecinie, Bydgoszcz|Bydgoszczy, Lublin|Lublinie, Białystok|Białymstoku, Katowice|Katowicach,
        Gdynia|Gdyni, Częstochowa|Częstochowie, Rzeszów|Rzeszowie, Toruń|Toruniu, Kielce|Kielcach,
        Olsztyn|Olsztynie, Opole|Opolu, Zielona Góra|Zielonej Górze
      `),
      hospitals: list(`
        usk = Uniwersytecki Szpital Kliniczny w {city2}
        su = Szpital Uniwersytecki w {city2}
        wss = Wojewódzki Szpital Specjalistyczny w {city2}
        szw = Szpital Wojewódzki {city}
        sm = Szpital Miejski w {city2}
        wsz = Wojewódzki Szpital Zespolony w {city2}
      `),
      given: {
        f: list(`Anna, Maria, Katarzyna, Małgorzata, Agnieszka, Barbara, Ewa, Magdalena, Joanna, Aleksandra,
          Zofia, Dorota, Beata, Justyna, Monika, Jadwiga, Elżbieta, Grażyna`),
        m: list(`Piotr, Krzysztof, Tomasz, Paweł, Michał, Marcin, Łukasz, Jakub, Grzegorz, Andrzej, Wojciech,
          Mateusz, Bartłomiej, Jarosław, Mirosław, Stanisław, Przemysław, Zbigniew`),
      },
      family: list(`
        Nowak, Kowalski|Kowalska, Wiśniewski|Wiśniewska, Wójcik, Kowalczyk, Kamiński|Kamińska,
        Lewandowski|Lewandowska, Zieliński|Zielińska, Szymański|Szymańska, Woźniak, Dąbrowski|Dąbrowska,
        Kozłowski|Kozłowska, Jankowski|Jankowska, Mazur, Krawczyk, Piotrowski|Piotrowska, Grabowski|Grabowska,
        Pawłowski|Pawłowska, Michalski|Michalska, Król, Wieczorek, Jabłoński|Jabłońska, Wróbel,
        Majewski|Majewska, Stępień, Górski|Górska, Żak, Sikora, Głowacki|Głowacka, Kołodziej, Małecki|Małecka
      `),
      languages: [['pl', 1]],
      english: 0.6,
      titles: list('dr n. med., lek., dr hab. n. med., prof. dr hab. n. med.'),
    },
  ],
};
