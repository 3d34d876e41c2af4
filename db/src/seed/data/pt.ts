import { type CountrySeed, list } from './types.js';

export const PT: CountrySeed = {
  code: 'PT',
  hospitals: 12,
  titleRate: 0.85,
  phone: {
    callingCode: '351',
    length: 9,
    prefixes: list('21, 22, 239, 253, 289, 234, 232, 266, 265, 291, 296, 244, 259, 273, 272, 282, 243, 9'),
  },
  regions: [
    {
      share: 1,
      // Portuguese contracts "de o" to "do": Centro Hospitalar do Porto.
      cities: list(`
        Lisboa|de Lisboa, Porto|do Porto, Coimbra|de Coimbra, Braga|de Braga, Faro|de Faro, Aveiro|de Aveiro,
        Viseu|de Viseu, Évora|de Évora, Setúbal|de Setúbal, Funchal|do Funchal, Ponta Delgada|de Ponta Delgada,
        Leiria|de Leiria, Guimarães|de Guimarães, Vila Real|de Vila Real, Bragança|de Bragança,
        Castelo Branco|de Castelo Branco, Portimão|de Portimão, Santarém|de Santarém
      `),
      hospitals: list(`
        chu = Centro Hospitalar Universitário {city2}
        hd = Hospital Distrital {city2}
        uls = Unidade Local de Saúde {city2}
        hp = Hospital Privado {city2}
        hsm = Hospital de Santa Maria {city2}
      `),
      given: {
        f: list(`Maria, Ana, Joana, Inês, Beatriz, Mariana, Catarina, Sofia, Rita, Teresa, Margarida, Leonor,
          Conceição, Fátima, Helena`),
        m: list(`João, José, António, Francisco, Manuel, Pedro, Luís, Miguel, Tiago, Rui, Nuno, Gonçalo, Paulo,
          Ricardo, Duarte, Sérgio`),
      },
      family: list(`
        Silva, Santos, Ferreira, Pereira, Oliveira, Costa, Rodrigues, Martins, Jesus, Sousa, Fernandes,
        Gonçalves, Gomes, Lopes, Marques, Alves, Almeida, Ribeiro, Pinto, Carvalho, Teixeira, Moreira,
        Correia, Mendes, Nunes, Soares, Vieira, Magalhães, Simões, Conceição
      `),
      doubleFamily: 0.6,
      languages: [['pt', 1]],
      english: 0.6,
      titles: list('Dr.|Dra., Prof. Doutor|Prof.ª Doutora'),
    },
  ],
};
