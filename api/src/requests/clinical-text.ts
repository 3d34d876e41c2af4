/**
 * The single point every piece of free clinical text (a request's topic and notes, the description
 * of an invitation) passes through before it is stored or sent. It only normalises whitespace: the
 * patient-identifier guard (issue 8) runs before the handler, in plugins/app/patient-guard.ts, on
 * every write route under /api/v1/requests (422 `patient_identifiers_found`, or an audited staff
 * override), and screens the stored topic again when a booking sends the invitation.
 */
export interface ClinicalText {
  topic: string;
  notes: string | null;
}

export function screenClinicalText(text: ClinicalText): ClinicalText {
  return { topic: text.topic.trim(), notes: text.notes?.trim() || null };
}
