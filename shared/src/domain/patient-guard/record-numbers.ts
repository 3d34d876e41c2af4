import { labelledValues } from './labelled-values.js';
import type { Detector } from './types.js';

/**
 * Labels of medical-record and hospital numbers in our languages. "IPP" is also the French
 * abbreviation for proton-pump inhibitors; the digit minimum and the unit check in
 * labelledValues keep "IPP 40 mg" out.
 */
const LABELS = new RegExp(
  [
    // EN
    String.raw`\bMRN\b`,
    String.raw`\b[Mm]edical [Rr]ecord(?: [Nn]umber| [Nn]o\.?)?`,
    String.raw`\b[Hh]ospital (?:[Nn]umber|[Nn]o\.?|ID)`,
    String.raw`\b[Pp]atient (?:ID|[Nn]umber|[Nn]o\.)`,
    String.raw`\b[Rr]ecord (?:[Nn]umber|[Nn]o\.?)`,
    String.raw`\bPID\b`,
    // FR
    String.raw`\bIPP\b`,
    String.raw`\b(?:[Nn]°|[Nn]um[ée]ro) (?:de )?dossier(?: (?:médical|patient))?`,
    String.raw`\b[Dd]ossier (?:n°|médical|patient)`,
    String.raw`\bNIP\b`,
    // DE
    String.raw`\b[Ff]allnummer\b`,
    String.raw`\b[Ff]all-?[Nn]r\.?`,
    String.raw`\b[Pp]atientennummer\b`,
    String.raw`\b[Pp]at\.?-?(?:Nr|ID)\.?`,
    String.raw`\b[Aa]ufnahmenummer\b`,
    // ES
    String.raw`\bNHC\b`,
    String.raw`\b(?:[Nn][º°]|[Nn]úmero de )?[Hh]istoria [Cc]línica`,
    String.raw`\bNUHSA\b`,
    // IT
    String.raw`\b(?:[Nn]\.|[Nn]umero )?[Cc]artella [Cc]linica`,
    String.raw`\b[Nn]osologico\b`,
    String.raw`\bID paziente\b`,
    // PL
    String.raw`\b(?:[Nn]r|[Nn]umer) historii (?:choroby|choroby pacjenta)`,
    String.raw`\b[Nn]r księgi głównej`,
    String.raw`\b[Nn]umer pacjenta`,
    // NL
    String.raw`\b[Pp]ati[ëe]ntnummer\b`,
    String.raw`\b[Zz]iekenhuisnummer\b`,
    String.raw`\b[Dd]ossiernummer\b`,
    String.raw`\bEPD-?nummer\b`,
  ].join('|'),
  'u',
);

export const findRecordNumbers: Detector = (text) =>
  labelledValues(text, LABELS, 'record_number', 4, (label) => `number labelled "${label}"`);
