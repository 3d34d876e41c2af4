import type { BookingRow, ParticipantRow, RequestRow } from '@cmss/db';
import type { CalendarEventSpec, MeetingDetails, MeetingSpec, Participant } from '@cmss/shared';
import { screenClinicalText } from '../requests/clinical-text.js';

/** What the providers are told about a booking, rebuilt from the database at every step. */
export interface SpecContext {
  booking: BookingRow;
  request: RequestRow;
  participants: ParticipantRow[];
  hostEmail: string;
  organizer: Participant;
}

export const titleOf = (request: RequestRow) =>
  `${request.kind === 'webinar' ? 'CMSS webinar' : 'CMSS case conference'}: ${request.topic}`;

/** The invitation carries the topic only: notes are the helpdesk's working notes, not for every attendee. */
const descriptionOf = (request: RequestRow) =>
  `Topic: ${screenClinicalText({ topic: request.topic, notes: null }).topic}`;

const participantsOf = (rows: ParticipantRow[]): Participant[] =>
  rows.map((p) => ({ email: p.email, displayName: p.displayName }));

export function meetingSpec(ctx: SpecContext): MeetingSpec {
  return {
    bookingId: ctx.booking.id,
    kind: ctx.request.kind,
    title: titleOf(ctx.request),
    agenda: descriptionOf(ctx.request),
    start: ctx.booking.start,
    end: ctx.booking.end,
    timeZone: ctx.booking.timeZone,
    hostEmail: ctx.hostEmail,
    invitees: participantsOf(ctx.participants),
  };
}

export function meetingDetails(booking: BookingRow): MeetingDetails | null {
  if (!booking.meetingId) return null;
  return {
    providerId: booking.meetingId,
    joinUrl: booking.joinUrl ?? '',
    meetingNumber: booking.meetingNumber ?? '',
    password: booking.meetingPassword ?? '',
    sipAddress: booking.sipAddress,
    dialIn: booking.dialIn ? JSON.parse(booking.dialIn) : [],
  };
}

export function calendarSpec(ctx: SpecContext, sequence = ctx.booking.sequence): CalendarEventSpec {
  const meeting = meetingDetails(ctx.booking);
  if (!meeting) throw new Error(`booking ${ctx.booking.id} has no meeting yet`);
  return {
    bookingId: ctx.booking.id,
    uid: ctx.booking.icalUid,
    sequence,
    subject: titleOf(ctx.request),
    start: ctx.booking.start,
    end: ctx.booking.end,
    timeZone: ctx.booking.timeZone,
    organizer: ctx.organizer,
    attendees: participantsOf(ctx.participants),
    meeting,
    description: descriptionOf(ctx.request),
  };
}

export const meetingColumns = (details: MeetingDetails) => ({
  meetingId: details.providerId,
  joinUrl: details.joinUrl,
  meetingNumber: details.meetingNumber,
  meetingPassword: details.password,
  sipAddress: details.sipAddress,
  dialIn: JSON.stringify(details.dialIn),
});
