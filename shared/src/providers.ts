/**
 * The two seams to the outside world (DESIGN §4). Implementations live in api/providers and are
 * chosen by configuration; the booking saga only ever sees these interfaces.
 */
import type { ConferenceKind } from './domain/capacity.js';
import type { DialIn } from './schemas/requests.js';

export interface Participant {
  email: string;
  displayName: string;
}

export interface MeetingSpec {
  /** Stable per booking: lets a provider (or its fake) recognise a replayed create. */
  bookingId: number;
  kind: ConferenceKind;
  title: string;
  agenda: string;
  /** UTC instants; the zone is only for display, never sent alongside as a conflicting offset. */
  start: string;
  end: string;
  timeZone: string;
  hostEmail: string;
  invitees: Participant[];
}

export interface MeetingDetails {
  providerId: string;
  joinUrl: string;
  meetingNumber: string;
  password: string;
  sipAddress: string | null;
  dialIn: DialIn[];
}

export interface MeetingProvider {
  readonly name: string;
  create(spec: MeetingSpec): Promise<MeetingDetails>;
  update(providerId: string, spec: MeetingSpec): Promise<MeetingDetails>;
  cancel(providerId: string, hostEmail: string): Promise<void>;
}

export interface CalendarEventSpec {
  bookingId: number;
  /** Stable for the booking's lifetime (RFC 5545 UID / Graph transactionId seed). */
  uid: string;
  /** Rises on every change (RFC 5545 SEQUENCE). */
  sequence: number;
  subject: string;
  start: string;
  end: string;
  timeZone: string;
  organizer: Participant;
  attendees: Participant[];
  meeting: MeetingDetails;
  /** Clinical context for the invitation body; already passed through the patient-identifier guard. */
  description: string;
}

export interface CalendarEventRef {
  eventId: string;
  iCalUId: string;
}

/** One invitee's calendar between two instants, as far as the calendar provider can see it. */
export interface FreeBusy {
  email: string;
  /**
   * `known`: `busy` lists every busy period. `unknown`: outside the tenant, or unreadable — the
   * invitee is NOT free, nothing is known (suggestions must not count them as available).
   */
  availability: 'known' | 'unknown';
  busy: {
    start: string;
    end: string;
    status: 'busy' | 'tentative' | 'oof' | 'workingElsewhere' | 'unknown';
  }[];
  /** Why availability is unknown, for staff. */
  reason?: string;
}

export interface CalendarProvider {
  readonly name: string;
  invite(spec: CalendarEventSpec): Promise<CalendarEventRef>;
  update(ref: CalendarEventRef, spec: CalendarEventSpec): Promise<CalendarEventRef>;
  cancel(ref: CalendarEventRef, spec: CalendarEventSpec, comment: string): Promise<void>;
  /** Optional capability (Graph: getSchedule): busy periods of `emails` in [from, to), UTC instants. */
  freeBusy?(emails: string[], from: string, to: string): Promise<FreeBusy[]>;
}

/**
 * Every provider failure is classified so the saga knows what to do:
 * retry later, ask staff to reconnect the credential, or give up and undo.
 */
export type ProviderErrorKind = 'retryable' | 'needs_reconnect' | 'permanent';

export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  constructor(
    readonly kind: ProviderErrorKind,
    readonly provider: string,
    message: string,
    readonly details: { status?: number; retryAfterMs?: number; trackingId?: string } = {},
  ) {
    super(message);
  }
}
