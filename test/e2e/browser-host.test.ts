import type { Clinician, ConferenceRequest } from '@cmss/shared';
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
  tabTo,
} from './harness.js';

const unavailable = browserUnavailable();
if (unavailable) console.log(`skipping add-in browser tests: ${unavailable}`);

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const fullName = (c: Clinician) => [c.title, c.givenName, c.familyName].filter(Boolean).join(' ');

/** Distinct clinicians from different countries, with family names that find few others. */
async function pickPeople(api: Api, count: number): Promise<Clinician[]> {
  const { items } = await api.api<{ items: Clinician[] }>('GET', '/api/v1/clinicians?limit=200');
  const seen = new Set<string>();
  const out: Clinician[] = [];
  for (const c of items) {
    if (seen.has(c.countryCode) || c.familyName.length < 4 || /[^\p{Script=Latin}\s'-]/u.test(c.familyName))
      continue;
    seen.add(c.countryCode);
    out.push(c);
    if (out.length === count) break;
  }
  if (out.length < count) throw new Error('demo directory too small');
  return out;
}

describe.skipIf(unavailable !== null)('add-in in a browser (browser host)', () => {
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

  it('search → pick → create request → book → booked, with no serious accessibility violation on any view', async () => {
    const [requester, first, second, fourth] = await pickPeople(api, 4);
    const { page, blocked, errors, context, requested } = await newPage(browser);
    const audit = async (name: string) => {
      await screenshot(page, `browser-${name}`);
      expect(await seriousViolations(page), `axe on ${name}`).toEqual([]);
    };

    await page.goto(`${api.url}/addin/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await audit('01-sign-in');
    await signInAsHelpdesk(page);
    await page.getByRole('heading', { name: 'Open requests' }).waitFor();
    await page
      .getByText(/No open requests|Open request/)
      .first()
      .waitFor();
    await audit('02-queue-empty');

    // Directory: type-ahead, facets, pick two clinicians.
    await page.getByRole('tab', { name: 'Directory' }).click();
    const search = page.getByRole('searchbox', { name: 'Search clinicians and hospitals' });
    for (const person of [first!, second!]) {
      await search.fill(person.familyName);
      const box = page.getByRole('checkbox', { name: new RegExp(fullName(person)) });
      await box.waitFor();
      await box.check();
    }
    // A whole hospital: all its contact persons are invited.
    await search.fill(fourth!.hospitalName);
    const hospitalBox = page.getByRole('checkbox', {
      name: new RegExp(`All contact persons of ${escapeRe(fourth!.hospitalName)}`),
    });
    await hospitalBox.first().waitFor();
    await hospitalBox.first().check();
    await expect.poll(() => page.getByTestId('invitee-chip').count()).toBe(3);
    // Each pick shows its country and the local time there.
    await expect.poll(() => page.getByTestId('invitee-chip').first().textContent()).toMatch(/\d\d:\d\d/);
    // Facets were filled from the search.
    expect(await page.getByLabel('Country').locator('option').count()).toBeGreaterThan(1);
    await audit('03-directory');

    await page.getByRole('button', { name: 'Create request with 3 invitees' }).click();
    await page.getByRole('heading', { name: 'New request' }).waitFor();
    const requesterBox = page.getByRole('combobox', { name: 'Requester' });
    await requesterBox.fill(requester!.familyName);
    await page.getByRole('option', { name: new RegExp(fullName(requester!)) }).click();
    await page.getByLabel('Topic').fill('Refractory ARDS, second opinion on ECMO');
    await page.getByText('No patient identifiers found').first().waitFor();
    await audit('04-new-request');

    await page.getByRole('button', { name: 'Create request' }).click();
    const bookHeading = page.getByRole('heading', { name: /^Book #\d+$/ });
    await bookHeading.waitFor();
    const requestId = Number((await bookHeading.textContent())!.replace(/\D/g, ''));
    const created = await api.api<ConferenceRequest>('GET', `/api/v1/requests/${requestId}`);
    expect(created.requesterId).toBe(requester!.id);
    expect(
      created.invitees
        .filter((i) => i.viaHospitalId === null)
        .map((i) => i.clinicianId)
        .sort(),
    ).toEqual([first!.id, second!.id].sort());
    expect(created.invitees.some((i) => i.viaHospitalId === fourth!.hospitalId)).toBe(true);
    expect(created.source).toBe('api');

    await page.getByRole('radiogroup', { name: 'Suggested slots' }).waitFor();
    await audit('05-book-choose');
    await page.getByRole('button', { name: 'Book meeting' }).click();
    await page.getByTestId('booking').waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getByTestId('status').textContent()).toBe('booked');
    const join = await page.getByTestId('join-link').getAttribute('href');
    expect(join?.startsWith(`${api.url}/meet/`)).toBe(true);
    await expect.poll(() => page.getByTestId('invitation-state').textContent()).toMatch('Invitations sent');
    const booked = await api.api<ConferenceRequest>('GET', `/api/v1/requests/${requestId}`);
    expect(booked.status).toBe('booked');
    await audit('06-book-booked');

    // Queue shows it with its status and age; appointment view explains that filling needs Outlook.
    await page.getByRole('tab', { name: 'Queue' }).click();
    await page
      .getByRole('button', { name: new RegExp(`^booked #${requestId} Refractory ARDS.*waiting`) })
      .waitFor();
    await audit('07-queue');
    await page.getByRole('tab', { name: 'Appointment' }).click();
    await page.getByText('open this add-in from a new meeting in Outlook').waitFor();
    await page.getByRole('region', { name: 'What will be filled in' }).waitFor();
    await audit('08-appointment-browser');
    await page.getByRole('tab', { name: 'E-mail' }).click();
    await page.getByLabel('Text of the e-mail').waitFor();
    await audit('09-email-paste');

    expect(blocked).toEqual([]);
    expect(errors).toEqual([]);
    // Outside Outlook and Teams, neither office.js nor the Outlook/Teams host code (teams-js) is loaded.
    expect(requested.filter((u) => /office\.js|\/assets\/(teams|outlook)-/.test(u))).toEqual([]);
    await context.close();
  }, 120_000);

  it('books, reschedules and cancels with the keyboard alone', async () => {
    const [requester, invitee] = await pickPeople(api, 2);
    const request = await api.api<ConferenceRequest>('POST', '/api/v1/requests', {
      requesterId: requester!.id,
      kind: 'conference',
      topic: 'Keyboard-only booking of a case conference',
      invitees: [{ clinicianId: invitee!.id }],
      proposedWindows: [],
      durationMinutes: 60,
      timeZone: 'Europe/Brussels',
      source: 'api',
    });
    const { page, context } = await newPage(browser, { width: 1000, height: 900 });
    await page.goto(`${api.url}/addin/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    // Sign in: the demo user list already has the helpdesk user selected.
    await tabTo(page, (el) => el.tagName === 'BUTTON' && el.textContent === 'Sign in');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Open requests' }).waitFor();
    const open = page.getByRole('button', { name: new RegExp(`#${request.id} Keyboard-only`) });
    await open.waitFor();
    await tabTo(page, (el) => /#\d+ /.test(el.textContent ?? '') && el.tagName === 'BUTTON');
    // Requests are listed oldest first; walk to ours.
    for (let i = 0; i < 20 && !(await open.evaluate((el) => el === document.activeElement)); i++) {
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
    await page.getByRole('radiogroup', { name: 'Suggested slots' }).waitFor();
    await tabTo(page, (el) => el.getAttribute('type') === 'radio');
    await page.keyboard.press('ArrowDown'); // the second suggestion
    const chosen = await page.evaluate(() => (document.activeElement as HTMLInputElement).value);
    await tabTo(page, (el) => el.tagName === 'BUTTON' && el.textContent === 'Book meeting');
    await page.keyboard.press('Enter');
    await page.getByTestId('booking').waitFor({ timeout: 20_000 });
    const booking = await api.api<{ start: string }>('GET', `/api/v1/requests/${request.id}/booking`);
    expect(booking.start).toBe(new Date(chosen.split('|')[0]!).toISOString());
    await screenshot(page, 'keyboard-01-booked');

    await tabTo(page, (el) => el.tagName === 'BUTTON' && el.textContent === 'Reschedule');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Move to' }).waitFor();
    await page.getByRole('radiogroup', { name: 'Suggested slots' }).waitFor();
    await tabTo(page, (el) => el.getAttribute('type') === 'radio');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const moved = await page.evaluate(() => (document.activeElement as HTMLInputElement).value);
    await tabTo(page, (el) => el.tagName === 'BUTTON' && el.textContent === 'Reschedule');
    await page.keyboard.press('Enter');
    await page.getByTestId('booking').waitFor();
    await expect
      .poll(
        async () => (await api.api<{ start: string }>('GET', `/api/v1/requests/${request.id}/booking`)).start,
      )
      .toBe(new Date(moved.split('|')[0]!).toISOString());
    expect(await seriousViolations(page)).toEqual([]);

    await tabTo(page, (el) => el.tagName === 'BUTTON' && el.textContent === 'Cancel booking');
    await page.keyboard.press('Enter');
    await page.getByRole('alertdialog').waitFor();
    await screenshot(page, 'keyboard-02-confirm-cancel');
    expect(await seriousViolations(page)).toEqual([]);
    // Focus starts on the confirming button.
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('status').textContent(), { timeout: 20_000 }).toBe('cancelled');
    const after = await api.api<ConferenceRequest>('GET', `/api/v1/requests/${request.id}`);
    expect(after.status).toBe('cancelled');
    await screenshot(page, 'keyboard-03-cancelled');
    await context.close();
  }, 120_000);
});
