import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { meetingDetails } from '../booking/specs.js';
import { escapeHtml } from '../html.js';
import { whenText } from '../providers/ics/invitation-text.js';

/**
 * The local meeting provider's join page (/meet/{id}). Public like any join link, so it shows only
 * what the link's holder needs — time, meeting number, password, state — and nothing about the
 * clinical topic or the participants.
 */
const meet: FastifyPluginAsyncTypebox = async (app) => {
  const bookings = app.booking.repos.bookings;

  app.get(
    '/meet/:id',
    {
      config: { access: 'public' },
      schema: {
        hide: true,
        params: Type.Object({ id: Type.String({ pattern: '^[0-9]+-[0-9a-f]{12}$' }) }),
      },
    },
    async (request, reply) => {
      const booking = bookings.byLocalMeetingId(request.params.id);
      reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');
      if (!booking) {
        return reply.code(404).send(page('Meeting not found', '<p>This meeting link is not known.</p>'));
      }
      const cancelled = booking.state === 'cancelled' || booking.state === 'failed';
      // Found by its meeting id, so the booking has a meeting.
      const meeting = meetingDetails(booking)!;
      const body = [
        `<p class="state">${cancelled ? 'This meeting has been cancelled.' : 'CMSS conference'}</p>`,
        `<dl><dt>When</dt><dd>${escapeHtml(whenText(booking))}</dd>`,
        `<dt>Meeting number</dt><dd>${escapeHtml(meeting.meetingNumber)}</dd>`,
        `<dt>Password</dt><dd>${escapeHtml(meeting.password)}</dd>`,
        ...meeting.dialIn.map((d) => `<dt>Dial-in</dt><dd>${escapeHtml(`${d.label}: ${d.number}`)}</dd>`),
        '</dl>',
        '<p>This is the embedded local meeting provider of CMSS: it books and announces meetings but carries no audio or video.</p>',
        '<p><em>Do not share anything that identifies a patient. The meeting is not recorded.</em></p>',
      ].join('');
      return page(cancelled ? 'Cancelled meeting' : 'CMSS meeting', body);
    },
  );
};

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
  `<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title></head>` +
  `<body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;

export default meet;
