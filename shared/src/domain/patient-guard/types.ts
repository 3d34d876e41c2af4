/** What kind of patient identifier a span looks like. */
export const IDENTIFIER_KINDS = [
  'person_name',
  'birth_date',
  'address',
  'national_id',
  'record_number',
  'phone',
  'email',
] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

/** A stretch of the text [start, end) that likely identifies a patient, and why we think so. */
export interface IdentifierSpan {
  start: number;
  end: number;
  kind: IdentifierKind;
  text: string;
  reason: string;
}

/** People who legitimately appear in a request: their names, e-mails and phones are not patient data. */
export interface GuardParticipant {
  name?: string | null;
  email?: string | null;
  phone?: string | null;
}

export interface GuardOptions {
  participants?: GuardParticipant[];
  /** Further clinicians' names (e.g. the whole directory) that may be mentioned freely. */
  clinicianNames?: string[];
}

export interface GuardVerdict {
  spans: IdentifierSpan[];
}

/** Each detector returns candidate spans; the orchestrator filters participants and resolves overlaps. */
export type Detector = (text: string) => Omit<IdentifierSpan, 'text'>[];
