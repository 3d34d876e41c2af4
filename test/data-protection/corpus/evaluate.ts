import { findPatientIdentifiers } from '@cmss/shared';
import type { CorpusEntry } from './generate.js';

export interface Evaluation {
  identifiers: number;
  found: number;
  recall: number;
  cleanTexts: number;
  flaggedCleanTexts: number;
  falsePositiveRate: number;
  /** Spans in identifier texts that cover no labelled identifier. */
  strayDetections: number;
  missed: { id: string; kind: string; text: string }[];
  falsePositives: { id: string; kind: string; text: string }[];
}

/**
 * Recall counts labelled identifiers that some detected span overlaps; the false-positive rate counts
 * clean texts with any detection at all — each of those would stop a member of staff for nothing.
 */
export function evaluate(corpus: CorpusEntry[]): Evaluation {
  let identifiers = 0;
  let found = 0;
  let cleanTexts = 0;
  let flaggedCleanTexts = 0;
  let strayDetections = 0;
  const missed: Evaluation['missed'] = [];
  const falsePositives: Evaluation['falsePositives'] = [];
  for (const e of corpus) {
    const { spans } = findPatientIdentifiers(e.text, { participants: e.participants });
    if (!e.hasIdentifiers) {
      cleanTexts++;
      if (spans.length) {
        flaggedCleanTexts++;
        for (const s of spans) falsePositives.push({ id: e.id, kind: s.kind, text: s.text });
      }
      continue;
    }
    for (const label of e.identifiers) {
      identifiers++;
      if (spans.some((s) => s.start < label.end && label.start < s.end)) found++;
      else missed.push({ id: e.id, kind: label.kind, text: label.text });
    }
    for (const s of spans) {
      if (!e.identifiers.some((l) => s.start < l.end && l.start < s.end)) {
        strayDetections++;
        falsePositives.push({ id: e.id, kind: s.kind, text: s.text });
      }
    }
  }
  return {
    identifiers,
    found,
    recall: found / identifiers,
    cleanTexts,
    flaggedCleanTexts,
    falsePositiveRate: flaggedCleanTexts / cleanTexts,
    strayDetections,
    missed,
    falsePositives,
  };
}
