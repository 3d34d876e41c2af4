import { foldName, GIVEN_NAMES, NAME_STOPWORDS } from './name-lexicon.js';
import type { Detector } from './types.js';

type Found = ReturnType<Detector>[number];

/**
 * Honorifics used for patients in our languages. Case-sensitive where the lower-case form is an
 * ordinary word ("miss", "don"); Polish "pan/pani" also open polite questions, so a capitalised
 * name must follow. A clinician's title right after ("Frau Dr. Weber", "Pani Doktor") cancels it.
 */
const HONORIFIC = String.raw`Mr\.?|Mrs\.?|Ms\.?|Miss|Mister|M\.|Mme\.?|Mlle\.?|[Mm]onsieur|[Mm]adame|[Mm]ademoiselle|Herrn?|Frau|Hr\.|Fr\.|Sr\.|Sra\.|Srta\.|[Ss]eñora?|[Ss]eñorita|Doña|Sig\.(?:ra|na|a)?|[Ss]ignora?|[Ss]ignorina|[Pp]an|[Pp]ani|[Pp]anu|[Pp]anią|[Pp]ana|[Mm]evrouw|[Mm]evr\.|[Mm]eneer|[Dd]hr\.|[Dd]e heer|[Mm]w\.`;

/** Words for "the patient", inflected as they occur before a name. */
const PATIENT = String.raw`[Pp]atient(?:e|in|en)?|PATIENT|[Pp]t\.?|[Pp]at\.|[Pp]ac\.|[Pp]aciente|[Pp]aziente|[Pp]acjen(?:t(?:a|owi|em|ka|ki|ce|kę|ką)?|cie)|[Pp]ati[ëe]nt(?:e)?`;

/** "named", "called" and their translations, between the patient word and the name. */
const CONNECTOR = String.raw`(?:named|called|nommée?|appelée?|genannt|namens|llamad[oa]|de nombre|di nome|chiamat[oa]|o nazwisku|o imieniu(?: i nazwisku)?|genaamd|met de naam)\s+`;

/** Form labels: "Name:", "Nom :", "Apellidos:", "Nazwisko:", "Naam:" … */
const FIELD = String.raw`(?:[Pp]atient(?:'s)? name|Name|Nachname|Vorname|Nom(?: du patient| de la patiente)?|Prénom|Nombre|Apellidos?|Nome|Cognome|Nazwisko|Imię(?: i nazwisko)?|Naam|Achternaam|Voornaam)\s?:`;

const TRIGGER = new RegExp(
  String.raw`(?<![\p{L}\d])(?:(?<hon>${HONORIFIC})|(?<pat>${PATIENT})|(?<field>${FIELD}))(?![\p{L}])`,
  'gu',
);

const TOKEN =
  /^(?:\p{Lu}['’]\p{Lu}?\p{Ll}+|\p{Lu}\p{Ll}+(?:\p{Lu}\p{Ll}+)?(?:[-'’]\p{Lu}\p{Ll}+)*|\p{Lu}{2,}(?:-\p{Lu}{2,})*)/u;
const PARTICLE =
  /^(?:van der|van den|van de|de la|von der|van|von|der|den|ter|ten|de|du|da|di|del|della|dos|das|le|la|y)\s+(?=\p{Lu})/u;
const CLINICIAN_TITLE =
  /^(?:Dr\.?|Dr\.?\s?med\.?|Prof\.?|Doktor|Doktorin|Professor(?:in)?|Dott\.?(?:ssa)?|Dra\.?|Doctora?|Docteur|Pr\.?|Doc\.?|dr)(?![\p{L}])/u;

/** Age right after a name: "Anna Nowak, 72", "Nowak (72 y)", "72 ans/Jahre/años/anni/lat/jaar". */
const AGE_AFTER =
  /^,?\s*\(?\s*\d{1,3}\s*(?:-?\s*(?:years?|yrs?|y\.?o\.?|y\b|ans\b|Jahre|J\.|años|a\.|anni|aa\b|lat[a]?\b|jaar|jr\.?)|[MFWK]\)|[MFWK](?![\p{L}]))/u;

/** A birth phrase right after a name: "Emily Rhodes (DOB …)", "Jan Kowalski, ur. …". */
const BIRTH_AFTER =
  /^,?\s*\(?\s*(?:DOB|D\.O\.B\.?|born|geb\.|geboren|née?|nat[oa]|nacid[oa]|ur\.|urodzon[ya])(?![\p{L}])/u;

/** A name is over when one of these follows. */
const isStop = (token: string) => NAME_STOPWORDS.has(foldName(token));

interface Parsed {
  start: number;
  end: number;
  tokens: string[];
}

/** Reads up to four name tokens (with particles: "van der Berg", "de la Cruz") from `from`. */
function readName(text: string, from: number, allowAllCaps: boolean): Parsed | null {
  let pos = from;
  const tokens: string[] = [];
  let start = -1;
  let end = -1;
  while (tokens.length < 4) {
    const rest = text.slice(pos);
    // An initial ("J. de Vries", "M. A. Rossi") belongs to the name if a name token follows.
    const initial = /^\p{Lu}\.\s+(?=\p{Lu}|(?:van|von|de|di|da|del|della|du|le|la)\s)/u.exec(rest);
    if (initial) {
      if (start < 0) start = pos;
      pos += initial[0].length;
      continue;
    }
    // Particles may open a surname too: "mevrouw de Vries", "Herr von Trapp".
    const particle = PARTICLE.exec(rest);
    const at = particle ? pos + particle[0].length : pos;
    const m = TOKEN.exec(text.slice(at));
    if (!m) break;
    const token = m[0];
    const allCaps = token === token.toUpperCase();
    if (isStop(token)) break;
    if (allCaps && (!allowAllCaps || token.length < 3)) break;
    // "Anna Nowak-Kowalska" ok; "Anna Nowakówna's" fine; a following lower-case letter means a word fragment.
    if (/^[\p{Ll}\d]/u.test(text.slice(at + token.length))) break;
    if (start < 0) start = pos;
    tokens.push(token);
    end = at + token.length;
    const gap = /^[ \t]+/.exec(text.slice(end));
    if (!gap) break;
    pos = end + gap[0].length;
  }
  return tokens.length ? { start, end, tokens } : null;
}

export const findPersonNames: Detector = (text) => {
  const out: Found[] = [];
  for (const m of text.matchAll(TRIGGER)) {
    const groups = m.groups ?? {};
    const triggerEnd = m.index + m[0].length;
    // "Dr. M. Dupont", "Prof. Herr …": an honorific after a clinician's title belongs to the clinician.
    if (/(?:Dr|Prof|Pr|Dott|Dra)\.?\s*$/u.test(text.slice(Math.max(0, m.index - 6), m.index))) continue;
    // "Jean M. Dupont": a middle initial, not "Monsieur".
    if (groups.hon === 'M.' && /\p{Lu}\p{Ll}+\s$/u.test(text.slice(Math.max(0, m.index - 20), m.index)))
      continue;
    // A comma may separate "the patient, Anna Nowak," but never an honorific from its name ("Madame, Monsieur").
    const gapMatch = (groups.hon ? /^[ \t]*/ : /^[ \t]*(?::[ \t]*|,[ \t]+)?/).exec(text.slice(triggerEnd))!;
    let from = triggerEnd + gapMatch[0].length;
    const hadComma = gapMatch[0].includes(',');
    if (groups.pat) {
      const conn = new RegExp(`^${CONNECTOR}`, 'u').exec(text.slice(from));
      if (conn) from += conn[0].length;
      const hon = new RegExp(`^(?:${HONORIFIC})\\s+`, 'u').exec(text.slice(from));
      if (hon) continue; // the honorific is its own trigger
    }
    if (CLINICIAN_TITLE.test(text.slice(from))) continue;
    if (from === triggerEnd && !groups.field) continue; // "Mrs" glued to something: not a title
    const name = readName(text, from, !groups.pat || gapMatch[0].includes(':'));
    if (!name) continue;
    if (groups.pat && !acceptAfterPatientWord(text, name, hadComma)) continue;
    const label = groups.hon ?? groups.pat ?? 'name field';
    out.push({
      start: name.start,
      end: name.end,
      kind: 'person_name',
      reason: `name after "${label.trim()}"`,
    });
  }
  out.push(...namesBeforeAge(text), ...namesBeforeEvent(text));
  return out;
};

/**
 * After the bare word "patient", one capitalised word is often a German noun or the next sentence,
 * so we want two name tokens, or one known given name, or one token closed by an age or a comma.
 */
function acceptAfterPatientWord(text: string, name: Parsed, hadComma: boolean): boolean {
  if (name.tokens.length >= 2) return true;
  const only = foldName(name.tokens[0]!);
  if (GIVEN_NAMES.has(only)) return true;
  if (hadComma) return false;
  const after = text.slice(name.end);
  return AGE_AFTER.test(after) || /^\s*[,(]/.test(after);
}

/** "Anna Nowak, 72 lat" / "Jan de Vries (68 jaar)" / "Emily Rhodes (DOB …)": a full name followed by an age or a birth phrase, without any trigger. */
function namesBeforeAge(text: string): Found[] {
  const out: Found[] = [];
  const re =
    /(?<![\p{L}\d.])\p{Lu}\p{Ll}+(?:[ \t]+(?:(?:van der|van den|van de|de la|van|von|de|da|di|del|della|le|la)[ \t]+)?\p{Lu}\p{Ll}+(?:\p{Lu}\p{Ll}+)?(?:-\p{Lu}\p{Ll}+)?){1,2}(?=,?\s*\(?\s*(?:\d|DOB|D\.O\.B|born|geb\.|geboren|née?|nat[oa]|nacid[oa]|ur\.|urodzon))/gu;
  for (const m of text.matchAll(re)) {
    const end = m.index + m[0].length;
    const after = text.slice(end);
    if (!AGE_AFTER.test(after) && !BIRTH_AFTER.test(after)) continue;
    const tokens = m[0].split(/[ \t]+/).filter((t) => /^\p{Lu}/u.test(t));
    if (tokens.some(isStop)) continue;
    if (CLINICIAN_TITLE.test(text.slice(Math.max(0, m.index - 6), m.index).trim())) continue;
    if (/(?:Dr|Prof|Dott|Dra)\.?\s*$/u.test(text.slice(Math.max(0, m.index - 6), m.index))) continue;
    out.push({
      start: m.index,
      end,
      kind: 'person_name',
      reason: 'full name followed by an age or a date of birth',
    });
  }
  return out;
}

/**
 * "Anna Nowak was admitted …": a known given name and a surname, as the subject of something that
 * happens to patients. Clinicians' names rarely precede these verbs, and participants are let through.
 */
const EVENT_AFTER =
  /^,?\s+(?:was|is|has been|had been|wurde|ist|war|a été|est|fue|ha sido|ingresó|è stato|è stata|fu|został|została|jest|werd|is)\s+(?:admitted|transferred|intubated|ventilated|diagnosed|hospitali[sz]ed|resuscitated|readmitted|discharged|aufgenommen|verlegt|intubiert|reanimiert|hospitalisée?|transférée?|intubée?|admitid[oa]|trasladad[oa]|intubad[oa]|ingresad[oa]|ricoverat[oa]|trasferit[oa]|intubat[oa]|przyjęt[ya]|przeniesion[ya]|zaintubowan[ya]|opgenomen|overgeplaatst|geïntubeerd)|^,?\s+(?:died|ingresó|falleció|è deceduto|è deceduta|zmarł|zmarła|overleed|verstarb|est décédée?)/u;

function namesBeforeEvent(text: string): Found[] {
  const out: Found[] = [];
  const re =
    /(?<![\p{L}\d.])(\p{Lu}\p{Ll}+)[ \t]+((?:(?:van der|van den|van de|de la|van|von|de|da|di|del|della)[ \t]+)?\p{Lu}\p{Ll}+(?:\p{Lu}\p{Ll}+)?(?:-\p{Lu}\p{Ll}+)?)/gu;
  for (const m of text.matchAll(re)) {
    if (!GIVEN_NAMES.has(foldName(m[1]!)) || isStop(m[2]!)) continue;
    const end = m.index + m[0].length;
    if (!EVENT_AFTER.test(text.slice(end))) continue;
    if (/(?:Dr|Prof|Dott|Dra)\.?\s*$/u.test(text.slice(Math.max(0, m.index - 6), m.index))) continue;
    out.push({
      start: m.index,
      end,
      kind: 'person_name',
      reason: 'given name and surname of someone admitted, transferred or deceased',
    });
  }
  return out;
}
