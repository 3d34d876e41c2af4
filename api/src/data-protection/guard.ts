import { findPatientIdentifiers, type GuardParticipant, type IdentifierSpan } from '@cmss/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, unprocessable } from '../errors.js';

/** Staff may send text the guard flagged, with a reason; the override is audited, never silent. */
export const GuardOverride = Type.Object(
  { reason: Type.String({ minLength: 5, maxLength: 500 }) },
  {
    additionalProperties: false,
    description: 'Helpdesk/admin only: send despite the patient-identifier guard',
  },
);
export interface GuardOverride {
  reason: string;
}

export interface GuardedText {
  /** Where the text came from, e.g. "topic", "notes", "invitation.subject". */
  field: string;
  text: string | null | undefined;
}

export interface FlaggedSpan extends IdentifierSpan {
  field: string;
}

/** Runs the guard over several texts; spans carry the field they were found in. */
export function scanTexts(texts: GuardedText[], participants: GuardParticipant[]): FlaggedSpan[] {
  return texts.flatMap(({ field, text }) =>
    text ? findPatientIdentifiers(text, { participants }).spans.map((s) => ({ ...s, field })) : [],
  );
}

const isStaff = (request: FastifyRequest) =>
  request.principal?.role === 'admin' || request.principal?.role === 'helpdesk';

/**
 * The enforcement every route applies to free text before storing or sending it: identifiers found →
 * 422 `patient_identifiers_found` with the spans, unless a helpdesk/admin caller overrides with a
 * reason, which is written to the audit log (kinds and positions only: the audit trail must not
 * become a copy of the identifiers).
 */
export function enforcePatientGuard(
  app: FastifyInstance,
  request: FastifyRequest,
  texts: GuardedText[],
  participants: GuardParticipant[],
  context: { entity: string; entityId?: string | number | null; override?: GuardOverride | null },
): FlaggedSpan[] {
  const spans = scanTexts(texts, participants);
  if (!spans.length) return spans;
  const override = context.override;
  if (!override) {
    throw unprocessable(
      'patient_identifiers_found',
      `The text seems to identify a patient (${[...new Set(spans.map((s) => s.kind))].join(', ')}). Remove it, or (helpdesk) override with a reason.`,
      { spans },
    );
  }
  if (!isStaff(request)) {
    throw new AppError(
      403,
      'guard_override_forbidden',
      'Only helpdesk staff and admins may override the patient-identifier guard',
    );
  }
  app.audit(request, {
    action: 'guard_override',
    entity: context.entity,
    entityId: context.entityId ?? null,
    fields: [...new Set(spans.map((s) => s.field))],
    details: {
      reason: override.reason,
      spans: spans.map(({ field, kind, start, end }) => ({ field, kind, start, end })),
    },
  });
  return spans;
}
