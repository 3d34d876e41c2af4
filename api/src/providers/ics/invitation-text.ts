import type { CalendarEventSpec } from '@cmss/shared';
import { DateTime } from 'luxon';

/**
 * What every invitation says besides the calendar data: when (in the organiser's zone and UTC),
 * how to join (link, meeting number, password, dial-in) and the rule that nothing identifying a
 * patient may be shared. Plain text and deliberately simple HTML, because mail clients and Outlook
 * rewrite anything richer.
 */
export const PATIENT_DATA_NOTICE =
  'Do not share anything that identifies a patient (name, exact date of birth, address, identification ' +
  'numbers) in this meeting, its chat or replies to this invitation. Only the clinical information needed ' +
  'for the discussion. The meeting is not recorded.';

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

export function whenText(spec: Pick<CalendarEventSpec, 'start' | 'end' | 'timeZone'>): string {
  const start = DateTime.fromISO(spec.start, { zone: spec.timeZone });
  const end = DateTime.fromISO(spec.end, { zone: spec.timeZone });
  const utc = start.toUTC();
  return `${start.toFormat('cccc d LLLL yyyy, HH:mm')}–${end.toFormat('HH:mm')} (${spec.timeZone}, UTC${start.toFormat('ZZ')}); ${utc.toFormat('HH:mm')} UTC`;
}

export interface InvitationText {
  subject: string;
  text: string;
  html: string;
}

export function invitationText(
  spec: CalendarEventSpec,
  mode: 'request' | 'cancel',
  comment = '',
): InvitationText {
  const m = spec.meeting;
  const cancelled = mode === 'cancel';
  const subject = cancelled ? `Cancelled: ${spec.subject}` : spec.subject;
  const dialIn = m.dialIn.length
    ? m.dialIn.map((d) => `${d.label}: ${d.number}`)
    : ['Not available for this meeting: join with the link.'];
  const when = whenText(spec);

  const text = [
    cancelled ? 'This conference has been CANCELLED.' : 'You are invited to a CMSS conference.',
    ...(cancelled && comment ? [`Reason: ${comment}`] : []),
    '',
    `When: ${when}`,
    ...(spec.description.trim() ? ['', spec.description.trim()] : []),
    ...(cancelled
      ? []
      : [
          '',
          `Join: ${m.joinUrl}`,
          `Meeting number: ${m.meetingNumber}`,
          `Password: ${m.password}`,
          ...(m.sipAddress ? [`Video system: ${m.sipAddress}`] : []),
          'Dial-in:',
          ...dialIn.map((line) => `  ${line}`),
        ]),
    '',
    PATIENT_DATA_NOTICE,
    '',
    `Organised by ${spec.organizer.displayName} <${spec.organizer.email}>`,
  ].join('\n');

  const html = [
    '<html><body>',
    `<p><b>${escapeHtml(cancelled ? 'This conference has been cancelled.' : 'You are invited to a CMSS conference.')}</b></p>`,
    cancelled && comment ? `<p>Reason: ${escapeHtml(comment)}</p>` : '',
    `<p>When: ${escapeHtml(when)}</p>`,
    spec.description.trim() ? `<p>${escapeHtml(spec.description.trim()).replace(/\r?\n/g, '<br>')}</p>` : '',
    cancelled
      ? ''
      : [
          `<p><a href="${escapeHtml(m.joinUrl)}">Join the meeting</a>: ${escapeHtml(m.joinUrl)}</p>`,
          `<p>Meeting number: ${escapeHtml(m.meetingNumber)}<br>Password: ${escapeHtml(m.password)}`,
          m.sipAddress ? `<br>Video system: ${escapeHtml(m.sipAddress)}` : '',
          '</p>',
          `<p>Dial-in:</p><ul>${dialIn.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>`,
        ].join(''),
    `<p><i>${escapeHtml(PATIENT_DATA_NOTICE)}</i></p>`,
    `<p>Organised by ${escapeHtml(spec.organizer.displayName)} &lt;${escapeHtml(spec.organizer.email)}&gt;</p>`,
    '</body></html>',
  ].join('');

  return { subject, text, html };
}
