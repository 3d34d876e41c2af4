import type { Booking, Clinician, ConferenceRequest } from '@cmss/shared';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Api,
  browserUnavailable,
  ensureAddinBuilt,
  launch,
  newPage,
  screenshot,
  seriousViolations,
  signInAsHelpdesk,
  startApi,
} from './harness.js';
import { type OfficeCall, officeDouble, type SampleMessage } from './office-double.js';

const unavailable = browserUnavailable();
if (unavailable) console.log(`skipping Outlook-host browser tests: ${unavailable}`);

const fullName = (c: Clinician) => [c.title, c.givenName, c.familyName].filter(Boolean).join(' ');

async function people(api: Api): Promise<Clinician[]> {
  const { items } = await api.api<{ items: Clinician[] }>('GET', '/api/v1/clinicians?limit=200');
  const byCountry = new Map<string, Clinician>();
  for (const c of items) {
    // Latin-script names with a title, so that "Dr Family" in the text is a fair test of name matching.
    if (!c.title || byCountry.has(c.countryCode) || /[^\p{Script=Latin}\s'-]/u.test(c.familyName)) continue;
    byCountry.set(c.countryCode, c);
  }
  const list = [...byCountry.values()];
  // Family names that no other clinician in the sample shares, so a lone "Dr Family" is unambiguous.
  return list.filter((c) => items.filter((o) => o.familyName === c.familyName).length === 1).slice(0, 3);
}

describe.skipIf(unavailable !== null)('add-in in Outlook (test double of the Office global)', () => {
  let api: Api;
  let browser: Browser;

  beforeAll(async () => {
    ensureAddinBuilt();
    api = await startApi();
    browser = await launch();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('read mode turns a sample request e-mail into a correctly prefilled request, once per e-mail', async () => {
    const [sender, byEmail, byName] = await people(api);
    const message: SampleMessage = {
      subject: 'RE: Case conference request: refractory ARDS, second opinion on ECMO',
      from: { displayName: fullName(sender!), emailAddress: sender!.email },
      to: [{ displayName: 'CMSS helpdesk', emailAddress: 'helpdesk@cmss.example' }],
      cc: [],
      internetMessageId: '<CAB7x9Qk.e2e-sample@mail.example.org>',
      dateTimeCreated: '2026-11-20T09:12:00Z',
      body: [
        'Dear helpdesk,',
        '',
        `I would like to discuss a complex ARDS case with ${byEmail!.email} and Dr ${byName!.familyName},`,
        'and with an external expert, external.expert@university.example.',
        'Could we meet on Tuesday 24 November at 14:00 or Wednesday 25 November at 10:30?',
        'One hour is enough.',
        '',
        'Kind regards,',
        fullName(sender!),
      ].join('\n'),
    };
    const { page, context, blocked, errors, requested } = await newPage(browser, {
      init: officeDouble('read', message),
    });
    await page.goto(`${api.url}/addin/?host=outlook`);
    await signInAsHelpdesk(page);
    await page.getByRole('heading', { name: 'Request from e-mail' }).waitFor();
    await page.getByTestId('recognised-summary').waitFor();

    expect(await page.getByRole('combobox', { name: 'Requester' }).inputValue()).toBe(fullName(sender!));
    expect(await page.getByLabel('Topic').inputValue()).toBe(
      'Case conference request: refractory ARDS, second opinion on ECMO',
    );
    const chips = await page.getByTestId('invitee-chip').allTextContents();
    expect(chips).toHaveLength(3);
    expect(chips.some((c) => c.includes(fullName(byEmail!)))).toBe(true);
    expect(chips.some((c) => c.includes(fullName(byName!)))).toBe(true);
    expect(chips.some((c) => c.includes('external.expert@university.example'))).toBe(true);
    // Times are read in the sender's country zone; the inputs show them in the staff member's zone.
    const times = page.locator('input[type="datetime-local"]');
    expect(await times.count()).toBe(2);
    await page.getByText(/Read from “(on )?Tuesday 24 November at 14:00”/).waitFor();
    expect(await page.getByRole('radio', { name: 'Case conference (meeting)' }).isChecked()).toBe(true);
    await screenshot(page, 'outlook-01-read-prefilled');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Create request' }).click();
    const heading = page.getByRole('heading', { name: /^Book #\d+$/ });
    await heading.waitFor();
    const id = Number((await heading.textContent())!.replace(/\D/g, ''));
    const created = await api.api<ConferenceRequest>('GET', `/api/v1/requests/${id}`);
    expect(created).toMatchObject({
      requesterId: sender!.id,
      source: 'outlook',
      sourceMessageId: message.internetMessageId,
      topic: 'Case conference request: refractory ARDS, second opinion on ECMO',
      durationMinutes: 60,
    });
    expect(created.invitees.map((i) => i.email).sort()).toEqual(
      [byEmail!.email, byName!.email, 'external.expert@university.example'].sort(),
    );
    expect(created.proposedWindows).toHaveLength(2);
    // The sender's local 14:00 on 24 November, whatever zone the staff member is in.
    const senderZone = (
      await api.api<{ items: { code: string; timeZone: string }[] }>('GET', '/api/v1/countries')
    ).items.find((c) => c.code === sender!.countryCode)!.timeZone;
    const local = new Intl.DateTimeFormat('en-GB', {
      timeZone: senderZone,
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    }).format(new Date(created.proposedWindows[0]!.start));
    expect(local).toBe('24, 14:00');

    // The same e-mail again: the request is not created twice.
    await page.reload();
    await page.getByTestId('recognised-summary').waitFor();
    await page.getByRole('button', { name: 'Create request' }).click();
    await page.getByText(`This e-mail is already request #${id}.`).waitFor();
    await screenshot(page, 'outlook-02-read-duplicate');
    expect(await seriousViolations(page)).toEqual([]);
    const { items } = await api.api<{ items: ConferenceRequest[] }>('GET', '/api/v1/requests?limit=200');
    expect(items.filter((r) => r.sourceMessageId === message.internetMessageId)).toHaveLength(1);

    // The injected double stood in for office.js: nothing was fetched from the internet, teams-js never loaded.
    expect(blocked).toEqual([]);
    expect(requested.filter((u) => /\/assets\/teams-/.test(u))).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('compose mode sets attendees, location, times and body of the organiser’s appointment', async () => {
    const [requester, a, b] = await people(api);
    const request = await api.api<ConferenceRequest>('POST', '/api/v1/requests', {
      requesterId: requester!.id,
      kind: 'conference',
      topic: 'Tumour board: second opinion on a rare sarcoma',
      invitees: [{ clinicianId: a!.id }, { clinicianId: b!.id }],
      proposedWindows: [],
      durationMinutes: 60,
      timeZone: 'Europe/Brussels',
      source: 'api',
    });
    const slot = (
      await api.api<{ items: { start: string; end: string }[] }>(
        'GET',
        `/api/v1/requests/${request.id}/suggestions`,
      )
    ).items[0]!;
    const booking = await api.api<Booking>('POST', `/api/v1/requests/${request.id}/booking`, {
      start: slot.start,
      end: slot.end,
      timeZone: 'Europe/Brussels',
    });

    const { page, context, blocked, errors } = await newPage(browser, { init: officeDouble('organizer') });
    await page.goto(`${api.url}/addin/?host=outlook`);
    await signInAsHelpdesk(page);
    await page.getByRole('heading', { name: 'Fill appointment' }).waitFor();
    await page.getByLabel('Conference').selectOption(String(request.id));
    await page
      .getByRole('region', { name: 'What will be filled in' })
      .getByText(fullName(requester!))
      .waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Fill appointment' }).click();
    await page.getByText('The meeting now has the attendees').waitFor();
    await screenshot(page, 'outlook-03-organizer-filled');
    expect(await seriousViolations(page)).toEqual([]);

    const calls = await page.evaluate(
      () => (window as unknown as { __officeCalls: OfficeCall[] }).__officeCalls,
    );
    const call = (method: string) => calls.find((c) => c.method === method)?.args;
    const attendees = call('requiredAttendees.addAsync')![0] as {
      emailAddress: string;
      displayName: string;
    }[];
    // The requester and every invitee, each once.
    expect(attendees.map((x) => x.emailAddress).sort()).toEqual(
      [requester!.email, a!.email, b!.email].sort(),
    );
    // addAsync, never get-then-set (which duplicates the organiser on Windows).
    expect(calls.some((c) => c.method === 'requiredAttendees.setAsync')).toBe(false);
    expect(call('subject.setAsync')).toEqual([request.topic]);
    expect(call('location.setAsync')).toEqual([`Webex ${booking.meeting!.meetingNumber}`]);
    expect(call('start.setAsync')).toEqual([booking.start]);
    expect(call('end.setAsync')).toEqual([booking.end]);
    const body = call('body.setSelectedDataAsync')!;
    expect(body[1]).toEqual({ coercionType: 'html' });
    const html = body[0] as string;
    expect(html).toContain(`<a href="${booking.meeting!.joinUrl}">`);
    expect(html).toContain(`Meeting number: ${booking.meeting!.meetingNumber}`);
    expect(html).toContain(`Password: ${booking.meeting!.password}`);
    expect(html).not.toMatch(/<(script|style|table|div)/i);
    // Start is set before end, so Outlook keeps the duration and zone.
    expect(calls.findIndex((c) => c.method === 'start.setAsync')).toBeLessThan(
      calls.findIndex((c) => c.method === 'end.setAsync'),
    );

    expect(blocked).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('without a double, ?host=outlook fetches office.js from Microsoft’s CDN only, and falls back to the browser host when it cannot load', async () => {
    const { page, context, blocked } = await newPage(browser);
    await page.goto(`${api.url}/addin/?host=outlook`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(blocked).toEqual(['https://appsforoffice.microsoft.com/lib/1/hosted/office.js']);
    expect(await page.evaluate(() => document.documentElement.dataset.host)).toBe('browser');
    await context.close();
  }, 60_000);
});
