import { createDataProtectionRepository } from '@cmss/db';
import { IDENTIFIER_KINDS, Id, Invitee } from '@cmss/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ANY_SIGNED_IN } from '../../../access.js';
import { scanTexts } from '../../../data-protection/guard.js';
import { participantsFor } from '../../../data-protection/participants.js';
import { errorResponses } from '../../../http.js';

const Span = Type.Object({
  field: Type.String(),
  start: Type.Integer(),
  end: Type.Integer(),
  kind: Type.Enum([...IDENTIFIER_KINDS]),
  text: Type.String(),
  reason: Type.String(),
});

/**
 * The guard's verdict for clients that cannot run @cmss/shared themselves (API users, scripts): the same
 * function the request routes enforce, with the same participants. Nothing is stored or audited — the
 * text is not kept.
 */
const patientGuard: FastifyPluginAsyncTypebox = async (app) => {
  const dataProtection = createDataProtectionRepository(app.database.db);
  app.post(
    '/patient-guard/check',
    {
      config: { access: ANY_SIGNED_IN },
      schema: {
        tags: ['data protection'],
        operationId: 'checkPatientIdentifiers',
        summary:
          'Check texts for patient identifiers before sending them (the verdict the request routes enforce)',
        body: Type.Object(
          {
            texts: Type.Array(
              Type.Object(
                {
                  field: Type.String({ maxLength: 100, examples: ['topic'] }),
                  text: Type.String({
                    maxLength: 10_000,
                    examples: ['Second opinion for patient Anna Nowak'],
                  }),
                },
                { additionalProperties: false },
              ),
              { minItems: 1, maxItems: 10 },
            ),
            requesterId: Type.Optional(Id),
            invitees: Type.Optional(Type.Array(Invitee, { maxItems: 2000 })),
            requestId: Type.Optional(Id),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ clean: Type.Boolean(), spans: Type.Array(Span) }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const { participants } = participantsFor(dataProtection, request.body);
      const spans = scanTexts(request.body.texts, participants);
      return { clean: spans.length === 0, spans };
    },
  );
};

export default patientGuard;
