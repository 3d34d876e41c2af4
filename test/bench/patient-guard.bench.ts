/**
 * The add-in runs the patient-identifier guard on every keystroke, so it must stay far below a frame
 * (16 ms) on the longest text a request may carry (5 000 characters of notes). Prints the time per
 * call for a short topic, a typical request and a maximal one, and the ratio to the frame budget.
 */
import { readFileSync } from 'node:fs';
import { findPatientIdentifiers } from '@cmss/shared';

interface Entry {
  text: string;
  participants: { name: string; email: string; phone: string }[];
}

function timePerCall(text: string, participants: Entry['participants'], minMs = 300): number {
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) {
    findPatientIdentifiers(text, { participants });
    n++;
  }
  return (performance.now() - start) / n;
}

export default async () => {
  const corpus = JSON.parse(
    readFileSync(new URL('../data-protection/corpus/corpus.json', import.meta.url), 'utf8'),
  ) as Entry[];
  const typical = corpus[0]!;
  let long = '';
  for (const e of corpus) {
    if (long.length + e.text.length > 5000) break;
    long += `${e.text}\n`;
  }
  const cases = [
    ['topic (60 chars)', 'Refractory ARDS, second opinion on ECMO, 72-year-old, P/F 62'],
    [`typical request (${typical.text.length} chars)`, typical.text],
    [`maximal notes (${long.length} chars)`, long],
  ] as const;
  for (const [label, text] of cases) {
    const ms = timePerCall(text, typical.participants);
    console.log(
      `${label.padEnd(32)} ${ms.toFixed(3)} ms/call   ${(16 / ms).toFixed(0)}× under a 16 ms frame`,
    );
  }
  const start = performance.now();
  for (const e of corpus) findPatientIdentifiers(e.text, { participants: e.participants });
  const total = performance.now() - start;
  console.log(
    `whole corpus (${corpus.length} texts)      ${total.toFixed(1)} ms, ${(total / corpus.length).toFixed(3)} ms/text`,
  );
};
