import { randomBytes } from 'node:crypto';
import type { CalendarEventSpec } from '@cmss/shared';
import * as base64 from 'nodemailer/lib/base64';
import { foldLines, hasLongerLines, isPlainText } from 'nodemailer/lib/mime-funcs';
import MimeNode from 'nodemailer/lib/mime-node';
import * as qp from 'nodemailer/lib/qp';
import { buildCalendarObject, type InvitationMethod } from './calendar-object.js';
import { invitationText } from './invitation-text.js';

export interface InvitationMessage {
  /** Deterministic per (UID, SEQUENCE, METHOD): the outbox file name and the Message-ID derive from it. */
  key: string;
  from: string;
  recipients: string[];
  raw: Buffer;
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_');

/**
 * Header values are encoded by nodemailer's own MimeNode.encodeHeaderValue (public since nodemailer 10,
 * not yet in @types/nodemailer): addresses punycoded and quoted or RFC 2047-encoded, other text
 * encoded only when needed. One node is enough, the method keeps no state.
 */
const headerEncoder = new MimeNode() as unknown as {
  encodeHeaderValue(key: string, value: unknown): string;
};
const header = (key: string, value: unknown) =>
  foldLines(`${key}: ${headerEncoder.encodeHeaderValue(key, value)}`, 76);

/** Nodemailer's choice for a text body: as is when it can be, else QP, or base64 for mostly non-Latin text. */
function encodeText(text: string): { encoding: string; body: string } {
  if (isPlainText(text) && !hasLongerLines(text, 76)) return { encoding: '7bit', body: text };
  let nonLatin = 0;
  let latin = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x09 || code === 0x0b || code === 0x0c || (code >= 0x0e && code <= 0x1f) || code >= 0x80)
      nonLatin++;
    else if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) latin++;
  }
  return nonLatin < latin
    ? { encoding: 'quoted-printable', body: qp.wrap(qp.encode(text), 76) }
    : { encoding: 'base64', body: base64.wrap(base64.encode(text), 76) };
}

const textPart = (contentType: string, text: string) => {
  const { encoding, body } = encodeText(text);
  return `${header('Content-Type', contentType)}\r\n${header('Content-Transfer-Encoding', encoding)}\r\n\r\n${body}`;
};

const multipart = (contentType: string, boundary: string, parts: string[]) =>
  `${header('Content-Type', `${contentType}; boundary="${boundary}"`)}\r\n\r\n` +
  `--${boundary}\r\n${parts.join(`\r\n--${boundary}\r\n`)}\r\n--${boundary}--\r\n`;

/**
 * One invitation e-mail: multipart/alternative with a text part, an HTML part and the
 * `text/calendar; method=REQUEST|CANCEL` part that mail clients turn into Accept/Decline buttons
 * (iMIP, RFC 6047), plus the same calendar object as an .ics attachment for clients that only look
 * there. The same message nodemailer's MailComposer writes, assembled as one string: its
 * stream pipeline per part was most of the cost of a booking. Encodings are nodemailer's functions.
 */
export async function composeInvitation(
  spec: CalendarEventSpec,
  method: InvitationMethod,
  comment = '',
): Promise<InvitationMessage> {
  const key = `${safe(spec.uid)}-${String(spec.sequence).padStart(4, '0')}-${method.toLowerCase()}`;
  const body = invitationText(spec, method === 'CANCEL' ? 'cancel' : 'request', comment);
  const from = spec.organizer.email;
  const calendar = buildCalendarObject(spec, method);
  const filename = method === 'CANCEL' ? 'cancel.ics' : 'invite.ics';
  // Boundaries never occur in the parts: QP and base64 output cannot hold "=_", the calendar is escaped text.
  const boundary = `--=_CMSS-${randomBytes(8).toString('hex')}-Part_`;

  const alternative = multipart('multipart/alternative', `${boundary}2`, [
    textPart('text/plain; charset=utf-8', body.text),
    textPart('text/html; charset=utf-8', body.html),
    textPart(`text/calendar; charset=utf-8; method=${method}`, calendar),
  ]);
  const attachment =
    `${header('Content-Type', `application/ics; name=${filename}`)}\r\n` +
    `${header('Content-Disposition', `attachment; filename=${filename}`)}\r\n` +
    `${header('Content-Transfer-Encoding', 'base64')}\r\n\r\n${base64.wrap(base64.encode(calendar), 76)}`;

  const headers = [
    header('X-CMSS-Booking', String(spec.bookingId)),
    header('From', { name: spec.organizer.displayName, address: from }),
    header(
      'To',
      spec.attendees.map((a) => ({ name: a.displayName, address: a.email })),
    ),
    header('Subject', body.subject),
    header('Message-ID', `<${key}@${from.split('@')[1] ?? 'cmss'}>`),
    header('Date', new Date()),
    'MIME-Version: 1.0',
  ].join('\r\n');
  const raw = `${headers}\r\n${multipart('multipart/mixed', `${boundary}1`, [alternative, attachment])}`;
  return { key, from, recipients: spec.attendees.map((a) => a.email), raw: Buffer.from(raw) };
}
