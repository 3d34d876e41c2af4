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
  const before = repo.activityCounts();
  const { counts, pseudonym } = repo.erase(subject, pseudonymise);
  const files = await deleteOutboxFilesMentioning(app.config.booking.outboxDir, subjectNeedles(subject));
  app.audit(request, {
    action: 'erase',
    entity: 'clinician',
    entityId: pseudonym,
    details: { reason: reason ?? null, rowsChanged: counts, outboxFilesDeleted: files.length },
  });
  const after = repo.activityCounts();
  return {
    erased: true as const,
    pseudonym,
    rowsChanged: counts,
    outboxFilesDeleted: files.length,
    countsBefore: before,
    countsAfter: after,
  };
}
