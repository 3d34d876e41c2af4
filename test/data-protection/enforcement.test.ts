import { afterEach, describe, expect, it } from 'vitest';
import {
  bookingApp,
  createRequest,
  plusMinutes,
  requestBody,
  seedDirectory,
  seedHosts,
} from '../booking/fixtures.js';

type Ctx = Awaited<ReturnType<typeof bookingApp>>;
const open: Ctx[] = [];
afterEach(async () => {
  for (const c of open.splice(0)) await c.app.close();
});

async function setup() {
  const ctx = await bookingApp();
  open.push(ctx);
  const dir = seedDirectory(ctx.app, ['PL', 'DE']);
  seedHosts(ctx.app, 2);
  const requester = dir[0]!.clinicians[0]!;
  const invitee = dir[1]!.clinicians[0]!;
  return { ...ctx, staff: ctx.auth('helpdesk'), requester, invitee };
}

const post = (ctx: Ctx, url: string, headers: Record<string, string>, payload: unknown) =>
  ctx.app.inject({ method: 'POST', url, headers, payload: payload as Record<string, unknown> });

describe('patient-identifier guard on request routes', () => {
  it('refuses a topic naming a patient with 422 and the spans', async () => {
    const s = await setup();
    const res = await post(
      s,
      '/api/v1/requests',
      s.staff,
      requestBody(s.requester.id, [s.invitee.id], {
        topic: 'Second opinion for patient Anna Nowak on ECMO',
        notes: 'born 12/03/1958, CRP 120 mg/L, SpO2 88%',
      }),
    );
    expect(res.statusCode).toBe(422);
    const error = res.json().error;
    expect(error.code).toBe('patient_identifiers_found');
    expect(error.details.spans).toEqual([
      expect.objectContaining({ field: 'topic', kind: 'person_name', text: 'Anna Nowak' }),
      expect.objectContaining({ field: 'notes', kind: 'birth_date', text: '12/03/1958' }),
    ]);
    expect((await s.app.inject({ url: '/api/v1/requests', headers: s.staff })).json().items).toHaveLength(0);
  });

  it("lets clinical detail and the participants' own names through", async () => {
    const s = await setup();
    const req = await createRequest(
      s.app,
      s.staff,
      requestBody(s.requester.id, [s.invitee.id], {
        topic: '72-year-old, refractory ARDS, P/F 62, IL-6 45 pg/ml',
        notes: `Dr ${s.requester.givenName} ${s.requester.familyName} presents; admitted 03/02/2025; contact ${s.invitee.email}`,
      }),
    );
    expect(req.status).toBe('received');
  });

  it('accepts a helpdesk override with a reason and audits it without copying the identifiers', async () => {
    const s = await setup();
    const res = await post(
      s,
      '/api/v1/requests',
      s.staff,
      requestBody(s.requester.id, [s.invitee.id], {
        topic: 'Case of Mrs Smith syndrome cluster',
        guardOverride: { reason: 'Smith is the eponym of the syndrome, not a patient' },
      }),
    );
    expect(res.statusCode).toBe(201);
    const admin = s.auth('admin');
    const audit = (await s.app.inject({ url: '/api/v1/audit?action=guard_override', headers: admin })).json();
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({
      actorRole: 'helpdesk',
      entity: 'conference_request',
      fields: ['topic'],
      details: { reason: 'Smith is the eponym of the syndrome, not a patient' },
    });
    expect(JSON.stringify(audit.items[0])).not.toContain('Smith syndrome');
    expect(audit.items[0].details.spans[0]).toEqual({
      field: 'topic',
      kind: 'person_name',
      start: 12,
      end: 17,
    });
  });

  it('refuses an override from a clinician (403) and a reason that is too short (400)', async () => {
    const s = await setup();
    const clinician = s.auth('clinician', s.requester.id);
    const body = requestBody(s.requester.id, [s.invitee.id], { topic: 'Herr Müller mit Sepsis' });
    const byClinician = await post(s, '/api/v1/requests', clinician, {
      ...body,
      guardOverride: { reason: 'I know better' },
    });
    expect(byClinician.statusCode).toBe(403);
    expect(byClinician.json().error.code).toBe('guard_override_forbidden');
    const short = await post(s, '/api/v1/requests', s.staff, { ...body, guardOverride: { reason: 'ok' } });
    expect(short.statusCode).toBe(400);
  });

  it('screens the invitation text again when booking, and the cancellation reason', async () => {
    const s = await setup();
    const created = await post(
      s,
      '/api/v1/requests',
      s.staff,
      requestBody(s.requester.id, [s.invitee.id], {
        topic: 'Pani Anna Kowalska, 68 lat, ECMO',
        guardOverride: { reason: 'checked with the requester, pseudonym agreed' },
      }),
    );
    expect(created.statusCode).toBe(201);
    const id = created.json().id as number;
    const start = '2027-03-09T10:00:00.000Z';
    const slot = { start, end: plusMinutes(start, 60), timeZone: 'Europe/Warsaw' };
    const refused = await post(s, `/api/v1/requests/${id}/booking`, s.staff, slot);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.details.spans[0]).toMatchObject({
      field: 'invitation.subject',
      kind: 'person_name',
    });
    const booked = await s.app.inject({
      method: 'POST',
      url: `/api/v1/requests/${id}/booking`,
      headers: { ...s.staff, 'x-guard-override-reason': 'pseudonym agreed with the requester' },
      payload: slot,
    });
    expect([201, 202]).toContain(booked.statusCode);

    const other = await createRequest(s.app, s.staff, requestBody(s.requester.id, [s.invitee.id]));
    const cancel = await post(s, `/api/v1/requests/${other.id}/cancel`, s.staff, {
      reason: 'patient Jan Kowalski died',
    });
    expect(cancel.statusCode).toBe(422);
  });

  it('documents the override in OpenAPI and offers the verdict to API clients', async () => {
    const s = await setup();
    const doc = (await s.app.inject('/openapi.json')).json();
    const body = doc.paths['/api/v1/requests'].post.requestBody.content['application/json'].schema;
    const resolved = body.$ref ? doc.components.schemas[body.$ref.split('/').pop()] : body;
    expect(Object.keys(resolved.properties)).toContain('guardOverride');

    const check = await post(s, '/api/v1/patient-guard/check', s.auth('clinician', s.requester.id), {
      texts: [
        { field: 'topic', text: 'Mevrouw de Vries, BSN 111222333' },
        { field: 'notes', text: `${s.requester.givenName} ${s.requester.familyName} presents, CRP 120 mg/L` },
      ],
      requesterId: s.requester.id,
    });
    expect(check.statusCode).toBe(200);
    expect(check.json()).toEqual({
      clean: false,
      spans: [
        expect.objectContaining({ field: 'topic', kind: 'person_name', text: 'de Vries' }),
        expect.objectContaining({ field: 'topic', kind: 'national_id', text: '111222333' }),
      ],
    });
  });
});
