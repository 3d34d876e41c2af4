import { type CountrySeed, list } from './types.js';

export const IE: CountrySeed = {
  code: 'IE',
  hospitals: 10,
  titleRate: 0.85,
  phone: {
    callingCode: '353',
    length: 9,
    prefixes: list('1/8, 21, 61, 91, 51, 41, 42, 56, 71, 74, 66, 90, 57, 49, 65, 44, 83, 85, 86, 87'),
  },
  regions: [
    {
      share: 1,
      cities: list(`
        Dublin, Cork, Limerick, Galway, Waterford, Drogheda, Dundalk, Swords, Kilkenny, Sligo, Letterkenny,
        Tralee, Athlone, Wexford, Castlebar, Tullamore, Cavan, Portlaoise, Ennis, Mullingar
      `),
      hospitals: list(`
        uh = University Hospital {city}
        rh = {city} Regional Hospital
        gh = {city} General Hospital
        mh = Mercy Hospital {city}
      `),
      given: {
        f: list(`Aoife, Siobhán, Niamh, Sinéad, Orla, Ciara, Gráinne, Áine, Caoimhe, Róisín, Mary, Sarah, Emma,
          Claire, Catherine`),
        m: list(`Seán, Patrick, Ciarán, Cathal, Liam, Eoin, Conor, Declan, Donal, Pádraig, Michael, John, Brendan,
          Fergal, Diarmuid`),
      },
      // Irish-language surnames change with gender: Ó Briain / Ní Bhriain.
      family: list(`
        Murphy, Kelly, O'Sullivan, Walsh, Smith, O'Brien, Byrne, Ryan, O'Connor, O'Neill, O'Reilly, Doyle,
        McCarthy, Gallagher, O'Doherty, Kennedy, Lynch, Murray, Quinn, Moore, McLoughlin, Connolly, Daly,
        Ó Briain|Ní Bhriain, Mac Cárthaigh|Nic Cárthaigh, Ó Súilleabháin|Ní Shúilleabháin
      `),
      languages: [
        ['en', 1],
        ['ga', 0.12],
      ],
      english: 1,
      titles: list('Dr, Prof., Mr|Ms'),
    },
  ],
};
