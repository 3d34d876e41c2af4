import type { CalendarEventRef, CalendarProvider } from '@cmss/shared';
import { composeInvitation } from './mime-message.js';
import { ICS_PROVIDER, type Outbox } from './outbox.js';

/**
 * The embedded calendar provider: iCalendar invitations sent as e-mails from the helpdesk mailbox.
 * The event id is the UID itself: there is no server-side calendar, the attendees' clients match
 * updates and cancellations by UID and keep the highest SEQUENCE.
 */
export function createIcsCalendarProvider(outbox: Outbox): CalendarProvider {
  return {
    name: ICS_PROVIDER,
    async invite(spec): Promise<CalendarEventRef> {
      await outbox.deliver(await composeInvitation(spec, 'REQUEST'));
      return { eventId: spec.uid, iCalUId: spec.uid };
    },
    async update(ref, spec) {
      await outbox.deliver(await composeInvitation(spec, 'REQUEST'));
      return ref;
    },
    async cancel(_ref, spec, comment) {
      await outbox.deliver(await composeInvitation(spec, 'CANCEL', comment));
    },
  };
}
