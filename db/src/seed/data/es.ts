import { type CountrySeed, list } from './types.js';

export const ES: CountrySeed = {
  code: 'ES',
  hospitals: 22,
  titleRate: 0.85,
  phone: {
    callingCode: '34',
    length: 9,
    prefixes: list(`91, 93, 96, 95, 976, 952, 968, 971, 928, 94, 965, 957, 983, 986, 985, 981, 958, 923, 942,
      948, 6`),
  },
  regions: [
    {
      share: 1,
      cities: list(`
        Madrid, Barcelona, València, Sevilla, Zaragoza, Málaga, Murcia, Palma, Las Palmas de Gran Canaria,
        Bilbao, Alicante, Córdoba, Valladolid, Vigo, Gijón, A Coruña, Granada, Salamanca, Santander, Pamplona
      `),
      hospitals: list(`
        hu = Hospital Universitario de {city}
        hgu = Hospital General Universitario de {city}
        hcu = Hospital Clínico Universitario de {city}
        hr = Hospital Regional de {city}
        chu = Complejo Hospitalario Universitario de {city}
      `),
      given: {
        f: list(`María, Carmen, Ana, Laura, Lucía, Marta, Elena, Cristina, Isabel, Pilar, Rocío, Nuria,
          Montserrat, Begoña, Inés, Paula`),
        m: list(`José, Antonio, Manuel, Francisco, Javier, David, Daniel, Carlos, Jesús, Alejandro, Miguel, Rafael,
          Pablo, Sergio, Jordi, Íñigo, Álvaro`),
      },
      family: list(`
        García, Rodríguez, González, Fernández, López, Martínez, Sánchez, Pérez, Gómez, Martín, Jiménez, Ruiz,
        Hernández, Díaz, Moreno, Muñoz, Álvarez, Romero, Alonso, Gutiérrez, Navarro, Torres, Domínguez,
        Vázquez, Ramos, Gil, Ramírez, Serrano, Blanco, Molina, Ibáñez, Castaño
      `),
      doubleFamily: 0.85,
      languages: [['es', 1]],
      english: 0.5,
      titles: list('Dr.|Dra.'),
    },
  ],
};
