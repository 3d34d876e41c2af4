/**
 * End-to-end harness: the real API listening on 127.0.0.1 (real SQLite, demo directory seeded), the
 * add-in built by Vite and served by that API, Debian's Chromium driven by playwright-core, axe-core
 * injected into the page, screenshots in artifacts/e2e/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp, loadConfig } from '@cmss/api';
import { isDirectoryEmpty, seedDemoDirectory } from '@cmss/db';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const ARTIFACTS = join(ROOT, 'artifacts/e2e');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
];

/** Why the browser tests cannot run here, or null when they can. Printed by the suites that skip. */
export function browserUnavailable(): string | null {
  if (!existsSync(CHROMIUM)) {
    return `${CHROMIUM} is missing — install Debian's chromium (scripts/ensure-chromium.sh) to run the add-in's browser tests`;
  }
  return null;
}

const newestMtime = (dir: string): number =>
  readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
    const path = join(dir, entry.name);
    const t = entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs;
    return Math.max(newest, t);
  }, 0);

/**
 * Builds the add-in (vite build → addin/dist) unless the build is newer than every source file. A lock
 * directory keeps two test files from building at once.
 */
export function ensureAddinBuilt(): void {
  const addin = join(ROOT, 'addin');
  const index = join(addin, 'dist/index.html');
  const sources = Math.max(newestMtime(join(addin, 'src')), statSync(join(addin, 'index.html')).mtimeMs);
  const fresh = () => existsSync(index) && statSync(index).mtimeMs > sources;
  if (fresh()) return;
  const lock = join(ROOT, 'artifacts/.addin-build.lock');
  mkdirSync(join(ROOT, 'artifacts'), { recursive: true });
  for (let i = 0; ; i++) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (i > 240) throw new Error(`stale lock ${lock}`);
      execFileSync('sleep', ['0.5']);
    }
  }
  try {
    if (!fresh())
      execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: addin, stdio: 'inherit' });
  } finally {
    rmdirSync(lock);
  }
}

/** A port nobody listens on right now (the API's PUBLIC_URL must name it before it starts). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export const ADMIN_KEY = 'cmss_e2e_admin_key_0123456789abcdef';

/** The real API on 127.0.0.1 (random port), with the demo directory and host accounts seeded. */
export async function startApi() {
  const port = await freePort();
  const config = loadConfig({
    ...process.env,
    LOG_LEVEL: 'silent',
    DATABASE_PATH: ':memory:',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    ADMIN_API_KEY: ADMIN_KEY,
    ENTRA_TENANT_ID: '',
    ENTRA_CLIENT_ID: '',
    RATE_LIMIT_MAX: '5000',
    RATE_LIMIT_AUTH_MAX: '1000',
  });
  const app = await buildApp(config);
  await app.ready();
  if (isDirectoryEmpty(app.database)) seedDemoDirectory(app.database, { clinicians: 600 });
  await app.listen({ host: '127.0.0.1', port });
  const url = `http://127.0.0.1:${port}`;

  /** Calls the API as the bootstrap admin (test set-up only; the page signs in on its own). */
  async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${ADMIN_KEY}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
  return { app, url, api, close: () => app.close() };
}
export type Api = Awaited<ReturnType<typeof startApi>>;

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/**
 * A page that can reach nothing but loopback (office.js, fonts or telemetry from the internet would be
 * a defect: they are aborted and recorded). `bypassCSP` only lets the test inject axe-core.
 */
export async function newPage(
  browser: Browser,
  options: { width?: number; height?: number; init?: string } = {},
): Promise<{
  context: BrowserContext;
  page: Page;
  blocked: string[];
  errors: string[];
  requested: string[];
}> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 420, height: options.height ?? 860 },
    bypassCSP: true,
    locale: 'en-GB',
    timezoneId: 'Europe/Brussels',
  });
  const blocked: string[] = [];
  const errors: string[] = [];
  const requested: string[] = [];
  await context.route('**/*', (route) => {
    requested.push(route.request().url());
    const host = new URL(route.request().url()).hostname;
    if (host === '127.0.0.1' || host === 'localhost') return route.continue();
    blocked.push(route.request().url());
    return route.abort();
  });
  if (options.init) await context.addInitScript({ content: options.init });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  return { context, page, blocked, errors, requested };
}

const requireFromHere = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(requireFromHere.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** axe-core's serious and critical violations on the page as it is now (WCAG 2.x A/AA rules). */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<unknown> } })
      .axe;
    // Tabster's focus sentinels (`<i tabindex=0 aria-hidden>` around Fluent's focus groups) are hidden by
    // design and hand focus straight on, so keyboard users never stop on them (the keyboard-only test
    // walks through them); axe cannot know that, so they are left out of the check.
    const result = (await axe.run(
      { exclude: [['[data-tabster-dummy]']] },
      {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
        resultTypes: ['violations'],
      },
    )) as {
      violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
    };
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Presses Tab until the focused element matches, as a keyboard user would (at most `max` presses). */
export async function tabTo(page: Page, matches: (el: Element) => boolean, max = 60): Promise<void> {
  const source = `(${matches.toString()})`;
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const hit = await page.evaluate(`Boolean(document.activeElement && (${source})(document.activeElement))`);
    if (hit) return;
  }
  throw new Error(`Tab never reached the element (${source})`);
}

/** Signs in through the local sign-in form as the helpdesk demo user. */
export async function signInAsHelpdesk(page: Page): Promise<void> {
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByLabel('Sign in as').selectOption({ value: 'helpdesk' });
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByTestId('signed-in-as').waitFor();
}
