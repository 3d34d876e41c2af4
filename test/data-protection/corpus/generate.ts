/**
 * Writes corpus.json: a labelled corpus of request texts in EN, FR, DE, ES, IT, PL, NL — half with
 * patient identifiers (their spans labelled), half clean but dense with clinical detail (ages,
 * admission dates, doses, lab values, clinicians' names). Deterministic: the same seed always
 * produces the same file, and the test checks that the committed file is what this script makes.
 *
 *   npx tsx test/data-protection/corpus/generate.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { int, pick, type Rng, seeded } from './identifiers.js';
import { type Kind, LANGUAGES, type Lang } from './languages.js';

export interface CorpusEntry {
  id: string;
  lang: string;
  hasIdentifiers: boolean;
  text: string;
  participants: { name: string; email: string; phone: string }[];
  identifiers: { kind: Kind; start: number; end: number; text: string }[];
}

const KINDS: Kind[] = [
  'person_name',
  'birth_date',
  'address',
  'national_id',
  'record_number',
  'phone',
  'email',
];
export const PER_LANGUAGE = 24;

/** Shuffles a copy (Fisher–Yates on the seeded source). */
function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Joins sentences and turns each "{…}" into a labelled span, returning plain text and the labels. */
function assemble(sentences: { text: string; kind?: Kind }[]) {
  let text = '';
  const identifiers: CorpusEntry['identifiers'] = [];
  for (const s of sentences) {
    if (text) text += ' ';
    if (!s.kind) {
      text += s.text;
      continue;
    }
    const open = s.text.indexOf('{');
    const close = s.text.indexOf('}', open);
    const value = s.text.slice(open + 1, close);
    const start = text.length + open;
    text += s.text.slice(0, open) + value + s.text.slice(close + 1);
    identifiers.push({ kind: s.kind, start, end: start + value.length, text: value });
  }
  return { text, identifiers };
}

function entry(rng: Rng, lang: Lang, index: number, withIdentifiers: boolean): CorpusEntry {
  const clinician = pick(rng, lang.clinicians);
  const clinical = shuffled(rng, lang.clinical)
    .slice(0, withIdentifiers ? int(rng, 2, 3) : int(rng, 3, 5))
    .map((f) => ({ text: f(rng) }));
  const body: { text: string; kind?: Kind }[] = [...clinical];
  if (withIdentifiers) {
    // Every kind appears in every language; some texts carry two or three identifiers.
    const kinds = [KINDS[index % KINDS.length]!];
    if (rng() < 0.35)
      kinds.push(
        pick(
          rng,
          KINDS.filter((k) => !kinds.includes(k)),
        ),
      );
    if (rng() < 0.15)
      kinds.push(
        pick(
          rng,
          KINDS.filter((k) => !kinds.includes(k)),
        ),
      );
    for (const kind of kinds) {
      const sentence = { text: pick(rng, lang.identifiers[kind])(rng), kind };
      body.splice(int(rng, 0, body.length), 0, sentence);
    }
  }
  const { text, identifiers } = assemble([
    { text: pick(rng, lang.openers)(clinician.name) },
    ...body,
    { text: pick(rng, lang.closers)(clinician.name) },
  ]);
  return {
    id: `${lang.code}-${withIdentifiers ? 'id' : 'clean'}-${String(index + 1).padStart(2, '0')}`,
    lang: lang.code,
    hasIdentifiers: withIdentifiers,
    text,
    participants: lang.clinicians,
    identifiers,
  };
}

export function generateCorpus(seed = 20251121): CorpusEntry[] {
  const rng = seeded(seed);
  const out: CorpusEntry[] = [];
  for (const lang of LANGUAGES) {
    for (let i = 0; i < PER_LANGUAGE; i++) out.push(entry(rng, lang, i, true));
    for (let i = 0; i < PER_LANGUAGE; i++) out.push(entry(rng, lang, i, false));
  }
  return out;
}

export const CORPUS_FILE = fileURLToPath(new URL('./corpus.json', import.meta.url));
export const serialise = (corpus: CorpusEntry[]) => `${JSON.stringify(corpus, null, 1)}\n`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const corpus = generateCorpus();
  writeFileSync(CORPUS_FILE, serialise(corpus));
  console.log(`wrote ${corpus.length} texts to ${CORPUS_FILE}`);
}
