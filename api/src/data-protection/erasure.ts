import { createDataProtectionRepository, subjectNeedles } from '@cmss/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { notFound } from '../errors.js';
import { deleteOutboxFilesMentioning } from './outbox-files.js';
import { createPseudonymiser } from './pseudonym.js';

/**
 * Erasure of one clinician (art. 19 of Regulation 2018/1725): the database part runs in one
 * transaction (see the repository); then every invitation file in the outbox that mentions them is
 * deleted. The erasure itself is audited under the pseudonym only.
 */
export async function eraseClinician(
  app: FastifyInstance,
  request: FastifyRequest,
  clinicianId: number,
  reason: string | undefined,
) {
  const repo = createDataProtectionRepository(app.database.db);
  const subject = repo.findSubject(clinicianId);
  if (!subject) throw notFound('Clinician');
  const pseudonymise = createPseudonymiser(app.config.dataProtection.pseudonymisationKey);
  // Webex and Microsoft 365 keep their own copies (meeting invitee lists, events in the helpdesk
  // mailbox and attendees' calendars) that this service cannot erase: name them for the admin.
  const now = new Date().toISOString();
  const externalCopies = (repo.personalData(clinicianId)?.bookings ?? [])
    .filter((b) => b.meeting_provider !== 'local' || b.calendar_provider !== 'ics')
    .map((b) => ({
      bookingId: b.id as number,
      meetingProvider: b.meeting_provider as string,
      calendarProvider: b.calendar_provider as string,
      upcoming: String(b.start) > now,
    }));
  const before = repo.activityCounts();
  const { counts, pseudonym } = repo.erase(subject, pseudonymise);
  const files = await deleteOutboxFilesMentioning(app.config.booking.outboxDir, subjectNeedles(subject));
  app.audit(request, {
    action: 'erase',
    entity: 'clinician',
    entityId: pseudonym,
    details: {
      reason: reason ?? null,
      rowsChanged: counts,
      outboxFilesDeleted: files.length,
      externalCopies: externalCopies.length,
    },
  });
  // Counted with the erasure's own audit entry, which is otherwise written at the end of this turn.
  app.flushAudit();
  const after = repo.activityCounts();
  return {
    erased: true as const,
    pseudonym,
    rowsChanged: counts,
    outboxFilesDeleted: files.length,
    countsBefore: before,
    countsAfter: after,
    externalCopies,
  };
}
