import type { Detector } from './types.js';

type Found = ReturnType<Detector>[number];

const NAME = String.raw`\p{Lu}[\p{L}'’.-]*`;
const NAMES = String.raw`${NAME}(?:\s+(?:(?:de|del|della|di|da|la|le|du|des|van|von|der|den|y)\s+)?${NAME}){0,3}`;
/** "rue|avenue" → "[Rr]ue|[Aa]venue": street words may open a sentence, names must stay capitalised. */
const anyCase = (words: string) =>
  words
    .split('|')
    .map((w) => `[${w[0]!.toUpperCase()}${w[0]!.toLowerCase()}]${w.slice(1)}`)
    .join('|');

const HOUSE = String.raw`\d{1,4}(?:\s?[a-zA-Z](?![\p{L}]))?(?:\s?(?:bis|ter))?(?:\s*\/\s*\d{1,4}|\s+m\.\s*\d{1,4})?(?!\d)`;

/**
 * Street address shapes per language. Each needs a street word, a capitalised street name and a house
 * number — "via orale", "calle" in prose or "ring finger" never qualify without all three.
 */
const STREETS: { re: RegExp; label: string }[] = [
  {
    // EN: "12 Baker Street", "221B Baker St"
    re: new RegExp(
      String.raw`\b\d{1,4}[A-Za-z]?\s+${NAMES}\s+(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Lane|Ln\.?|Close|Crescent|Terrace|Way|Gardens|Grove|Court|Square|Mews|Drive)(?![\p{L}])`,
      'gu',
    ),
    label: 'street address (house number + street)',
  },
  {
    // FR: "12 rue de la Paix", "3 bis, avenue Victor Hugo"
    re: new RegExp(
      String.raw`\b\d{1,4}(?:\s?(?:bis|ter))?,?\s+(?:${anyCase('rue|avenue|av\\.|boulevard|bd|allée|chemin|impasse|place|quai|cours|route|square|rond-point')})\s+(?:(?:de la|de l['’]|des|du|de|d['’])\s*)?${NAMES}`,
      'gu',
    ),
    label: 'street address (numéro + voie)',
  },
  {
    // DE/NL compounds: "Hauptstraße 12", "Kerkstraat 5a", "Lindenweg 3"; and "Berliner Straße 12"
    re: new RegExp(
      String.raw`\b(?:\p{Lu}\p{Ll}+\s+(?:Straße|Strasse|Str\.|Weg|Gasse|Platz|Allee)|\p{Lu}[\p{L}-]*(?:straße|strasse|str\.|weg|gasse|platz|allee|damm|ufer|chaussee|straat|laan|plein|gracht|kade|singel|dijk|steeg))\s+${HOUSE}(?![\d,.]\d)`,
      'gu',
    ),
    label: 'street address (Straße/straat + Hausnummer)',
  },
  {
    // ES: "calle Mayor 12", "C/ Alcalá, 45", "avda. de la Constitución nº 3"
    re: new RegExp(
      String.raw`(?<![\p{L}])(?:[Cc]alle|C\/|[Aa]venida|[Aa]vda\.|[Pp]laza|[Pp]za\.|[Pp]aseo|[Rr]onda|[Cc]amino|[Tt]ravesía)\s*(?:(?:de la|de los|de las|del|de)\s+)?${NAMES},?\s*(?:n[º°.]\s*)?${HOUSE}`,
      'gu',
    ),
    label: 'street address (calle + número)',
  },
  {
    // IT: "via Roma 12", "Piazza Garibaldi, 5", "corso Vittorio Emanuele 101"
    re: new RegExp(
      String.raw`(?<![\p{L}])(?:[Vv]ia|[Vv]iale|[Pp]iazza|[Pp]\.zza|[Cc]orso|[Cc]\.so|[Vv]icolo|[Ll]argo|[Pp]iazzale)\s+(?:(?:dei|degli|delle|della|del|di)\s+)?${NAMES},?\s*(?:n\.\s*)?${HOUSE}`,
      'gu',
    ),
    label: 'street address (via + civico)',
  },
  {
    // PL: "ul. Długa 5/3", "al. Jerozolimskie 12 m. 4", "os. Tysiąclecia 8"
    re: new RegExp(
      String.raw`(?<![\p{L}])(?<!et )(?:${anyCase('ul\\.|ulica|ulicy|al\\.|aleja|alei|os\\.|osiedle|pl\\.|plac')})\s*${NAMES}\s+${HOUSE}`,
      'gu',
    ),
    label: 'street address (ulica + numer)',
  },
];

/** Postcode + town written after a street: "75011 Paris", "00-950 Warszawa", "1012 AB Amsterdam", "SW1A 1AA". */
const POSTCODE_TOWN =
  /^,?\s*(?:(?:\d{5}|\d{2}-\d{3}|\d{4}\s?[A-Z]{2}|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}|\d{4})\s+)?\p{Lu}[\p{L}-]+(?:\s+\p{Lu}[\p{L}-]+)?/u;
const POSTCODE_ONLY =
  /^,?\s*(?:\d{5}|\d{2}-\d{3}|\d{4}\s?[A-Z]{2}|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2})(?![\p{L}\d])/u;

/** Postcodes that cannot be mistaken for anything clinical: Polish "00-950" and UK "SW1A 1AA" with a town. */
const DISTINCT_POSTCODE =
  /(?<![\p{L}\d-])(?:\d{2}-\d{3}\s+\p{Lu}\p{Ll}+|[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2})(?![\p{L}\d])/gu;

/** "lives at / wohnhaft in / domicilié au / woont op …" followed by a postcode and town. */
const RESIDENCE =
  /(?:lives (?:at|in)|resides (?:at|in)|resident (?:at|of)|wohnhaft(?: in)?|wohnt in|domicili[ée]e? (?:à|au)|habite (?:à|au)|résidant (?:à|au)|woont (?:in|op|aan)|woonachtig (?:in|te)|mieszka (?:w|przy)|zamieszkał[ay]? (?:w|przy)|residente (?:a|in)|domiciliad[oa] en|vive en|reside en)\s+((?:\d{5}|\d{4}\s?[A-Z]{2})\s+[^\s\d,.;:()]{2,})/gi;

/** An address right after a hospital's name is the hospital's ("Hôpital Necker, 149 rue de Sèvres"). */
const INSTITUTION_BEFORE =
  /(?:hospital|hôpital|hopital|clinique|clinic|klinik|klinikum|krankenhaus|ospedale|policlinico|szpital|ziekenhuis|CHU|CHRU|UMC|AP-HP|hospitales?|universitario)\b[^.;\n]{0,60}$/iu;

export const findAddresses: Detector = (text) => {
  const out: Found[] = [];
  for (const { re, label } of STREETS) {
    for (const m of text.matchAll(re)) {
      if (INSTITUTION_BEFORE.test(text.slice(Math.max(0, m.index - 80), m.index))) continue;
      let end = m.index + m[0].length;
      // Swallow the postcode and town when they follow, so the whole address is highlighted.
      const tail = text.slice(end);
      const withPostcode = POSTCODE_ONLY.test(tail) ? POSTCODE_TOWN.exec(tail) : null;
      if (withPostcode) end += withPostcode[0].length;
      out.push({ start: m.index, end, kind: 'address', reason: label });
    }
  }
  for (const m of text.matchAll(DISTINCT_POSTCODE)) {
    out.push({
      start: m.index,
      end: m.index + m[0].length,
      kind: 'address',
      reason: 'postcode with town',
    });
  }
  for (const m of text.matchAll(RESIDENCE)) {
    const start = m.index + m[0].length - m[1]!.length;
    out.push({ start, end: m.index + m[0].length, kind: 'address', reason: 'place of residence (postcode)' });
  }
  return out;
};
