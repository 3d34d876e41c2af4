import { randomBytes } from 'node:crypto';
import type { CalendarEventSpec } from '@cmss/shared';
import * as base64 from 'nodemailer/lib/base64';
import { foldLines } from 'nodemailer/lib/mime-funcs';
import MimeNode, { type MimeNodeHeaderValue } from 'nodemailer/lib/mime-node';
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
 * Header values are encoded by nodemailer's own MimeNode.encodeHeaderValue: addresses punycoded and
 * quoted or RFC 2047-encoded, other text encoded only when needed. One node is enough, the method
 * keeps no state.
 */
const headerEncoder = new MimeNode();
const header = (key: string, value: MimeNodeHeaderValue) =>
  foldLines(`${key}: ${headerEncoder.encodeHeaderValue(key, value)}`, 76);

/** A text body the way nodemailer sends it: its own choice of 7bit, quoted-printable or base64. */
function encodeText(contentType: string, text: string): { encoding: string; body: string } {
  const encoding = new MimeNode(contentType).setContent(text).getTransferEncoding() || '7bit';
  if (encoding === 'quoted-printable') return { encoding, body: qp.wrap(qp.encode(text), 76) };
  if (encoding === 'base64') return { encoding, body: base64.wrap(base64.encode(text), 76) };
  return { encoding, body: text };
}

const textPart = (contentType: string, text: string) => {
  const { encoding, body } = encodeText(contentType, text);
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
