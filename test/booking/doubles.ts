import type { CalendarProvider, MeetingProvider } from '@cmss/shared';

/** What a double does on one call: succeed (call through), throw, or never answer (a crash mid-call). */
export type Behaviour = 'ok' | Error | 'hang';

type Script = Partial<Record<string, Behaviour[]>>;

function next(script: Script, op: string): Behaviour {
  return script[op]?.shift() ?? 'ok';
}

const never = () => new Promise<never>(() => {});

/**
 * A meeting provider double around a real one: scripted failures per operation, a log of calls, and
 * the set of meetings that exist "at the provider" (created and not cancelled) — an orphan shows up there.
 */
export function scriptedMeeting(real: MeetingProvider, script: Script = {}) {
  const calls: { op: string; at: number; id?: string | number }[] = [];
  const live = new Set<string>();
  const provider: MeetingProvider = {
    name: real.name,
    async create(spec) {
      calls.push({ op: 'create', at: Date.now(), id: spec.bookingId });
      const b = next(script, 'create');
      if (b instanceof Error) throw b;
      const details = await real.create(spec);
      live.add(details.providerId); // exists at the provider from here on, whatever happens next
      if (b === 'hang') return never();
      return details;
    },
    async update(id, spec) {
      calls.push({ op: 'update', at: Date.now(), id });
      const b = next(script, 'update');
      if (b instanceof Error) throw b;
      if (b === 'hang') return never();
      return real.update(id, spec);
    },
    async cancel(id, host) {
      calls.push({ op: 'cancel', at: Date.now(), id });
      const b = next(script, 'cancel');
      if (b instanceof Error) throw b;
      if (b === 'hang') return never();
      await real.cancel(id, host);
      live.delete(id);
    },
  };
  return { provider, calls, live, script };
}

/** The same for calendars: `sent` lists the invitations that really went out (UID, method). */
export function scriptedCalendar(real: CalendarProvider, script: Script = {}) {
  const calls: { op: string; at: number; uid: string; sequence: number }[] = [];
  const sent: { uid: string; method: 'REQUEST' | 'CANCEL'; sequence: number }[] = [];
  const provider: CalendarProvider = {
    name: real.name,
    async invite(spec) {
      calls.push({ op: 'invite', at: Date.now(), uid: spec.uid, sequence: spec.sequence });
      const b = next(script, 'invite');
      if (b instanceof Error) throw b;
      if (b === 'hang') return never();
      const ref = await real.invite(spec);
      sent.push({ uid: spec.uid, method: 'REQUEST', sequence: spec.sequence });
      return ref;
    },
    async update(ref, spec) {
      calls.push({ op: 'update', at: Date.now(), uid: spec.uid, sequence: spec.sequence });
      const b = next(script, 'update');
      if (b instanceof Error) throw b;
      if (b === 'hang') return never();
      const out = await real.update(ref, spec);
      sent.push({ uid: spec.uid, method: 'REQUEST', sequence: spec.sequence });
      return out;
    },
    async cancel(ref, spec, comment) {
      calls.push({ op: 'cancel', at: Date.now(), uid: spec.uid, sequence: spec.sequence });
      const b = next(script, 'cancel');
      if (b instanceof Error) throw b;
      if (b === 'hang') return never();
      await real.cancel(ref, spec, comment);
      sent.push({ uid: spec.uid, method: 'CANCEL', sequence: spec.sequence });
    },
  };
  return { provider, calls, sent, script };
}

export async function waitFor<T>(probe: () => T | undefined | null | false, timeoutMs = 15_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}
