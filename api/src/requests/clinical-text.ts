/**
 * The single point every piece of free clinical text (a request's topic and notes, the description
 * of an invitation) passes through before it is stored or sent. The patient-identifier guard
 * (issue 8) hooks in here: it may refuse the text or return it redacted. Today it only normalises
 * whitespace.
 */
export interface ClinicalText {
  topic: string;
  notes: string | null;
}

export function screenClinicalText(text: ClinicalText): ClinicalText {
  return { topic: text.topic.trim(), notes: text.notes?.trim() || null };
}
