/** Webex meetings hold at most 100 participants, the host included; larger audiences need a webinar. */
export const MAX_MEETING_PARTICIPANTS = 100;

export type ConferenceKind = 'conference' | 'webinar';

export interface CapacityVerdict {
  ok: boolean;
  participants: number;
  limit: number | null;
  message?: string;
}

/** `invitees` excludes the host account, which always takes one seat in a meeting. */
export function checkCapacity(kind: ConferenceKind, invitees: number): CapacityVerdict {
  const participants = invitees + 1;
  if (kind === 'webinar') return { ok: true, participants, limit: null };
  if (participants <= MAX_MEETING_PARTICIPANTS) {
    return { ok: true, participants, limit: MAX_MEETING_PARTICIPANTS };
  }
  return {
    ok: false,
    participants,
    limit: MAX_MEETING_PARTICIPANTS,
    message: `A meeting holds at most ${MAX_MEETING_PARTICIPANTS} participants including the host; this one has ${participants}. Book a webinar instead.`,
  };
}
