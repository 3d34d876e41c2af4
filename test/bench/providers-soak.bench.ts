/**
 * Soak of the booking saga with the real Webex and Graph adapters against the contract fakes, under
 * injected faults: 429 + Retry-After, 503, 504, answers slower than the timeout (after acting),
 * connection resets (before and after acting), expired tokens, malformed answers.
 *
 *   npm run bench providers-soak [faultRate] [bookings] [concurrency]
 *   (or SOAK_FAULT_RATE / SOAK_BOOKINGS / SOAK_CONCURRENCY; defaults 0.2, 500, 12)
 *
 * Each booking: a request (1–6 invitees, some webinars), `book`, then for some a reschedule or a
 * cancellation, all through the app's booking service with the saga worker running. When every
 * saga has settled, the fakes' state is compared with the database:
 *   orphan meetings    Webex meetings alive that no live booking owns     (target 0)
 *   orphan events      Graph events alive that no live booking owns       (target 0)
 *   duplicate events   live Graph events sharing a transactionId/booking  (target 0)
 *   double-booked      overlapping live meetings on one Webex host        (target 0)
 *   lost requests      bookings still unfinished, failed without a reason,
 *                      or booked without the meeting/event at the provider (target 0)
 * and the bookings that ended failed-with-reason, by reason.
 */

import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createRandom } from '@cmss/db';
import type { FastifyInstance } from 'fastify';
import type {} from '../../api/src/plugins/app/booking.js';
import { type GraphFake, startGraphFake } from '../fakes/graph/index.js';
import type { Fault } from '../fakes/server.js';
import { startWebexFake, type WebexFake } from '../fakes/webex/index.js';
import { testConfig } from '../helpers/app.js';
import { appWithRealProviders, STAFF } from '../providers/real-app.js';

const num = (v: string | undefined, fallback: number) => (v !== undefined && v !== '' ? Number(v) : fallback);

const FAULTS: Fault[] = [
  { kind: 'status', status: 429, retryAfter: '1' },
  { kind: 'status', status: 503 },
  { kind: 'status', status: 504 },
  { kind: 'slow', delayMs: 2_600 },
  { kind: 'reset' },
  { kind: 'reset-after' },
  { kind: 'expire-token' },
  { kind: 'malformed' },
];

interface Row {
  id: number;
  request_id: number;
  state: string;
  meeting_id: string | null;
  calendar_event_id: string | null;
  ical_uid: string;
  failure_reason: string | null;
}

export default async function providersSoak() {
  const [argRate, argBookings, argConcurrency] = process.argv.slice(3);
  const faultRate = num(argRate ?? process.env.SOAK_FAULT_RATE, 0.2);
  const total = num(argBookings ?? process.env.SOAK_BOOKINGS, 500);
  const concurrency = num(argConcurrency ?? process.env.SOAK_CONCURRENCY, 12);
  // Deterministic (the demo seed's PRNG), so a run can be repeated.
  const random = createRandom(20261121).next;

  const mailbox = testConfig().helpdeskMailbox;
  const webex: WebexFake = await startWebexFake({ hosts: [] });
  const graph: GraphFake = await startGraphFake({ mailbox, tenantDomains: [mailbox.split('@')[1] ?? ''] });
  const { app, clinicianIds } = (await appWithRealProviders(webex, graph, {
    timeoutMs: 2_000,
    maxInlineWaitMs: 1_500,
    worker: true,
    logLevel: process.env.SOAK_LOG ? 'warn' : 'silent',
  })) as { app: FastifyInstance; clinicianIds: number[] };
  // SOAK_FAULTS=slow,reset narrows the mix (diagnosis); default: all of them.
  const only = process.env.SOAK_FAULTS?.split(',');
  const kinds = only
    ? FAULTS.filter((f) => only.includes(f.kind === 'status' ? String(f.status) : f.kind))
    : FAULTS;
  webex.faults.random = { rate: faultRate, kinds, random };
  graph.faults.random = { rate: faultRate, kinds, random };

  const outcome = {
    booked: 0,
    pending: 0,
    refused: 0,
    rejected: 0,
    crashed: 0,
    rescheduled: 0,
    cancelled: 0,
  };
  const opErrors = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  const pick = (n: number) => {
    const out = new Set<number>();
    while (out.size < n)
      out.add(clinicianIds[1 + Math.floor(random() * (clinicianIds.length - 1))] as number);
    return [...out];
  };
  const slot = () => {
    const start = new Date(Date.now() + (2 + Math.floor(random() * 120)) * 86_400_000);
    start.setUTCHours(7 + Math.floor(random() * 9), random() < 0.5 ? 0 : 30, 0, 0);
    return {
      start: start.toISOString(),
      end: new Date(start.getTime() + 3_600_000).toISOString(),
      timeZone: 'Europe/Brussels',
    };
  };

  const booking = app.booking;
  // App, saga and both fakes share this one event loop: its lag is part of every latency below.
  const lag = monitorEventLoopDelay({ resolution: 20 });
  lag.enable();
  const started = Date.now();
  let next = 0;
  async function worker() {
    while (next < total) {
      const i = next++;
      const webinar = random() < 0.05;
      let requestId: number;
      try {
        requestId = booking.requestService.create(
          {
            requesterId: clinicianIds[0] as number,
            kind: webinar ? 'webinar' : 'conference',
            topic: `Soak case conference ${i}: treatment options`,
            invitees: pick(1 + Math.floor(random() * 6)).map((clinicianId) => ({ clinicianId })),
            proposedWindows: [],
            durationMinutes: 60,
            timeZone: 'Europe/Brussels',
            source: 'api',
          },
          STAFF,
        ).id;
      } catch (err) {
        bump(opErrors, `request: ${(err as Error).message}`);
        outcome.rejected++;
        continue;
      }
      let state: string;
      try {
        state = (await booking.bookingService.book(requestId, slot(), STAFF)).row.state;
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code === 'no_host_available') outcome.refused++;
        else {
          outcome.crashed++;
          bump(opErrors, `book: ${(err as Error).message}`);
        }
        continue;
      }
      if (state === 'booked') outcome.booked++;
      else outcome.pending++;
      const r = random();
      if (state !== 'booked') continue;
      try {
        if (r < 0.2) {
          await booking.bookingService.reschedule(requestId, slot(), STAFF);
          outcome.rescheduled++;
        } else if (r < 0.3) {
          await booking.bookingService.cancelConference(
            requestId,
            STAFF,
            'Soak: cancelled by the requester.',
          );
          outcome.cancelled++;
        }
      } catch (err) {
        const code = (err as { code?: string }).code ?? 'error';
        bump(opErrors, `follow-up ${code}`);
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, () => worker()));
  const opsDone = Date.now();

  // Let the saga worker finish every retry (back-off up to minutes for repeated faults).
  const sqlite = app.database.sqlite;
  const unfinished = () =>
    (
      sqlite
        .prepare(
          "SELECT COUNT(*) AS n FROM bookings WHERE state IN ('pending','meeting_created','calendar_created','rescheduling','cancelling')",
        )
        .get() as { n: number }
    ).n;
  const drainDeadline = Date.now() + 240_000;
  while (unfinished() > 0 && Date.now() < drainDeadline) await new Promise((r) => setTimeout(r, 500));
  const settled = Date.now();
  webex.faults.random = undefined;
  graph.faults.random = undefined;

  const rows = sqlite
    .prepare(
      'SELECT id, request_id, state, meeting_id, calendar_event_id, ical_uid, failure_reason FROM bookings',
    )
    .all() as Row[];
  const live = rows.filter((b) => b.state === 'booked');
  const liveMeetings = new Set(live.map((b) => b.meeting_id));
  const liveEvents = new Set(live.map((b) => b.calendar_event_id));
  const activeMeetings = [...webex.meetings.values()].filter((m) => m.state === 'active');
  const activeEvents = [...graph.events.values()].filter((e) => !e.isCancelled);

  const orphanMeetings = activeMeetings.filter((m) => !liveMeetings.has(m.id)).length;
  const orphanEvents = activeEvents.filter((e) => !liveEvents.has(e.id)).length;
  const perTx = new Map<string, number>();
  for (const e of activeEvents) bump(perTx, e.transactionId ?? e.id);
  const duplicateEvents = [...perTx.values()].reduce((n, c) => n + c - 1, 0);
  const createdPerTx = new Map<string, number>();
  for (const e of graph.events.values()) bump(createdPerTx, e.transactionId ?? e.id);
  const duplicateCreates = [...createdPerTx.values()].reduce((n, c) => n + c - 1, 0);

  let doubleBooked = 0;
  const byHost = new Map<string, typeof activeMeetings>();
  for (const m of activeMeetings) byHost.set(m.hostEmail, [...(byHost.get(m.hostEmail) ?? []), m]);
  for (const list of byHost.values()) {
    list.sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
    for (let i = 1; i < list.length; i++) {
      if (Date.parse(list[i]?.start ?? '') < Date.parse(list[i - 1]?.end ?? '')) doubleBooked++;
    }
  }

  const stillUnfinished = rows.filter((b) =>
    ['pending', 'meeting_created', 'calendar_created', 'rescheduling', 'cancelling'].includes(b.state),
  ).length;
  const failedWithoutReason = rows.filter((b) => b.state === 'failed' && !b.failure_reason).length;
  const bookedButMissing = live.filter(
    (b) =>
      webex.meetings.get(b.meeting_id ?? '')?.state !== 'active' ||
      !activeEvents.some((e) => e.id === b.calendar_event_id),
  ).length;
  // Booked means everyone has the booking's time: the Webex meeting and the Graph event agree with it.
  const times = new Map(
    (
      sqlite.prepare('SELECT id, start, "end", time_zone FROM bookings').all() as {
        id: number;
        start: string;
        end: string;
        time_zone: string;
      }[]
    ).map((b) => [b.id, b]),
  );
  const wall = (iso: string, zone: string) =>
    new Intl.DateTimeFormat('sv-SE', { timeZone: zone, dateStyle: 'short', timeStyle: 'medium' })
      .format(new Date(iso))
      .replace(' ', 'T');
  const timeMismatches = live.filter((b) => {
    const t = times.get(b.id);
    const m = webex.meetings.get(b.meeting_id ?? '');
    const e = activeEvents.find((x) => x.id === b.calendar_event_id);
    if (!t || !m || !e) return false;
    return Date.parse(m.start) !== Date.parse(t.start) || e.start.dateTime !== wall(t.start, t.time_zone);
  }).length;
  const lost = stillUnfinished + failedWithoutReason + bookedButMissing + outcome.crashed;

  const failed = rows.filter((b) => b.state === 'failed');
  const reasons = new Map<string, number>();
  for (const b of failed)
    bump(
      reasons,
      (b.failure_reason ?? '')
        .replace(/\(tracking id [^)]+\)|[0-9a-f-]{36}|CMSSFAKE_\w+/g, '…')
        .slice(0, 140),
    );
  const rolledBack = rows.filter((b) => b.state === 'booked' && b.failure_reason);
  const rescheduleFailures = rolledBack.length;
  const rollbackReasons = new Map<string, number>();
  for (const b of rolledBack) {
    bump(
      rollbackReasons,
      (b.failure_reason ?? '')
        .replace(/\(tracking id [^)]+\)|[0-9a-f-]{36}|CMSSFAKE_\w+/g, '…')
        .slice(0, 140),
    );
  }

  const webexCalls = webex.requests.filter((r) => !r.auth).length;
  const graphCalls = graph.requests.filter((r) => !r.auth).length;
  const secs = (ms: number) => (ms / 1000).toFixed(1);
  console.log(
    `fault rate ${Math.round(faultRate * 100)} % on every Webex and Graph API call; ${total} bookings, ${concurrency} at a time`,
  );
  console.log(
    `faults injected: webex ${JSON.stringify(webex.faults.injected)}; graph ${JSON.stringify(graph.faults.injected)}`,
  );
  console.log(
    `provider calls: webex ${webexCalls} (+${webex.tokenRefreshes} token refreshes), graph ${graphCalls} (+${graph.tokensIssued} tokens); transactionId replays ${graph.transactionReplays}`,
  );
  console.log(
    `outcomes: booked at once ${outcome.booked}, finished later by the worker ${outcome.pending}, refused (no host free) ${outcome.refused}, rescheduled ${outcome.rescheduled}, cancelled ${outcome.cancelled}`,
  );
  console.log(
    `final states: ${JSON.stringify(Object.fromEntries(rows.reduce((m, b) => bump(m, b.state), new Map<string, number>())))}`,
  );
  console.log(
    `orphan meetings ${orphanMeetings} · orphan events ${orphanEvents} · duplicate events ${duplicateEvents} (duplicate creations ${duplicateCreates}) · double-booked hosts ${doubleBooked} · lost requests ${lost}`,
  );
  console.log(`booked bookings whose Webex meeting or Graph event shows another time: ${timeMismatches}`);
  console.log(
    `  lost = unfinished ${stillUnfinished} + failed without reason ${failedWithoutReason} + booked but missing at a provider ${bookedButMissing} + crashed calls ${outcome.crashed}`,
  );
  console.log(
    `bookings failed-with-reason ${failed.length} (${((failed.length / Math.max(1, rows.length)) * 100).toFixed(1)} %); reschedules rolled back ${rescheduleFailures}`,
  );
  for (const [reason, n] of [...reasons.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8))
    console.log(`  ${n} × ${reason}`);
  for (const [reason, n] of [...rollbackReasons.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5)) {
    console.log(`  reschedule rolled back: ${n} × ${reason}`);
  }
  for (const [k, n] of opErrors) console.log(`  caller saw: ${n} × ${k}`);
  console.log(
    `Webex e-mails sent (must be 0): ${webex.emailsSent}; Webex requests off-contract: ${webex.violations.length}; Graph: ${graph.violations.length}`,
  );
  console.log(
    `time: operations ${secs(opsDone - started)} s, settled after ${secs(settled - started)} s; ${(total / ((opsDone - started) / 1000)).toFixed(1)} bookings/s at the caller`,
  );
  lag.disable();
  console.log(
    `event-loop delay (app + saga + both fakes in one process): p50 ${(lag.percentile(50) / 1e6).toFixed(0)} ms, p99 ${(lag.percentile(99) / 1e6).toFixed(0)} ms, max ${(lag.max / 1e6).toFixed(0)} ms`,
  );

  await app.close();
  await webex.close();
  await graph.close();
}
