/**
 * Slot suggestions use the Graph calendar's free/busy (getSchedule): a slot where an invitee of the
 * tenant is busy is not suggested; invitees outside the tenant are not asked (unknown, not free).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {} from '../../api/src/plugins/app/booking.js';
import { type GraphFake, startGraphFake } from '../fakes/graph/index.js';
import { startWebexFake, type WebexFake } from '../fakes/webex/index.js';
import { testConfig } from '../helpers/app.js';
import { appWithRealProviders, STAFF } from './real-app.js';

let webex: WebexFake;
let graph: GraphFake;
let app: FastifyInstance;
let clinicianIds: number[];
const mailbox = testConfig().helpdeskMailbox;
const domain = mailbox.split('@')[1] ?? '';
const colleague = `eva.lind@${domain}`;

beforeAll(async () => {
  webex = await startWebexFake({ hosts: [] });
  graph = await startGraphFake({ mailbox, tenantDomains: [domain], users: [colleague] });
  ({ app, clinicianIds } = await appWithRealProviders(webex, graph));
});
afterAll(async () => {
  await app?.close();
  await webex?.close();
  await graph?.close();
});

describe('suggestions with Graph free/busy', () => {
  it('skips slots where a tenant invitee is busy and asks Graph only about tenant addresses', async () => {
    const request = app.booking.requestService.create(
      {
        requesterId: clinicianIds[0] as number,
        kind: 'conference',
        topic: 'Refractory ARDS, second opinion on ECMO',
        invitees: [{ clinicianId: clinicianIds[1] as number }, { email: colleague, displayName: 'Eva Lind' }],
        proposedWindows: [],
        durationMinutes: 60,
        timeZone: 'Europe/Brussels',
        source: 'api',
      },
      STAFF,
    );
    // A Wednesday well ahead; the whole working day in one zone is searched.
    const day = new Date(Date.now() + 21 * 86_400_000);
    day.setUTCDate(day.getUTCDate() + ((3 - day.getUTCDay() + 7) % 7));
    day.setUTCHours(0, 0, 0, 0);
    const from = day.toISOString();
    const to = new Date(day.getTime() + 86_400_000).toISOString();
    const query = { from, to, limit: 100 };

    graph.setBusy(colleague, []);
    const free = (await app.booking.suggestions.suggest(request.id, STAFF, query)).items;
    const busyStart = free[Math.floor(free.length / 2)]?.start as string;
    const busyEnd = new Date(Date.parse(busyStart) + 3_600_000).toISOString();
    graph.setBusy(colleague, [{ start: busyStart, end: busyEnd, status: 'busy' }]);
    const withBusy = (await app.booking.suggestions.suggest(request.id, STAFF, query)).items;

    expect(free.some((s) => s.start === busyStart)).toBe(true);
    expect(withBusy.some((s) => s.start < busyEnd && s.end > busyStart)).toBe(false);
    expect(withBusy.length).toBeLessThan(free.length);

    const asked = graph.requests
      .filter((r) => r.path.endsWith('/calendar/getSchedule'))
      .map((r) => JSON.parse(r.body).schedules as string[]);
    expect(asked.at(-1)).toEqual([colleague]);
  });
});
