import { afterEach, describe, expect, it } from 'vitest';
import { recogniseTimes, wallTimeToInstant } from '../../api/src/request-parse/times.js';
import { parseTestApp } from './fixtures.js';

type T = Awaited<ReturnType<typeof parseTestApp>>;
let t: T | undefined;
afterEach(async () => {
  await t?.app.close();
  t = undefined;
});

const parse = (app: T, payload: Record<string, unknown>, headers = app.helpdesk) =>
  app.app.inject({ method: 'POST', url: '/api/v1/requests/parse', headers, payload });

// Friday 20 November 2026, 10:00 UTC: the e-mails below are "received" then.
const receivedAt = '2026-11-20T10:00:00Z';

describe('POST /api/v1/requests/parse', () => {
  it('turns a request e-mail into requester, invitees and proposed times', async () => {
    t = await parseTestApp();
    const res = await parse(t, {
      subject: 'RE: Case conference: refractory ARDS, second opinion on ECMO',
      from: { email: 'Anna.Kowalska@usk-lodz.example', name: 'Anna Kowalska' },
      to: [{ email: 'helpdesk@cmss.example' }],
      cc: [{ email: 'joao.silva@hsm.example', name: 'João Silva' }],
      receivedAt,
      body: [
        'Dear helpdesk,',
        'I would like to discuss a complex case with Prof. Müller and petra.schmidt@klinikum.example,',
        'and a colleague from outside the network, guest.expert@elsewhere.example.',
        'Could we meet on Tuesday 24 November at 14:00 or Wednesday 25 November at 10:30, for 90 minutes?',
        'Best regards, Anna',
        '',
        'On Mon, 16 Nov 2026, Helpdesk wrote:',
        '> Proposed: Thursday 19 November at 09:00 with Dr Nobody',
      ].join('\n'),
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.requester).toMatchObject({
      clinicianId: t.people.kowalska.id,
      matchedBy: 'sender',
      countryCode: 'PL',
    });
    expect(body.unknownSender).toBeNull();
    const invitees = Object.fromEntries(
      body.invitees.map((i: { clinicianId: number; matchedBy: string }) => [i.clinicianId, i.matchedBy]),
    );
    expect(invitees).toEqual({
      [t.people.mueller.id]: 'name',
      [t.people.schmidt.id]: 'email',
      [t.people.silva.id]: 'email',
    });
    expect(body.unmatchedEmails).toEqual([{ email: 'guest.expert@elsewhere.example' }]);
    // Times are the requester's wall clock (Warsaw, UTC+1 in November); the quoted reply is ignored.
    expect(body.timeZone).toBe('Europe/Warsaw');
    expect(body.durationMinutes).toBe(90);
    expect(body.proposedWindows.map((w: { start: string; end: string }) => [w.start, w.end])).toEqual([
      ['2026-11-24T13:00:00.000Z', '2026-11-24T14:30:00.000Z'],
      ['2026-11-25T09:30:00.000Z', '2026-11-25T11:00:00.000Z'],
    ]);
    expect(body.topic).toBe('Case conference: refractory ARDS, second opinion on ECMO');
    expect(body.kind).toBe('conference');
  });

  it.each([
    ['en', 'Could we meet on Tuesday 24 November at 14:00?'],
    ['de', 'Wäre Dienstag, 24. November um 14 Uhr möglich?'],
    ['de', 'Passt es am Dienstag, 24.11. um 14:00?'],
    ['fr', 'Seriez-vous disponibles le mardi 24 novembre à 14h00 ?'],
    ['es', '¿Podríamos reunirnos el martes 24 de noviembre a las 14:00?'],
    ['it', 'Potremmo incontrarci martedì 24 novembre alle 14:00?'],
    ['nl', 'Kunnen we dinsdag 24 november om 14:00 afspreken?'],
    ['pt', 'Podemos reunir na terça-feira, 24 de novembro, às 14:00?'],
  ])('recognises a proposed time written in %s', (_language, text) => {
    const times = recogniseTimes(text, new Date(receivedAt), 'Europe/Berlin');
    expect(times.map((x) => x.start.toISOString())).toEqual(['2026-11-24T13:00:00.000Z']);
  });

  it.each([
    'One hour is enough.',
    'Eine Stunde reicht.',
    'Une heure suffit.',
    'Una hora basta.',
    "Un'ora basta.",
    'Een uur is genoeg.',
    'Uma hora chega.',
    'for 90 minutes',
  ])('does not mistake the duration “%s” for a proposed time', (text) => {
    expect(recogniseTimes(text, new Date(receivedAt), 'Europe/Berlin')).toEqual([]);
  });

  it('reads wall-clock times in the writer’s zone across a DST change and honours explicit zones', () => {
    // Lisbon is UTC+1 in summer and UTC+0 in winter; DST ends on 25 October 2026.
    expect(
      wallTimeToInstant(
        { year: 2026, month: 10, day: 24, hour: 10, minute: 0 },
        'Europe/Lisbon',
      ).toISOString(),
    ).toBe('2026-10-24T09:00:00.000Z');
    expect(
      wallTimeToInstant(
        { year: 2026, month: 10, day: 26, hour: 10, minute: 0 },
        'Europe/Lisbon',
      ).toISOString(),
    ).toBe('2026-10-26T10:00:00.000Z');
    const helsinki = recogniseTimes(
      'Monday 26 October at 10:00',
      new Date('2026-10-20T08:00:00Z'),
      'Europe/Helsinki',
    );
    expect(helsinki[0]?.start.toISOString()).toBe('2026-10-26T08:00:00.000Z');
    const explicit = recogniseTimes(
      'on 1 December 2026 at 09:00 UTC',
      new Date(receivedAt),
      'Europe/Helsinki',
    );
    expect(explicit[0]?.start.toISOString()).toBe('2026-12-01T09:00:00.000Z');
  });

  it('matches names in the text accent-insensitively and leaves unknown senders to staff', async () => {
    t = await parseTestApp();
    const res = await parse(t, {
      subject: 'Webinar request',
      from: { email: 'someone@unknown.example', name: 'Some One' },
      receivedAt,
      body: 'Bitte laden Sie Jurgen Muller und Dr. Schmidt ein, 45 Minuten, morgen um 15 Uhr.',
      timeZone: 'Europe/Berlin',
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.requester).toBeNull();
    expect(body.unknownSender).toEqual({ email: 'someone@unknown.example', name: 'Some One' });
    expect(body.invitees.map((i: { clinicianId: number }) => i.clinicianId).sort()).toEqual(
      [t.people.mueller.id, t.people.schmidt.id].sort(),
    );
    expect(body.kind).toBe('webinar');
    expect(body.durationMinutes).toBe(45);
    expect(body.timeZone).toBe('Europe/Berlin');
    expect(body.proposedWindows[0]).toMatchObject({
      start: '2026-11-21T14:00:00.000Z',
      end: '2026-11-21T14:45:00.000Z',
    });
  });

  it('is for staff only and records which clinicians were read', async () => {
    t = await parseTestApp();
    const clinician = t.auth('clinician', t.people.kowalska.id);
    expect((await parse(t, { body: 'x' }, clinician)).statusCode).toBe(403);
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/v1/requests/parse', payload: { body: 'x' } }))
        .statusCode,
    ).toBe(401);
    expect((await parse(t, { body: 'x', unexpected: true })).statusCode).toBe(400);
    const ok = await parse(t, { body: 'Please add joao.silva@hsm.example', receivedAt });
    expect(ok.statusCode).toBe(200);
    const audit = t.app.database.sqlite
      .prepare("SELECT entity_id AS id FROM audit_log WHERE entity = 'clinician' AND action = 'read'")
      .all() as { id: string }[];
    expect(audit.map((a) => Number(a.id))).toContain(t.people.silva.id);
  });

  it('reads an e-mail that names a patient, so staff can see it and clean the request before creating it', async () => {
    t = await parseTestApp();
    const res = await parse(t, {
      subject: 'Case conference for patient Anna Nowak, born 12/03/1958',
      from: { email: 'Anna.Kowalska@usk-lodz.example', name: 'Anna Kowalska' },
      receivedAt,
      body: 'Please invite joao.silva@hsm.example on Tuesday 24 November at 14:00.',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().requester.clinicianId).toBe(t.people.kowalska.id);
    // Creating a request with that topic is still refused by the guard.
    const create = await t.app.inject({
      method: 'POST',
      url: '/api/v1/requests',
      headers: t.helpdesk,
      payload: {
        requesterId: t.people.kowalska.id,
        kind: 'conference',
        topic: 'Case conference for patient Anna Nowak, born 12/03/1958',
        invitees: [{ clinicianId: t.people.silva.id }],
        proposedWindows: [],
        durationMinutes: 60,
        timeZone: 'Europe/Warsaw',
        source: 'api',
      },
    });
    expect(create.statusCode).toBe(422);
    expect(create.json().error.code).toBe('patient_identifiers_found');
  });
});
