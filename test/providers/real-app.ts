/**
 * The real app (real SQLite, the production provider factory) configured with MEETING_PROVIDER=webex
 * and CALENDAR_PROVIDER=graph against the contract fakes, with the demo directory seeded and the
 * demo host accounts licensed on the fake Webex site.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Principal } from '@cmss/api';
import { createHostAccountsRepository, seedDemoDirectory } from '@cmss/db';
import type {} from '../../api/src/plugins/app/booking.js';
import type { GraphFake } from '../fakes/graph/index.js';
import type { WebexFake } from '../fakes/webex/index.js';
import { buildTestApp, testConfig } from '../helpers/app.js';

/** The helpdesk agent the booking service is called as (service calls bypass HTTP auth). */
export const STAFF: Principal = {
  subject: 'test:helpdesk',
  role: 'helpdesk',
  clinicianId: null,
  displayName: 'Helpdesk test',
  method: 'api_key',
};

export async function appWithRealProviders(
  w: WebexFake,
  g: GraphFake,
  overrides: {
    timeoutMs?: number;
    maxAttempts?: number;
    maxInlineWaitMs?: number;
    /** Runs the saga worker (retries on its own); off for step-by-step tests. */
    worker?: boolean;
    logLevel?: 'silent' | 'warn' | 'info';
  } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), 'cmss-ca-'));
  const caFile = join(dir, 'fakes-ca.pem');
  writeFileSync(caFile, w.ca);
  const base = testConfig();
  const mailbox = base.helpdeskMailbox;
  const { app } = await buildTestApp({
    logLevel: overrides.logLevel ?? 'silent',
    booking: {
      ...base.booking,
      meetingProvider: 'webex',
      calendarProvider: 'graph',
      workerEnabled: overrides.worker ?? false,
      workerIntervalMs: 1_000,
      maxAttempts: overrides.maxAttempts ?? base.booking.maxAttempts,
    },
    providers: {
      timeoutMs: overrides.timeoutMs ?? 5_000,
      maxInlineWaitMs: overrides.maxInlineWaitMs ?? 2_000,
      caFile,
      webex: {
        baseUrl: w.baseUrl,
        credential: {
          kind: 'refresh_token',
          clientId: 'cmss-client-id',
          clientSecret: 'cmss-client-secret',
          refreshToken: 'cmss-refresh-token',
        },
      },
      graph: {
        tenantId: g.tenantId,
        clientId: g.clientId,
        credential: { kind: 'secret', clientSecret: g.clientSecret },
        authorityHost: g.url,
        baseUrl: g.graphBaseUrl,
        tenantDomains: [mailbox.split('@')[1] ?? ''],
      },
    },
  });
  seedDemoDirectory(app.database, { clinicians: 500 });
  w.addHosts(
    createHostAccountsRepository(app.database.db)
      .list()
      .map((h) => h.email),
  );
  const ids = (
    app.database.sqlite
      .prepare("SELECT id FROM clinicians WHERE status = 'active' ORDER BY id LIMIT 120")
      .all() as {
      id: number;
    }[]
  ).map((r) => r.id);
  return { app, clinicianIds: ids };
}
