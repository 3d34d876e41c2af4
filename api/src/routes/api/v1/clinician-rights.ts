import { createDataProtectionRepository, subjectNeedles } from '@cmss/db';
import { IdParams } from '@cmss/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ADMIN_ONLY, ANY_SIGNED_IN } from '../../../access.js';
import { eraseClinician } from '../../../data-protection/erasure.js';
import { outboxFilesMentioning } from '../../../data-protection/outbox-files.js';
import { notFound } from '../../../errors.js';
import { errorResponses } from '../../../http.js';

const Counts = Type.Record(Type.String(), Type.Integer());

/** Data-subject rights of clinicians: access (export) and erasure. Rectification is the ordinary PATCH. */
const clinicianRights: FastifyPluginAsyncTypebox = async (app) => {
  const repo = createDataProtectionRepository(app.database.db);

  app.get(
    '/clinicians/:id/personal-data',
    {
      config: { access: ANY_SIGNED_IN, ownerScoped: 'clinician' },
      schema: {
        tags: ['data protection'],
        operationId: 'getClinicianPersonalData',
        summary: 'Everything held about one clinician (admin, or the clinician themself)',
        params: IdParams,
        response: { 200: Type.Record(Type.String(), Type.Unknown()), ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const principal = request.principal!;
      // Anyone else gets 404, not 403: whether a person is in the directory is not theirs to learn here.
      if (principal.role !== 'admin' && principal.clinicianId !== id) throw notFound('Clinician');
      const data = repo.personalData(id);
      const subject = repo.findSubject(id);
      if (!data || !subject) throw notFound('Clinician');
      const files = await outboxFilesMentioning(app.config.booking.outboxDir, subjectNeedles(subject));
      app.audit(request, { action: 'export', entity: 'clinician', entityId: id, fields: ['*'] });
      const stamp = new Date().toISOString();
      return reply
        .header('content-disposition', `attachment; filename="cmss-personal-data-${id}.json"`)
        .send({
          exportedAt: stamp,
          legalBasis: 'Regulation (EU) 2018/1725, article 17 (right of access)',
          ...data,
          outboxInvitationFiles: files.map((f) => f.split(/[\\/]/).pop()),
        });
    },
  );

  app.post(
    '/clinicians/:id/erasure',
    {
      config: { access: ADMIN_ONLY },
      schema: {
        tags: ['data protection'],
        operationId: 'eraseClinicianPersonalData',
        summary:
          "Erase a clinician's personal data everywhere (directory, participant lists, outbox, audit pseudonymised)",
        params: IdParams,
        body: Type.Optional(
          Type.Object(
            { reason: Type.Optional(Type.String({ maxLength: 500 })) },
            { additionalProperties: false },
          ),
        ),
        response: {
          200: Type.Object({
            erased: Type.Literal(true),
            pseudonym: Type.String(),
            rowsChanged: Counts,
            outboxFilesDeleted: Type.Integer(),
            countsBefore: Counts,
            countsAfter: Counts,
            externalCopies: Type.Array(
              Type.Object({
                bookingId: Type.Integer(),
                meetingProvider: Type.String(),
                calendarProvider: Type.String(),
                upcoming: Type.Boolean(),
              }),
              {
                description:
                  'Bookings whose Webex / Microsoft 365 copies still name the person: to be handled there',
              },
            ),
          }),
          ...errorResponses(401, 403, 404, 503),
        },
      },
    },
    async (request) => eraseClinician(app, request, request.params.id, request.body?.reason),
  );
};

export default clinicianRights;
