import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ICAL from 'ical.js';

/**
 * Just enough MIME reading for the tests: the parts of an invitation e-mail by content type, with
 * quoted-printable and base64 decoded. Deliberately independent of the code that wrote them.
 */
export interface Part {
  contentType: string;
  body: string;
}

/** Quoted-printable's `=XX` escapes as the bytes they stand for (a latin1 string, one char per byte). */
const unescapeHex = (text: string) =>
  text.replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));

function decode(body: string, encoding: string): string {
  if (/base64/i.test(encoding)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/quoted-printable/i.test(encoding)) {
    return Buffer.from(unescapeHex(body.replace(/=\r?\n/g, '')), 'latin1').toString('utf8');
  }
  return body;
}

export function mimeParts(raw: string): Part[] {
  const parts: Part[] = [];
  const boundaries = [...raw.matchAll(/boundary="([^"]+)"/g)].map((m) => m[1]!);
  for (const boundary of boundaries) {
    for (const chunk of raw.split(`--${boundary}`).slice(1)) {
      const [head = '', ...rest] = chunk.split(/\r?\n\r?\n/);
      const type =
        /content-type:\s*([^\r\n]+(?:\r?\n\s+[^\r\n]+)*)/i.exec(head)?.[1]?.replace(/\s+/g, ' ') ?? '';
      if (!type || type.startsWith('multipart/')) continue;
      const encoding = /content-transfer-encoding:\s*(\S+)/i.exec(head)?.[1] ?? '7bit';
      parts.push({ contentType: type, body: decode(rest.join('\n\n').replace(/\r?\n$/, ''), encoding) });
    }
  }
  return parts;
}

/**
 * An RFC 2047 header value with its encoded words (UTF-8, Q or B) decoded. Adjacent encoded words are
 * joined byte-wise, so a character split between two words still decodes.
 */
export function decodeHeader(value: string): string {
  const bytes = value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?[^?]+\?([QqBb])\?([^?]*)\?=/g, (_, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('latin1')
        : unescapeHex(text.replace(/_/g, ' ')),
    );
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

export const header = (raw: string, name: string) =>
  new RegExp(`^${name}:\\s*([^\\r\\n]+(?:\\r?\\n\\s+[^\\r\\n]+)*)`, 'im')
    .exec(raw)?.[1]
    ?.replace(/\s+/g, ' ');

export interface ParsedInvitation {
  file: string;
  raw: string;
  method: string;
  uid: string;
  sequence: number;
  status: string;
  /** DTSTART as written: local wall-clock time and its TZID. */
  localStart: string;
  tzid: string;
  /** The instant ical.js computes from the local time and the VTIMEZONE in the file. */
  startUtc: string;
  endUtc: string;
  attendees: { email: string; name: string | null; rsvp: string | null }[];
  organizer: string;
  text: string;
  html: string;
  calendarContentType: string;
}

export function parseInvitation(file: string, raw: string): ParsedInvitation {
  const parts = mimeParts(raw);
  const calendarPart = parts.find((p) => p.contentType.startsWith('text/calendar'));
  if (!calendarPart) throw new Error(`${file}: no text/calendar part`);
  const root = new ICAL.Component(ICAL.parse(calendarPart.body));
  for (const vtz of root.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(vtz);
  const vevent = root.getFirstSubcomponent('vevent')!;
  const event = new ICAL.Event(vevent);
  const dtstart = vevent.getFirstProperty('dtstart')!;
  return {
    file,
    raw,
    method: String(root.getFirstPropertyValue('method')),
    uid: event.uid,
    sequence: event.sequence,
    status: String(vevent.getFirstPropertyValue('status')),
    localStart: event.startDate.toString(),
    tzid: String(dtstart.getParameter('tzid')),
    startUtc: event.startDate.toJSDate().toISOString(),
    endUtc: event.endDate.toJSDate().toISOString(),
    attendees: vevent.getAllProperties('attendee').map((p) => ({
      email: String(p.getFirstValue())
        .replace(/^mailto:/i, '')
        .toLowerCase(),
      name: (p.getParameter('cn') as string | undefined) ?? null,
      rsvp: (p.getParameter('rsvp') as string | undefined) ?? null,
    })),
    organizer: String(vevent.getFirstPropertyValue('organizer')).replace(/^mailto:/i, ''),
    text: parts.find((p) => p.contentType.startsWith('text/plain'))?.body ?? '',
    html: parts.find((p) => p.contentType.startsWith('text/html'))?.body ?? '',
    calendarContentType: calendarPart.contentType,
  };
}

/** Every invitation in an outbox folder, oldest (lowest SEQUENCE) first. */
export function readOutbox(dir: string): ParsedInvitation[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((f) => parseInvitation(f, readFileSync(join(dir, f), 'utf8')));
}
