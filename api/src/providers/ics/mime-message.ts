import type { CalendarEventSpec } from '@cmss/shared';
import MailComposer from 'nodemailer/lib/mail-composer';
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
 * One invitation e-mail: multipart/alternative with a text part, an HTML part and the
 * `text/calendar; method=REQUEST|CANCEL` part that mail clients turn into Accept/Decline buttons
 * (iMIP, RFC 6047). Built by nodemailer's MailComposer so headers and encodings follow the RFCs.
 */
export async function composeInvitation(
  spec: CalendarEventSpec,
  method: InvitationMethod,
  comment = '',
): Promise<InvitationMessage> {
  const key = `${safe(spec.uid)}-${String(spec.sequence).padStart(4, '0')}-${method.toLowerCase()}`;
  const body = invitationText(spec, method === 'CANCEL' ? 'cancel' : 'request', comment);
  const from = spec.organizer.email;
  const composer = new MailComposer({
    from: { name: spec.organizer.displayName, address: from },
    to: spec.attendees.map((a) => ({ name: a.displayName, address: a.email })),
    subject: body.subject,
    text: body.text,
    html: body.html,
    icalEvent: {
      method,
      filename: method === 'CANCEL' ? 'cancel.ics' : 'invite.ics',
      content: buildCalendarObject(spec, method),
    },
    messageId: `<${key}@${from.split('@')[1] ?? 'cmss'}>`,
    headers: { 'X-CMSS-Booking': String(spec.bookingId) },
  });
  const raw = await composer.compile().build();
  return { key, from, recipients: spec.attendees.map((a) => a.email), raw };
}
