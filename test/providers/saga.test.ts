/**
 * The full booking saga with MEETING_PROVIDER=webex and CALENDAR_PROVIDER=graph, wired by the app's
 * own provider factory from configuration, against the two contract fakes: create, reschedule,
 * cancel, webinar, and a permanent calendar failure that must not leave an orphan meeting.
 */
import { createHostAccountsRepository } from '@cmss/db';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {} from '../../api/src/plugins/app/booking.js';
import { transactionIdFor } from '../../api/src/providers/graph/body.js';
import { type GraphFake, startGraphFake } from '../fakes/graph/index.js';
import { startWebexFake, type WebexFake } from '../fakes/webex/index.js';
import { testConfig } from '../helpers/app.js';
import { appWithRealProviders, STAFF } from './real-app.js';

let webex: WebexFake;
let graph: GraphFake;
let app: FastifyInstance;
let clinicianIds: number[];

beforeAll(async () => {
  const mailbox = testConfig().helpdeskMailbox;
  webex = await startWebexFake({ hosts: [] });
  graph = await startGraphFake({ mailbox, tenantDomains: [mailbox.split('@')[1] ?? ''] });
  ({ app, clinicianIds } = await appWithRealProviders(webex, graph));
});
afterAll(async () => {
  await app?.close();
  await webex?.close();
  await graph?.close();
});

let day = 2;
function slot(hours = 1) {
  const start = new Date(Date.now() + day++ * 86_400_000);
  start.setUTCHours(9, 0, 0, 0);
  return {
    start: start.toISOString(),
    end: new Date(start.getTime() + hours * 3_600_000).toISOString(),
    timeZone: 'Europe/Brussels',
  };
}

function newRequest(kind: 'conference' | 'webinar', invitees: number[]) {
  return app.booking.requestService.create(
    {
      requesterId: clinicianIds[0] as number,
      kind,
      topic:
        kind === 'webinar' ? 'Webinar: ECMO weaning protocols' : 'Refractory ARDS, second opinion on ECMO',
      invitees: invitees.map((clinicianId) => ({ clinicianId })),
      proposedWindows: [],
      durationMinutes: 60,
      timeZone: 'Europe/Brussels',
      source: 'api',
    },
    STAFF,
  );
}

describe('booking saga with webex + graph', () => {
  it('books: a Webex meeting on the allocated host, one Graph event with its details, nothing e-mailed by Webex', async () => {
    const request = newRequest('conference', clinicianIds.slice(1, 4));
    const { row, booking } = await app.booking.bookingService.book(request.id, slot(), STAFF);
    expect(row.state).toBe('booked');
    const meeting = webex.meetings.get(row.meetingId ?? '');
    expect(meeting?.state).toBe('active');
    const host = createHostAccountsRepository(app.database.db).find(row.hostAccountId);
    expect(meeting?.hostEmail).toBe(host?.email);
    expect(booking.meeting).toMatchObject({
      provider: 'webex',
      providerId: meeting?.id,
      joinUrl: meeting?.webLink,
      meetingNumber: meeting?.meetingNumber,
      password: meeting?.password,
      sipAddress: meeting?.sipAddress,
    });
    expect(booking.meeting?.dialIn.length).toBeGreaterThan(0);
    const event = graph.events.get(row.calendarEventId ?? '');
    expect(event?.transactionId).toBe(transactionIdFor(row.icalUid));
    // Exchange's own UID for the event is what attendees' calendars know the meeting by.
    expect(booking.calendar).toMatchObject({
      provider: 'graph',
      eventId: event?.id,
      iCalUId: event?.iCalUId,
    });
    expect(booking.calendar?.iCalUId).not.toBe(row.icalUid);
    expect(event?.bodyHtml).toContain(meeting?.webLink.replaceAll('&', '&amp;'));
    expect(event?.attendees).toHaveLength(4);
    expect([...graph.events.values()].filter((e) => e.transactionId === event?.transactionId)).toHaveLength(
      1,
    );
    expect(webex.emailsSent).toBe(0);
    expect(webex.violations).toEqual([]);
    expect(graph.violations).toEqual([]);
  });

  it('reschedules: the same meeting and event move, attendees get one update each', async () => {
    const request = newRequest('conference', clinicianIds.slice(4, 6));
    const { row } = await app.booking.bookingService.book(request.id, slot(), STAFF);
    const to = slot();
    const moved = await app.booking.bookingService.reschedule(request.id, to, STAFF);
    expect(moved.row.state).toBe('booked');
    expect(moved.row.meetingId).toBe(row.meetingId);
    expect(moved.row.calendarEventId).toBe(row.calendarEventId);
    expect(webex.meetings.get(row.meetingId ?? '')?.start).toBe(to.start.replace('.000Z', 'Z'));
    const event = graph.events.get(row.calendarEventId ?? '');
    expect(event?.start).toEqual({
      dateTime: `${to.start.slice(0, 10)}T10:00:00`,
      timeZone: 'Europe/Brussels',
    });
    expect(graph.mail.filter((m) => m.eventId === event?.id && m.kind === 'update')).toHaveLength(3);
  });

  it('cancels: the Graph event is cancelled with the reason and the Webex meeting deleted', async () => {
    const request = newRequest('conference', clinicianIds.slice(6, 8));
    const { row } = await app.booking.bookingService.book(request.id, slot(), STAFF);
    const result = await app.booking.bookingService.cancelConference(
      request.id,
      STAFF,
      'The case was resolved.',
    );
    expect(result.bookings[0]?.state).toBe('cancelled');
    expect(webex.meetings.get(row.meetingId ?? '')?.state).toBe('deleted');
    expect(graph.events.get(row.calendarEventId ?? '')).toMatchObject({
      isCancelled: true,
      cancelComment: 'The case was resolved.',
    });
  });

  it('books a webinar on a webinar-capable host with scheduledType webinar and panelists', async () => {
    const request = newRequest('webinar', clinicianIds.slice(10, 110));
    const { row } = await app.booking.bookingService.book(request.id, slot(2), STAFF);
    expect(row.state).toBe('booked');
    const meeting = webex.meetings.get(row.meetingId ?? '');
    expect(meeting?.scheduledType).toBe('webinar');
    const host = createHostAccountsRepository(app.database.db).find(row.hostAccountId);
    expect(host?.webinarCapable).toBe(true);
    expect(meeting?.invitees.length).toBeGreaterThan(100);
    expect(meeting?.invitees.every((i) => i.panelist)).toBe(true);
    expect(graph.events.get(row.calendarEventId ?? '')?.attendees.length).toBe(meeting?.invitees.length);
  });

  it('a permanent calendar failure undoes the meeting: no orphan, the reason is on the booking', async () => {
    const request = newRequest('conference', clinicianIds.slice(8, 10));
    graph.faults.next({
      fault: { kind: 'status', status: 403 },
      match: (m, p) => m === 'POST' && p.endsWith('/events'),
    });
    const { row } = await app.booking.bookingService.book(request.id, slot(), STAFF);
    expect(row.state).toBe('failed');
    expect(row.failureReason).toMatch(/graph/);
    expect(webex.meetings.get(row.meetingId ?? '')?.state).toBe('deleted');
    expect(graph.events.has(row.calendarEventId ?? 'none')).toBe(false);
  });
});
