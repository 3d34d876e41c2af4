import type { CalendarEventSpec } from '@cmss/shared';
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, {
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendarMethod,
  ICalEventStatus,
} from 'ical-generator';
import { DateTime } from 'luxon';

export type InvitationMethod = 'REQUEST' | 'CANCEL';

/**
 * VTIMEZONE blocks come from tzurl.org's Outlook-compatible files (already folded, lines well under
 * 75 octets). ical-generator folds its whole output character by character, which made the time zone
 * block most of the cost of an invitation; so it only sees a one-line marker, replaced afterwards.
 */
const vtimezones = new Map<string, string | null>();
const vtimezone = (zone: string) => {
  if (!vtimezones.has(zone)) {
    const block = getVtimezoneComponent(zone);
    vtimezones.set(zone, block ? `${block.replace(/\r?\n/g, '\r\n').replace(/(\r\n)+$/, '')}\r\n` : null);
  }
  return vtimezones.get(zone) ?? null;
};
const MARKER = 'X-CMSS-VTIMEZONE:';

/**
 * The RFC 5545 / iTIP object of one invitation. Times are written as local wall-clock times with
 * TZID = the organiser's IANA zone plus that zone's VTIMEZONE, so every client shows the meeting at
 * the right local time in its own zone, including across daylight-saving changes. UID stays the same
 * for the booking's lifetime; SEQUENCE rises on every change so clients replace the earlier version.
 */
export function buildCalendarObject(spec: CalendarEventSpec, method: InvitationMethod): string {
  const calendar = ical({
    prodId: { company: 'CMSS', product: 'Helpdesk', language: 'EN' },
    method: method === 'REQUEST' ? ICalCalendarMethod.REQUEST : ICalCalendarMethod.CANCEL,
    // No calendar-wide zone (DTSTAMP must stay UTC); the generator emits a VTIMEZONE for the event's TZID.
    timezone: { name: null, generator: (zone) => (vtimezone(zone) ? `${MARKER}${zone}` : null) },
  });
  calendar.createEvent({
    id: spec.uid,
    sequence: spec.sequence,
    // Luxon objects in the event's zone: ical-generator writes them as local times under TZID.
    start: DateTime.fromISO(spec.start, { zone: spec.timeZone }),
    end: DateTime.fromISO(spec.end, { zone: spec.timeZone }),
    timezone: spec.timeZone,
    stamp: DateTime.utc(),
    summary: spec.subject,
    description: spec.description,
    location: spec.meeting.joinUrl,
    url: spec.meeting.joinUrl,
    status: method === 'REQUEST' ? ICalEventStatus.CONFIRMED : ICalEventStatus.CANCELLED,
    organizer: { name: spec.organizer.displayName, email: spec.organizer.email },
    attendees: spec.attendees.map((a) => ({
      name: a.displayName,
      email: a.email,
      rsvp: true,
      role: ICalAttendeeRole.REQ,
      status: ICalAttendeeStatus.NEEDSACTION,
    })),
  });
  return calendar
    .toString()
    .replace(new RegExp(`${MARKER}([^\\r\\n]+)\\r?\\n`, 'g'), (_line, zone: string) => vtimezone(zone) ?? '');
}
