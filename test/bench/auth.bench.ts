/**
 * What authentication costs per request, measured side by side in one process with app.inject
 * (no sockets, so the figures isolate the hooks): GET /health (public, no token) versus GET /api/v1/me
 * authenticated by an API key (SHA-256 + indexed lookup), a local sign-in token (HS256) and an Entra ID
 * token (RS256 against the cached JWKS of a loopback fake, plus the directory lookup by e-mail).
 */
import { buildApp, loadConfig } from '@cmss/api';
import { createApiKeysRepository } from '@cmss/db';
import { mintToken, newSigningKey, startEntraFake } from '../identity/entra-fake.js';

const N = Number(process.env.BENCH_AUTH_REQUESTS ?? 3000);
const fmt = (n: number) => n.toLocaleString('en-GB', { maximumFractionDigits: 0 });

type App = Awaited<ReturnType<typeof buildApp>>;
interface Scenario {
  name: string;
  app: App;
  url: string;
  authorization?: string;
  ms: number;
}

/** Rounds of ROUND requests per scenario, interleaved, so that warm-up and machine load hit all alike. */
const ROUND = 250;
async function measure(scenarios: Scenario[]) {
  for (const s of scenarios) await run(s, 200); // warm-up
  for (let done = 0; done < N; done += ROUND) {
    for (const s of scenarios) {
      const t0 = performance.now();
      await run(s, ROUND);
      s.ms += performance.now() - t0;
    }
  }
}
async function run(s: Scenario, n: number) {
  const headers = s.authorization ? { authorization: s.authorization } : {};
  for (let i = 0; i < n; i++) {
    const res = await s.app.inject({ url: s.url, headers });
    if (res.statusCode !== 200) throw new Error(`${s.name}: ${res.statusCode} ${res.body}`);
  }
}

export default async () => {
  const base = { ...loadConfig({ LOG_LEVEL: 'silent', DATABASE_PATH: ':memory:', SEED_DEMO: 'false' }) };
  const generous = { ...base.identity, rateLimitMax: 1_000_000, rateLimitAuthMax: 1_000_000 };

  const local = await buildApp({ ...base, identity: generous });
  await local.ready();
  const apiKey = createApiKeysRepository(local.database.db).create({
    name: 'bench',
    role: 'helpdesk',
    createdBy: 'bench',
  }).key;
  const session = (
    await local.inject({ method: 'POST', url: '/api/v1/auth/local/sign-in', payload: { userId: 'helpdesk' } })
  ).json();

  const fake = await startEntraFake();
  const key = await newSigningKey();
  fake.publish(key);
  const entra = await buildApp({ ...base, identity: { ...generous, entra: fake.entraConfig() } });
  await entra.ready();
  const token = await mintToken({
    key,
    authority: fake.authority,
    roles: ['Helpdesk'],
    email: 'agent@helpdesk.example',
  });

  const scenarios: Scenario[] = [
    { name: 'GET /health, no token', app: local, url: '/health', ms: 0 },
    {
      name: 'GET /api/v1/me, API key',
      app: local,
      url: '/api/v1/me',
      authorization: `Bearer ${apiKey}`,
      ms: 0,
    },
    {
      name: 'GET /api/v1/me, local token',
      app: local,
      url: '/api/v1/me',
      authorization: `Bearer ${session.accessToken}`,
      ms: 0,
    },
    {
      name: 'GET /api/v1/me, Entra ID token',
      app: entra,
      url: '/api/v1/me',
      authorization: `Bearer ${token}`,
      ms: 0,
    },
  ];
  await measure(scenarios);
  const rounds = Math.ceil(N / ROUND) * ROUND;
  const baseline = rounds / (scenarios[0]!.ms / 1000);
  console.log(`${rounds} requests per scenario (app.inject, interleaved rounds of ${ROUND})`);
  for (const s of scenarios) {
    const r = rounds / (s.ms / 1000);
    const perRequest = (s.ms - scenarios[0]!.ms) / rounds;
    console.log(
      `${s.name.padEnd(33)}${fmt(r).padStart(8)} req/s   ${(r / baseline).toFixed(2)}×   auth cost ${perRequest.toFixed(3)} ms/request`,
    );
  }
  console.log(`JWKS fetches during ${rounds + 200} Entra ID requests: ${fake.fetches}`);
  await local.close();
  await entra.close();
  await fake.close();
};
