/**
 * What the Graph adapter puts into an event: the deterministic transactionId, local wall-clock
 * times in the organiser's zone, and the invitation's HTML body. Pure functions, no vendor calls.
 */
import { createHash } from 'node:crypto';
import { type CalendarEventSpec, ProviderError } from '@cmss/shared';
import { escapeHtml } from '../../html.js';
import { pad2, type WallClock, wallClock } from '../../wall-clock.js';

/**
 * Graph's `transactionId` for a booking's event: the same booking always yields the same value
 * (derived from the booking's stable calendar UID), so a replayed POST returns the event Exchange
 * already created instead of a second one. Formatted as a GUID, the form Microsoft documents.
 */
export function transactionIdFor(uid: string): string {
  const h = createHash('sha256').update(`cmss-event:${uid}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((Number.parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * A UTC instant as Graph's dateTimeTimeZone: the wall-clock time in `timeZone` (IANA names are
 * accepted by Graph next to Windows names), so Outlook shows the organiser's zone and daylight
 * saving is Exchange's business, not ours.
 */
export function toGraphDateTime(instant: string, timeZone: string): { dateTime: string; timeZone: string } {
  let t: WallClock;
  try {
    t = wallClock(instant, timeZone);
  } catch {
    throw new ProviderError('permanent', 'graph', `unknown time zone "${timeZone}"`);
  }
  return {
    dateTime: `${String(t.year).padStart(4, '0')}-${pad2(t.month)}-${pad2(t.day)}T${pad2(t.hour)}:${pad2(t.minute)}:${pad2(t.second)}`,
    timeZone,
  };
}

export const PATIENT_DATA_NOTICE =
  'Please do not include anything that identifies a patient (name, exact date of birth, address, ' +
  'identification numbers) in replies to this invitation or in the meeting chat. The meeting is not recorded.';

/**
 * The invitation body: deliberately plain HTML (paragraphs, one list, one link) because Outlook
 * rewrites anything richer. Every value is escaped.
 */
export function invitationHtml(spec: CalendarEventSpec): string {
  const m = spec.meeting;
  const lines: string[] = [];
  if (spec.description.trim()) {
    lines.push(`<p>${escapeHtml(spec.description.trim()).replace(/\r?\n/g, '<br>')}</p>`);
  }
  lines.push(
    `<p><b>Join the meeting:</b> <a href="${escapeHtml(m.joinUrl)}">${escapeHtml(m.joinUrl)}</a></p>`,
  );
  lines.push(
    `<p>Meeting number: ${escapeHtml(m.meetingNumber)}<br>Password: ${escapeHtml(m.password)}${
      m.sipAddress ? `<br>Video system: ${escapeHtml(m.sipAddress)}` : ''
    }</p>`,
  );
  if (m.dialIn.length) {
    lines.push(
      `<p>Join by phone:</p><ul>${m.dialIn
        .map((d) => `<li>${escapeHtml(d.label)}: ${escapeHtml(d.number)}</li>`)
        .join('')}</ul>`,
    );
  }
  lines.push(`<p><i>${escapeHtml(PATIENT_DATA_NOTICE)}</i></p>`);
  return `<html><body>${lines.join('')}</body></html>`;
}
