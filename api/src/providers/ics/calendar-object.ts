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
 * 75 octets), converted once per zone.
 */
const vtimezones = new Map<string, string | null>();
const vtimezone = (zone: string) => {
  if (!vtimezones.has(zone)) {
    const block = getVtimezoneComponent(zone);
    vtimezones.set(zone, block ? `${block.replace(/\r?\n/g, '\r\n').replace(/(\r\n)+$/, '')}\r\n` : null);
  }
  return vtimezones.get(zone) ?? null;
};

const utf8Octets = (code: number) => (code < 0x80 ? 1 : code < 0x800 ? 2 : 3);

/**
 * RFC 5545 §3.1 line folding, exactly as ical-generator's `foldLines` does it (a line break and a space
 * before the octet that would make a line longer than 74 octets of UTF-8), but without its
 * `new TextEncoder().encode()` per character, which made folding most of the cost of an invitation.
 */
export function foldLines(text: string): string {
  return text
    .split('\r\n')
    .map((line) => {
      let out = '';
      let from = 0;
      let octets = 0;
      for (let i = 0; i < line.length; i++) {
        const code = line.charCodeAt(i);
        let size = utf8Octets(code);
        let width = 1;
        if (code >= 0xd800 && code <= 0xdbff) {
          // Like ical-generator, a high surrogate and whatever follows it are one unit: a pair is one
          // 4-octet character, a lone high surrogate encodes as U+FFFD (3 octets) plus its follower.
          width = i + 1 < line.length ? 2 : 1;
          const next = line.charCodeAt(i + 1);
          if (next >= 0xdc00 && next <= 0xdfff) size = 4;
          else if (width === 2) size = 3 + utf8Octets(next);
        }
        octets += size;
        if (octets > 74) {
          out += `${line.slice(from, i)}\r\n `;
          from = i;
          octets = size;
        }
        i += width - 1;
      }
      return from === 0 ? line : out + line.slice(from);
    })
    .join('\r\n');
}

const PROD_ID = { company: 'CMSS', product: 'Helpdesk', language: 'EN' };
/** BEGIN:VCALENDAR … METHOD: the calendar lines before the first component, the same for every invitation. */
const headers = new Map<InvitationMethod, string>();
const calendarHead = (method: InvitationMethod) => {
  let head = headers.get(method);
  if (!head) {
    head = ical({ prodId: PROD_ID, method: calendarMethod(method) })
      .toString()
      .replace(/END:VCALENDAR$/, '');
    headers.set(method, head);
  }
  return head;
};
const calendarMethod = (method: InvitationMethod) =>
  method === 'REQUEST' ? ICalCalendarMethod.REQUEST : ICalCalendarMethod.CANCEL;

/**
 * The RFC 5545 / iTIP object of one invitation. Times are written as local wall-clock times with
 * TZID = the organiser's IANA zone plus that zone's VTIMEZONE, so every client shows the meeting at
 * the right local time in its own zone, including across daylight-saving changes. UID stays the same
 * for the booking's lifetime; SEQUENCE rises on every change so clients replace the earlier version.
 */
export function buildCalendarObject(spec: CalendarEventSpec, method: InvitationMethod): string {
  // No calendar-wide zone (DTSTAMP must stay UTC); the event's TZID gets its VTIMEZONE below.
  const calendar = ical({ prodId: PROD_ID, method: calendarMethod(method) });
  const event = calendar.createEvent({
    id: spec.uid,
    sequence: spec.sequence,
    // Luxon objects in the event's zone: ical-generator writes them as local times under TZID.
    // (fromMillis: half the cost of fromISO, and the instants are already validated ISO strings.)
    start: DateTime.fromMillis(Date.parse(spec.start), { zone: spec.timeZone }),
    end: DateTime.fromMillis(Date.parse(spec.end), { zone: spec.timeZone }),
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
  // The same text as calendar.toString() (header, VTIMEZONE, event, folded), assembled from parts:
  // the header is the same for every invitation and the VTIMEZONE block needs no folding.
  const zone = event.timezone();
  const block = zone && !zone.startsWith('/') ? (vtimezone(zone) ?? '') : '';
  return `${calendarHead(method)}${block}${foldLines(event.toString())}END:VCALENDAR`;
}
