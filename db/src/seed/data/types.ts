/**
 * Shape of the per-country demo data. Lists are written as comma- or newline-separated text and
 * split with `list()`: one name per array line would make the files ten times longer to review.
 */

export interface PhonePlan {
  /** ITU calling code without '+'. */
  callingCode: string;
  /** Usual length of the national significant number (digits after the calling code). */
  length: number;
  /** Area or mobile prefixes; "prefix/length" where that prefix has its own number length. */
  prefixes: readonly string[];
}

export interface RegionSeed {
  /** Relative share of the country's hospitals (regions split a country by language or script). */
  share: number;
  /** "Nominative" or "Nominative|form for {city2}" (locative, genitive, "de …", adjective). */
  cities: readonly string[];
  /** "abbr = Template": {city} or {city2} is replaced; abbr + city make the e-mail domain. */
  hospitals: readonly string[];
  given: { f: readonly string[]; m: readonly string[] };
  /** "Masculine|Feminine" where the surname takes a gendered form, otherwise one form. */
  family: readonly string[];
  /** Probability that a clinician carries two surnames (Iberian naming). */
  doubleFamily?: number;
  /** Language id and the probability a clinician of the region speaks it. */
  languages: readonly (readonly [string, number])[];
  /** Probability of English on top of the local languages. */
  english: number;
  /** "Masculine|Feminine" or one form; the first is by far the commonest. */
  titles: readonly string[];
}

export interface CountrySeed {
  code: string;
  /** Number of demo hospitals. */
  hospitals: number;
  /** Probability that a clinician (not a case manager) is listed with a title. */
  titleRate: number;
  phone: PhonePlan;
  regions: readonly RegionSeed[];
}

export function list(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
