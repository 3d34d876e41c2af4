import type { CalendarEventSpec } from '@cmss/shared';
import { escapeHtml } from '../../html.js';
import { pad2, type WallClock, wallClock } from '../../wall-clock.js';

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

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const hhmm = (t: WallClock) => `${pad2(t.hour)}:${pad2(t.minute)}`;

/** "Monday 6 April 2026, 09:00–10:00 (Europe/Lisbon, UTC+01:00); 08:00 UTC" */
export function whenText(spec: Pick<CalendarEventSpec, 'start' | 'end' | 'timeZone'>): string {
  const start = wallClock(spec.start, spec.timeZone);
  const end = wallClock(spec.end, spec.timeZone);
  const utc = new Date(spec.start);
  const off = Math.abs(start.offsetMinutes);
  const offset = `${start.offsetMinutes < 0 ? '-' : '+'}${pad2(Math.floor(off / 60))}:${pad2(off % 60)}`;
  return `${WEEKDAYS[start.weekday]} ${start.day} ${MONTHS[start.month - 1]} ${start.year}, ${hhmm(start)}–${hhmm(end)} (${spec.timeZone}, UTC${offset}); ${pad2(utc.getUTCHours())}:${pad2(utc.getUTCMinutes())} UTC`;
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
