import { type CountrySeed, list } from './types.js';

export const IT: CountrySeed = {
  code: 'IT',
  hospitals: 24,
  titleRate: 0.9,
  // Italian fixed-line numbers keep their leading 0 after +39.
  phone: {
    callingCode: '39',
    length: 10,
    prefixes: list(`06, 02, 081, 011, 091, 010, 051, 055, 080, 095, 041, 045, 049, 040, 030, 0521, 075, 070,
      050, 3`),
  },
  regions: [
    {
      share: 1,
      cities: list(`
        Roma, Milano, Napoli, Torino, Palermo, Genova, Bologna, Firenze, Bari, Catania, Venezia, Verona,
        Padova, Trieste, Brescia, Parma, Perugia, Cagliari, Pisa
      `),
      hospitals: list(`
        aou = Azienda Ospedaliero-Universitaria di {city}
        ao = Azienda Ospedaliera {city}
        oc = Ospedale Civile di {city}
        pu = Policlinico Universitario di {city}
        osg = Ospedale San Giovanni di {city}
        om = Ospedale Maggiore di {city}
      `),
      given: {
        f: list(`Giulia, Francesca, Chiara, Sara, Valentina, Alessandra, Martina, Elena, Federica, Silvia, Paola,
          Laura, Roberta, Ilaria, Lucia, Benedetta`),
        m: list(`Marco, Giuseppe, Luca, Andrea, Francesco, Alessandro, Matteo, Lorenzo, Davide, Stefano, Giovanni,
          Antonio, Niccolò, Riccardo, Fabrizio, Pietro`),
      },
      family: list(`
        Rossi, Russo, Ferrari, Esposito, Bianchi, Romano, Colombo, Ricci, Marino, Greco, Bruno, Gallo, Conti,
        De Luca, Mancini, Costa, Giordano, Rizzo, Lombardi, Moretti, Barbieri, Fontana, Santoro, Mariani,
        Rinaldi, Caruso, Ferrara, Galli, Martini, Leone, Longo, Gentile, D'Angelo, Fabbri
      `),
      languages: [['it', 1]],
      english: 0.5,
      titles: list('Dott.|Dott.ssa, Prof.|Prof.ssa'),
    },
  ],
};
