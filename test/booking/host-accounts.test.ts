import { afterAll, beforeAll, expect, it } from 'vitest';
import { bookingApp, createRequest, futureAt, plusMinutes, requestBody, seedDirectory } from './fixtures.js';

type Ctx = Awaited<ReturnType<typeof bookingApp>>;
let ctx: Ctx;
beforeAll(async () => {
  ctx = await bookingApp();
});
afterAll(() => ctx.app.close());

it('admins list, add and deactivate host accounts; a deactivated host gets no new bookings', async () => {
  const admin = ctx.auth('admin');
  const helpdesk = ctx.auth('helpdesk');
  const url = '/api/v1/host-accounts';
  expect((await ctx.app.inject({ url, headers: helpdesk })).statusCode).toBe(403);
  const created = await ctx.app.inject({
    method: 'POST',
    url,
    headers: admin,
    payload: {
      email: 'Webex.Host1@CMSS.example',
      displayName: 'Host 1',
      webinarCapable: true,
      capacity: 1000,
    },
  });
  expect(created.statusCode).toBe(201);
  expect(created.json()).toMatchObject({
    email: 'webex.host1@cmss.example',
    active: true,
    webinarCapable: true,
    capacity: 1000,
  });
  const dup = await ctx.app.inject({
    method: 'POST',
    url,
    headers: admin,
    payload: { email: 'webex.host1@cmss.example', displayName: 'Again' },
  });
  expect(dup.statusCode).toBe(409);
  expect((await ctx.app.inject({ url, headers: admin })).json().items).toHaveLength(1);

  const dir = seedDirectory(ctx.app, ['AT', 'SK']);
  const staff = ctx.auth('helpdesk');
  const start = futureAt(8, 9);
  const book = async () => {
    const req = await createRequest(
      ctx.app,
      staff,
      requestBody(dir[0]!.clinicians[0]!.id, [dir[1]!.clinicians[0]!.id]),
    );
    return ctx.app.inject({
      method: 'POST',
      url: `/api/v1/requests/${req.id}/booking`,
      headers: staff,
      payload: { start, end: plusMinutes(start, 60), timeZone: 'Europe/Vienna' },
    });
  };
  const deactivated = await ctx.app.inject({
    method: 'POST',
    url: `${url}/${created.json().id}/deactivate`,
    headers: admin,
  });
  expect(deactivated.json().active).toBe(false);
  const refused = await book();
  expect(refused.statusCode).toBe(409);
  expect(refused.json().error.code).toBe('no_host_available');
  expect(
    (await ctx.app.inject({ method: 'POST', url: `${url}/999/deactivate`, headers: admin })).statusCode,
  ).toBe(404);
});
