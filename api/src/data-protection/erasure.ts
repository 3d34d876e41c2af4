import { createDataProtectionRepository, subjectNeedles } from '@cmss/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, notFound } from '../errors.js';
import { deleteOutboxFilesMentioning } from './outbox-files.js';
import { createPseudonymiser } from './pseudonym.js';

/**
 * Erasure of one clinician (art. 19 of Regulation 2018/1725): every invitation file in the outbox that
 * mentions them is deleted, and the database part runs in one transaction (see the repository). The
 * erasure itself is audited under the pseudonym only.
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
  // The outbox first: if it cannot be searched (permissions, a disk error), nothing is erased yet and the
  // admin can run the erasure again once it is mended. After the database part, that clinician is gone
  // and a second run would be a 404 while their invitations stayed. A second sweep after the database
  // part takes any invitation a booking wrote meanwhile.
  const outbox = app.config.booking.outboxDir;
  const needles = subjectNeedles(subject);
  const files = await deleteOutboxFilesMentioning(outbox, needles).catch((error: Error) => {
    request.log.error({ err: error }, 'erasure: the outbox could not be searched');
    throw new AppError(
      503,
      'outbox_unavailable',
      `Nothing was erased: the invitation outbox (OUTBOX_DIR) could not be searched for files naming the clinician (${(error as NodeJS.ErrnoException).code ?? error.message}). Mend it and run the erasure again.`,
    );
  });
  const { counts, pseudonym } = repo.erase(subject, pseudonymise);
  files.push(...(await deleteOutboxFilesMentioning(outbox, needles)));
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
