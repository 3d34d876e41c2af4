import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '@cmss/api';
import { schema } from '@cmss/db';
import { eq } from 'drizzle-orm';
import PostalMime from 'postal-mime';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { waitFor } from './doubles.js';
import { bookingApp, createRequest, plusMinutes, requestBody, seedDirectory, seedHosts } from './fixtures.js';
import { decodeHeader, header, readOutbox } from './mime.js';

// Each test starts its own app (the first start in a worker compiles the whole API).
vi.setConfig({ testTimeout: 60_000 });

type Ctx = Awaited<ReturnType<typeof bookingApp>>;
const open: Ctx[] = [];
const servers: SMTPServer[] = [];
afterEach(async () => {
  for (const c of open.splice(0)) await c.app.close();
  for (const s of servers.splice(0)) await new Promise<void>((r) => s.close(() => r()));
});

/** The local meetings' telephone bridge, as an operator configures it. */
const LOCAL_DIAL_IN = 'Belgium toll = +32 2 894 88 88; Deutschland = 0049 30 12345678';

async function setup(extra: Parameters<typeof bookingApp>[0] = {}) {
  const ctx = await bookingApp({
    ...extra,
    booking: { localDialIn: loadConfig({ LOCAL_DIAL_IN }).booking.localDialIn, ...extra.booking },
  });
  open.push(ctx);
  const dir = seedDirectory(ctx.app, ['PT', 'DE', 'FI']);
  seedHosts(ctx.app, 3);
  const staff = ctx.auth('helpdesk');
  const participants = [dir[0]!.clinicians[0]!, dir[1]!.clinicians[1]!, dir[2]!.clinicians[0]!];
  const newRequest = () =>
    createRequest(
      ctx.app,
      staff,
      requestBody(participants[0]!.id, [participants[1]!.id, participants[2]!.id]),
    );
  const book = (id: number, start: string, timeZone: string) =>
    ctx.app.inject({
      method: 'POST',
      url: `/api/v1/requests/${id}/booking`,
      headers: staff,
      payload: { start, end: plusMinutes(start, 60), timeZone },
    });
  return { ...ctx, staff, participants, newRequest, book };
}

describe('ICS invitations, read back by an independent parser (ical.js)', () => {
  it('carry the right local time in Lisbon, Berlin and Helsinki, and the right instant', async () => {
    const s = await setup();
    const start = '2027-01-12T09:00:00.000Z'; // a Tuesday in winter
    const expected: Record<string, string> = {
      'Europe/Lisbon': '2027-01-12T09:00:00',
      'Europe/Berlin': '2027-01-12T10:00:00',
      'Europe/Helsinki': '2027-01-12T11:00:00',
    };
    for (const zone of Object.keys(expected)) {
      const req = await s.newRequest();
      expect((await s.book(req.id, start, zone)).statusCode).toBe(201);
    }
    const invitations = readOutbox(s.outboxDir);
    expect(invitations).toHaveLength(3);
    for (const inv of invitations) {
      expect(inv.localStart).toBe(expected[inv.tzid]);
      expect(inv.startUtc).toBe(start);
      expect(inv.endUtc).toBe('2027-01-12T10:00:00.000Z');
    }
  });

  it('stay right across the spring DST change (Helsinki: UTC+2, then UTC+3)', async () => {
    const s = await setup();
    const before = '2027-03-26T09:00:00.000Z'; // Friday before the change on Sunday 28 March
    const after = '2027-03-29T09:00:00.000Z'; // Monday after
    for (const start of [before, after]) {
      const req = await s.newRequest();
      expect((await s.book(req.id, start, 'Europe/Helsinki')).statusCode).toBe(201);
    }
    const byStart = Object.fromEntries(readOutbox(s.outboxDir).map((i) => [i.startUtc, i.localStart]));
    expect(byStart).toEqual({ [before]: '2027-03-26T11:00:00', [after]: '2027-03-29T12:00:00' });
  });

  it('are iTIP requests from the helpdesk mailbox to every participant, with join details and the patient-data notice', async () => {
    const s = await setup();
    const req = await s.newRequest();
    const res = await s.book(req.id, '2027-01-13T10:00:00.000Z', 'Europe/Berlin');
    const booking = res.json();
    const [inv] = readOutbox(s.outboxDir);
    expect(inv!.method).toBe('REQUEST');
    expect(inv!.calendarContentType).toMatch(/^text\/calendar;.*method=REQUEST/i);
    expect(inv!.organizer).toBe('helpdesk@cmss.example');
    expect(inv!.attendees.map((a) => a.email).sort()).toEqual(
      s.participants.map((p) => p.email.toLowerCase()).sort(),
    );
    expect(inv!.attendees.every((a) => a.rsvp === 'TRUE')).toBe(true);
    expect(inv!.uid).toBe(booking.calendar.iCalUId);
    for (const body of [inv!.text, inv!.html]) {
      expect(body).toContain(booking.meeting.joinUrl);
      expect(body).toContain(booking.meeting.meetingNumber);
      expect(body).toContain(booking.meeting.password);
      expect(body).toContain('Belgium toll: +3228948888');
      expect(body).toMatch(/not share anything that identifies a patient/);
    }
    expect(inv!.text).toContain('11:00'); // 10:00 UTC is 11:00 in Berlin in January
    // The join link's page carries the same dial-in.
    const page = await s.app.inject({ url: new URL(booking.meeting.joinUrl).pathname });
    expect(page.body).toContain('Belgium toll: +3228948888');
  });

  it('keep names and topics outside ASCII intact: encoded headers, CN parameters, UTF-8 bodies; UTC times without a VTIMEZONE', async () => {
    const s = await setup();
    const guest = s.participants[1]!;
    s.app.database.db
      .update(schema.clinicians)
      .set({ title: 'Dr', givenName: 'Zoë', familyName: 'Müller-Łukasiewicz, "Jr"' })
      .where(eq(schema.clinicians.id, guest.id))
      .run();
    const topic = 'insuficiência respiratória — segunda opinião sobre ECMO';
    const req = await createRequest(
      s.app,
      s.staff,
      requestBody(s.participants[0]!.id, [guest.id, s.participants[2]!.id], { topic }),
    );
    expect((await s.book(req.id, '2027-01-20T09:00:00.000Z', 'UTC')).statusCode).toBe(201);
    const [inv] = readOutbox(s.outboxDir);
    const name = 'Dr Zoë Müller-Łukasiewicz, "Jr"';
    expect(decodeHeader(header(inv!.raw, 'To')!)).toContain(`${name} <${guest.email}>`);
    expect(decodeHeader(header(inv!.raw, 'Subject')!)).toBe(`CMSS case conference: ${topic}`);
    expect(inv!.attendees.find((a) => a.email === guest.email.toLowerCase())?.name).toMatch(
      /^Dr Zoë Müller-Łukasiewicz, /,
    );
    expect(inv!.text).toContain(topic);
    expect(inv!.html).toContain(topic);
    expect(inv!.startUtc).toBe('2027-01-20T09:00:00.000Z');
    expect(inv!.raw).not.toContain('BEGIN:VTIMEZONE');

    // An independent MIME parser (postal-mime) reads the same message as a mail client would.
    const mail = await PostalMime.parse(inv!.raw);
    expect(mail.to?.map((a) => [a.name, a.address])).toContainEqual([name, guest.email]);
    expect(mail.from).toMatchObject({ address: s.config.helpdeskMailbox });
    expect(mail.subject).toBe(`CMSS case conference: ${topic}`);
    expect(mail.text).toContain(topic);
    expect(mail.html).toContain(topic);
    const calendar = mail.attachments.find((a) => a.mimeType === 'text/calendar');
    expect(calendar).toBeDefined();
    // postal-mime gives attachment content as an ArrayBuffer (no attachmentEncoding asked for).
    const ics = new TextDecoder().decode(calendar!.content as ArrayBuffer);
    expect(ics).toContain('METHOD:REQUEST');
    expect(ics).toContain(`UID:${inv!.uid}`);
  });

  it('reschedule: same UID, higher SEQUENCE, new time; cancel: METHOD:CANCEL with the same UID and a higher SEQUENCE', async () => {
    const s = await setup();
    const req = await s.newRequest();
    const booked = (await s.book(req.id, '2027-01-14T09:00:00.000Z', 'Europe/Lisbon')).json();
    const moved = await s.app.inject({
      method: 'PATCH',
      url: `/api/v1/requests/${req.id}/booking`,
      headers: s.staff,
      payload: {
        start: '2027-01-15T14:00:00.000Z',
        end: '2027-01-15T15:30:00.000Z',
        timeZone: 'Europe/Lisbon',
      },
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({
      state: 'booked',
      start: '2027-01-15T14:00:00.000Z',
      calendar: { sequence: 1 },
    });
    const cancelled = await s.app.inject({
      method: 'DELETE',
      url: `/api/v1/requests/${req.id}/booking?reason=${encodeURIComponent('Patient transferred')}`,
      headers: s.staff,
    });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json().request.status).toBe('cancelled');
    expect(cancelled.json().bookings[0].state).toBe('cancelled');

    const [first, second, third] = readOutbox(s.outboxDir);
    expect([first!.method, second!.method, third!.method]).toEqual(['REQUEST', 'REQUEST', 'CANCEL']);
    expect(new Set([first!.uid, second!.uid, third!.uid])).toEqual(new Set([booked.calendar.iCalUId]));
    expect([first!.sequence, second!.sequence, third!.sequence]).toEqual([0, 1, 2]);
    expect(second!.startUtc).toBe('2027-01-15T14:00:00.000Z');
    expect(second!.endUtc).toBe('2027-01-15T15:30:00.000Z');
    expect(third!.status).toBe('CANCELLED');
    expect(third!.text).toContain('Patient transferred');
    // The join page says so too.
    const page = await s.app.inject({ url: new URL(booked.meeting.joinUrl).pathname });
    expect(page.body).toContain('cancelled');
  });

  it('are delivered over SMTP to every participant when SMTP_URL is set', async () => {
    const received: { from: string; to: string[]; data: string }[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            data: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    servers.push(server);
    server.listen(0, '127.0.0.1');
    await once(server.server, 'listening');
    const port = (server.server.address() as AddressInfo).port;
    const s = await setup({ booking: { smtpUrl: `smtp://127.0.0.1:${port}` } });
    const req = await s.newRequest();
    expect((await s.book(req.id, '2027-01-18T09:00:00.000Z', 'Europe/Lisbon')).statusCode).toBe(201);
    await waitFor(() => received.length === 1);
    expect(received[0]!.from).toBe('helpdesk@cmss.example');
    expect(received[0]!.to.sort()).toEqual(s.participants.map((p) => p.email).sort());
    expect(received[0]!.data).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/);
    expect(readOutbox(s.outboxDir)).toHaveLength(1); // and kept in the outbox
  });

  it('a mail server refusing the invitation (5xx) undoes the booking', async () => {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo(_address, _session, callback) {
        callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
      },
    });
    servers.push(server);
    server.listen(0, '127.0.0.1');
    await once(server.server, 'listening');
    const port = (server.server.address() as AddressInfo).port;
    const s = await setup({ booking: { smtpUrl: `smtp://127.0.0.1:${port}` } });
    const req = await s.newRequest();
    const res = await s.book(req.id, '2027-01-19T09:00:00.000Z', 'Europe/Lisbon');
    expect(res.statusCode).toBe(502);
    expect(res.json().error.message).toMatch(/SMTP/);
    expect(readOutbox(s.outboxDir)).toEqual([]);
  });
});
