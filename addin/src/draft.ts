import type { ConferenceRequest, RequestInput } from '@cmss/shared';

/** Someone (or a whole hospital) to invite, as the views show and edit them before the API resolves them. */
export interface DraftInvitee {
  key: string;
  kind: 'clinician' | 'hospital' | 'guest';
  id?: number;
  email?: string;
  label: string;
  detail?: string;
  countryCode?: string;
}

export interface DraftWindow {
  /** Stable identity while staff edit the times. */
  key?: string;
  start: string;
  end: string;
  text?: string;
}

/** A request being prepared: from directory picks, from an e-mail, or typed by hand. */
export interface Draft {
  requester: DraftInvitee | null;
  kind: 'conference' | 'webinar';
  topic: string;
  notes: string;
  invitees: DraftInvitee[];
  windows: DraftWindow[];
  durationMinutes: number;
  timeZone: string;
  source: 'outlook' | 'teams' | 'api';
  sourceMessageId?: string;
}

export const clinicianKey = (id: number) => `c${id}`;
export const hospitalKey = (id: number) => `h${id}`;
export const guestKey = (email: string) => `g${email.toLowerCase()}`;

export function toRequestInput(d: Draft): RequestInput {
  return {
    requesterId: d.requester!.id!,
    kind: d.kind,
    topic: d.topic.trim(),
    ...(d.notes.trim() ? { notes: d.notes.trim() } : {}),
    invitees: d.invitees.map((i) =>
      i.kind === 'clinician'
        ? { clinicianId: i.id! }
        : i.kind === 'hospital'
          ? { hospitalId: i.id! }
          : { email: i.email!, ...(i.label && i.label !== i.email ? { displayName: i.label } : {}) },
    ),
    proposedWindows: d.windows.map(({ start, end }) => ({ start, end })),
    durationMinutes: d.durationMinutes,
    timeZone: d.timeZone,
    source: d.source,
    ...(d.sourceMessageId ? { sourceMessageId: d.sourceMessageId } : {}),
  };
}

/** What is missing before the request can be created, in the words staff see. */
export function draftProblems(d: Draft): string[] {
  const problems: string[] = [];
  if (!d.requester?.id) problems.push('Choose the requester (a clinician from the directory).');
  if (d.topic.trim().length < 3) problems.push('Write a topic of at least 3 characters.');
  if (d.invitees.length === 0) problems.push('Add at least one invitee.');
  return problems;
}

export const OPEN_STATUSES = ['received', 'scheduling', 'booked'] as const;

export const requestTitle = (r: Pick<ConferenceRequest, 'id' | 'topic'>) => `#${r.id} ${r.topic}`;
