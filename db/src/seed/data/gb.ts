import { type CountrySeed, list } from './types.js';

export const GB: CountrySeed = {
  code: 'GB',
  hospitals: 24,
  titleRate: 0.85,
  phone: {
    callingCode: '44',
    length: 10,
    prefixes: list(`20, 121, 161, 113, 141, 131, 151, 117, 114, 191, 29, 28, 115, 116, 23, 1865, 1223, 1224,
      1752, 1603, 7`),
  },
  regions: [
    {
      share: 1,
      cities: list(`
        London, Birmingham, Manchester, Leeds, Glasgow, Edinburgh, Liverpool, Bristol, Sheffield,
        Newcastle upon Tyne, Cardiff, Belfast, Nottingham, Leicester, Southampton, Oxford, Cambridge,
        Aberdeen, Plymouth, Norwich
      `),
      hospitals: list(`
        uh = University Hospital {city}
        ri = {city} Royal Infirmary
        gh = {city} General Hospital
        ch = {city} Children's Hospital
        smh = St Mary's Hospital {city}
        rh = Royal {city} Hospital
      `),
      given: {
        f: list(`Sarah, Emma, Charlotte, Emily, Hannah, Rebecca, Laura, Rachel, Olivia, Sophie, Catherine, Fiona,
          Eilidh, Siân, Megan, Zoë, Priya`),
        m: list(`James, Oliver, Thomas, William, Harry, George, Daniel, Matthew, Andrew, Richard, Alistair, Rhys,
          Dafydd, Callum, Rajesh, Mohammed`),
      },
      family: list(`
        Smith, Jones, Williams, Taylor, Brown, Davies, Evans, Wilson, Thomas, Johnson, Roberts, Robinson,
        Thompson, Wright, Walker, White, Edwards, Hughes, Green, Hall, Lewis, Harris, Clarke, Patel, Jackson,
        Wood, Turner, Cooper, Hill, Ward, Morris, Campbell, MacDonald, Khan
      `),
      languages: [
        ['en', 1],
        ['fr', 0.08],
        ['es', 0.05],
        ['de', 0.04],
      ],
      english: 1,
      // Surgeons in the UK and Ireland are addressed as Mr/Ms rather than Dr.
      titles: list('Dr, Prof, Mr|Ms'),
    },
  ],
};
