import type { CalendarEventSpec } from '@cmss/shared';
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import { pad2, wallClock } from './wall-clock.js';

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

/** BEGIN:VCALENDAR … METHOD: the calendar lines before the first component, the same for every invitation. */
const calendarHead = (method: InvitationMethod) =>
  `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//CMSS//Helpdesk//EN\r\nMETHOD:${method}\r\n`;

/** RFC 5545 §3.3.11 TEXT: backslash, semicolon and comma escaped, line breaks as \n. */
const text = (value: string) => value.replace(/[\\;,]/g, '\\$&').replace(/\r\n|\r|\n/g, '\\n');
/**
 * A quoted parameter value (CN="…"). DQUOTE cannot occur in one (RFC 5545 §3.2); it is written as
 * \" like ical-generator did, which the common parsers accept.
 */
const quoted = (value: string) => `"${value.replace(/[\\"]/g, '\\$&').replace(/\r\n|\r|\n/g, '\\n')}"`;

/** Local date-time (form #3, with TZID) of an instant in `timeZone`: 20270112T100000. */
const localDateTime = (iso: string, timeZone: string) => {
  const t = wallClock(iso, timeZone);
  return `${String(t.year).padStart(4, '0')}${pad2(t.month)}${pad2(t.day)}T${pad2(t.hour)}${pad2(t.minute)}${pad2(t.second)}`;
};
/** UTC date-time (form #2): 20270112T090000Z. */
const utcDateTime = (date: Date) => `${date.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;

/**
 * The RFC 5545 / iTIP object of one invitation. Times are written as local wall-clock times with
 * TZID = the organiser's IANA zone plus that zone's VTIMEZONE, so every client shows the meeting at
 * the right local time in its own zone, including across daylight-saving changes. UID stays the same
 * for the booking's lifetime; SEQUENCE rises on every change so clients replace the earlier version.
 *
 * Written directly, line for line what ical-generator wrote for this event (tests read it back
 * with ical.js): building its object model and luxon dates cost more than the rest of the invitation.
 */
export function buildCalendarObject(spec: CalendarEventSpec, method: InvitationMethod): string {
  // UTC needs no VTIMEZONE: its times are written as UTC (…Z), as ical-generator did.
  const zone = spec.timeZone === 'UTC' ? null : spec.timeZone;
  const at = (iso: string) =>
    zone ? `;TZID=${zone}:${localDateTime(iso, zone)}` : `:${utcDateTime(new Date(iso))}`;
  const lines = [
    'BEGIN:VEVENT',
    `UID:${spec.uid}`,
    `SEQUENCE:${spec.sequence}`,
    `DTSTAMP:${utcDateTime(new Date())}`,
    `DTSTART${at(spec.start)}`,
    `DTEND${at(spec.end)}`,
    `SUMMARY:${text(spec.subject)}`,
  ];
  if (spec.meeting.joinUrl) lines.push(`LOCATION:${text(spec.meeting.joinUrl)}`);
  lines.push(
    `DESCRIPTION:${text(spec.description)}`,
    `ORGANIZER;CN=${quoted(spec.organizer.displayName)}:mailto:${text(spec.organizer.email)}`,
  );
  for (const a of spec.attendees) {
    const cn = a.displayName ? `;CN=${quoted(a.displayName)}` : '';
    lines.push(`ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE${cn}:MAILTO:${text(a.email)}`);
  }
  if (spec.meeting.joinUrl) lines.push(`URL;VALUE=URI:${text(spec.meeting.joinUrl)}`);
  lines.push(`STATUS:${method === 'REQUEST' ? 'CONFIRMED' : 'CANCELLED'}`, 'END:VEVENT', '');
  // The VTIMEZONE block is already folded; the header lines are short.
  const block = zone ? (vtimezone(zone) ?? '') : '';
  return `${calendarHead(method)}${block}${foldLines(lines.join('\r\n'))}END:VCALENDAR`;
}
