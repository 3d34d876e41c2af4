import { createDataProtectionRepository } from '@cmss/db';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  PRIVACY_NOTICE_PUBLISHED_AT,
  PRIVACY_NOTICE_VERSION,
  privacyNotice,
} from '../../../data-protection/privacy-notice.js';
import { recordOfProcessing } from '../../../data-protection/record-of-processing.js';
import { AppError } from '../../../errors.js';
import { errorResponses } from '../../../http.js';

const Notice = Type.Object(
  {
    version: Type.String(),
    publishedAt: Type.String(),
    title: Type.String(),
    controller: Type.Object({ name: Type.String(), email: Type.String() }),
    dataProtectionOfficer: Type.Object({ email: Type.String() }),
    sections: Type.Array(Type.Object({ heading: Type.String(), text: Type.String() })),
  },
  { title: 'PrivacyNotice' },
);

/** Privacy notice (public), its acknowledgement by clinicians, and the record of processing (public). */
const privacy: FastifyPluginAsyncTypebox = async (app) => {
  const repo = createDataProtectionRepository(app.database.db);

  app.get(
    '/privacy/notice',
    {
      config: { access: 'public' },
      schema: {
        tags: ['data protection'],
        operationId: 'getPrivacyNotice',
        summary: 'The current privacy notice (versioned)',
        response: { 200: Notice },
      },
    },
    async () => privacyNotice(app.config.dataProtection, app.config.dataProtection.retentionMonths),
  );

  app.post(
    '/privacy/acknowledgements',
    {
      config: { access: { roles: ['clinician'] } },
      schema: {
        tags: ['data protection'],
        operationId: 'acknowledgePrivacyNotice',
        summary: 'Record that the signed-in clinician has read the current privacy notice',
        body: Type.Object(
          {
            version: Type.String({
              description: 'The notice version that was shown',
              examples: [PRIVACY_NOTICE_VERSION],
            }),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            clinicianId: Type.Integer(),
            version: Type.String(),
            acknowledgedAt: Type.String(),
          }),
          ...errorResponses(400, 401, 403, 409),
        },
      },
    },
    async (request, reply) => {
      const clinicianId = request.principal?.clinicianId;
      if (!clinicianId)
        throw new AppError(403, 'not_a_clinician', 'Only a clinician with a directory entry can acknowledge');
      if (request.body.version !== PRIVACY_NOTICE_VERSION) {
        throw new AppError(
          409,
          'stale_notice_version',
          `The current notice is version ${PRIVACY_NOTICE_VERSION}`,
          {
            current: PRIVACY_NOTICE_VERSION,
          },
        );
      }
      const acknowledgedAt = repo.acknowledgeNotice(clinicianId);
      if (!acknowledgedAt)
        throw new AppError(403, 'not_a_clinician', 'Your directory entry no longer exists');
      app.audit(request, {
        action: 'acknowledge_privacy_notice',
        entity: 'clinician',
        entityId: clinicianId,
        fields: ['privacyNoticeAcknowledgedAt'],
        details: { version: PRIVACY_NOTICE_VERSION, publishedAt: PRIVACY_NOTICE_PUBLISHED_AT },
      });
      return reply.code(201).send({ clinicianId, version: PRIVACY_NOTICE_VERSION, acknowledgedAt });
    },
  );

  app.get(
    '/privacy/record',
    {
      // Article 31(5): records of processing are kept in a publicly accessible register.
      config: { access: 'public' },
      schema: {
        tags: ['data protection'],
        operationId: 'getProcessingRecord',
        summary: 'Record of processing: purposes, categories, recipients, retention, controller',
        response: { 200: Type.Record(Type.String(), Type.Unknown()) },
      },
    },
    async () => recordOfProcessing(app.config),
  );
};

export default privacy;
