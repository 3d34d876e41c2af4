import type { CalendarProvider, MeetingProvider } from '@cmss/shared';
import type { Config } from '../config.js';
import { createGraphProvider } from './graph/index.js';
import { createIcsCalendarProvider } from './ics/calendar-provider.js';
import { createOutbox } from './ics/outbox.js';
import { createLocalMeetingProvider } from './local/meeting-provider.js';
import { createWebexProvider } from './webex/index.js';

/**
 * The providers the booking saga talks to, chosen by MEETING_PROVIDER and CALENDAR_PROVIDER.
 * The saga only sees the interfaces of shared/src/providers.ts; nothing vendor-specific leaks out.
 */
export interface Providers {
  meeting: MeetingProvider;
  calendar: CalendarProvider;
  /** Releases connections (SMTP pool, HTTP agents) when the app closes. */
  close(): Promise<void>;
}

export function createProviders(config: Config): Providers {
  const closers: (() => void | Promise<void>)[] = [];
  const booking = config.booking;

  let meeting: MeetingProvider;
  switch (booking.meetingProvider) {
    case 'local':
      meeting = createLocalMeetingProvider({
        publicUrl: config.publicUrl,
        secret: booking.localMeetingSecret,
        dialIn: booking.localDialIn,
      });
      break;
    case 'webex': {
      const p = config.providers;
      if (!p.webex) throw new Error('MEETING_PROVIDER=webex without Webex configuration');
      const webex = createWebexProvider({
        webex: p.webex,
        helpdeskMailbox: config.helpdeskMailbox,
        timeoutMs: p.timeoutMs,
        maxInlineWaitMs: p.maxInlineWaitMs,
        caFile: p.caFile,
      });
      closers.push(() => webex.close());
      meeting = webex;
      break;
    }
  }

  let calendar: CalendarProvider;
  switch (booking.calendarProvider) {
    case 'ics': {
      const outbox = createOutbox({ dir: booking.outboxDir, smtpUrl: booking.smtpUrl });
      closers.push(() => outbox.close());
      calendar = createIcsCalendarProvider(outbox);
      break;
    }
    case 'graph': {
      const p = config.providers;
      if (!p.graph) throw new Error('CALENDAR_PROVIDER=graph without Graph configuration');
      const graph = createGraphProvider({
        graph: p.graph,
        helpdeskMailbox: config.helpdeskMailbox,
        timeoutMs: p.timeoutMs,
        maxInlineWaitMs: p.maxInlineWaitMs,
        caFile: p.caFile,
      });
      closers.push(() => graph.close());
      calendar = graph;
      break;
    }
  }

  return {
    meeting,
    calendar,
    async close() {
      for (const close of closers) await close();
    },
  };
}
