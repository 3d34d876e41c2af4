import { type CountrySeed, list } from './types.js';

const BULGARIAN_CITIES = `
  София|Sofia, Пловдив|Plovdiv, Варна|Varna, Бургас|Burgas, Русе|Ruse, Стара Загора|Stara Zagora,
  Плевен|Pleven, Сливен|Sliven, Добрич|Dobrich, Шумен|Shumen, Перник|Pernik, Хасково|Haskovo, Ямбол|Yambol,
  Пазарджик|Pazardzhik, Благоевград|Blagoevgrad, Велико Търново|Veliko Tarnovo, Враца|Vratsa, Габрово|Gabrovo
`;

/** Cyrillic for most entries, Latin transliteration for the rest, as in the Greek data. */
export const BG: CountrySeed = {
  code: 'BG',
  hospitals: 10,
  titleRate: 0.85,
  phone: {
    callingCode: '359',
    length: 8,
    prefixes: list(`2, 32, 52, 56, 82, 42, 64, 44, 58, 54, 76, 38, 46, 34, 73, 62, 92, 66, 87/9, 88/9, 89/9`),
  },
  regions: [
    {
      share: 0.6,
      cities: list(BULGARIAN_CITIES).map((c) => c.split('|')[0] ?? c),
      hospitals: list(`
        umbal = УМБАЛ – {city}
        mbal = МБАЛ – {city}
        ub = Университетска болница – {city}
        mc = Медицински център – {city}
      `),
      given: {
        f: list(`Мария, Иванка, Елена, Йорданка, Петя, Десислава, Гергана, Цветелина, Надежда, Радостина, Снежана,
          Анелия, Мила, Виолета`),
        m: list(`Георги, Иван, Димитър, Николай, Петър, Христо, Стоян, Тодор, Васил, Стефан, Александър, Калоян,
          Веселин, Любомир`),
      },
      family: list(`
        Иванов|Иванова, Георгиев|Георгиева, Димитров|Димитрова, Петров|Петрова, Николов|Николова,
        Христов|Христова, Стоянов|Стоянова, Тодоров|Тодорова, Илиев|Илиева, Василев|Василева,
        Атанасов|Атанасова, Петков|Петкова, Ангелов|Ангелова, Колев|Колева, Йорданов|Йорданова,
        Маринов|Маринова, Попов|Попова, Цветков|Цветкова, Шишков|Шишкова
      `),
      languages: [['bg', 1]],
      english: 0.55,
      titles: list('д-р, доц. д-р, проф. д-р'),
    },
    {
      share: 0.4,
      cities: list(BULGARIAN_CITIES).map((c) => c.split('|')[1] ?? c),
      hospitals: list(`
        umbal = UMBAL {city}
        mbal = MBAL {city}
        uh = University Hospital {city}
      `),
      given: {
        f: list(`Maria, Ivanka, Elena, Yordanka, Petya, Desislava, Gergana, Tsvetelina, Nadezhda, Radostina,
          Snezhana, Aneliya, Mila, Violeta`),
        m: list(`Georgi, Ivan, Dimitar, Nikolay, Petar, Hristo, Stoyan, Todor, Vasil, Stefan, Aleksandar, Kaloyan,
          Veselin, Lyubomir`),
      },
      family: list(`
        Ivanov|Ivanova, Georgiev|Georgieva, Dimitrov|Dimitrova, Petrov|Petrova, Nikolov|Nikolova,
        Hristov|Hristova, Stoyanov|Stoyanova, Todorov|Todorova, Iliev|Ilieva, Vasilev|Vasileva,
        Atanasov|Atanasova, Petkov|Petkova, Angelov|Angelova, Kolev|Koleva, Yordanov|Yordanova,
        Marinov|Marinova, Popov|Popova, Tsvetkov|Tsvetkova, Shishkov|Shishkova
      `),
      languages: [['bg', 1]],
      english: 0.7,
      titles: list('Dr., Assoc. Prof., Prof. Dr.'),
    },
  ],
};
