import { createDataProtectionRepository } from '@cmss/db';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Type } from 'typebox';
import { enforcePatientGuard, type GuardedText, GuardOverride } from '../../data-protection/guard.js';
import { participantsFor } from '../../data-protection/participants.js';
import { badRequest } from '../../errors.js';
import { addRouteHook, routeMethods } from '../../route-hooks.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** A staff override of the patient-identifier guard sent with this request, if any. */
    guardOverride: GuardOverride | null;
  }
}

/** Free-text body fields that are stored or end up in an invitation. */
const GUARDED_FIELDS = ['topic', 'notes', 'description', 'subject', 'comment', 'reason', 'message'];

/**
 * Routes that store or send request text: the request log and everything that books, reschedules or
 * cancels (whose text and reason go into the invitations). Matching by URL means a route added later
 * under these prefixes is guarded without opting in.
 */
const GUARDED_PREFIXES = ['/api/v1/requests', '/api/v1/bookings'];
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/**
 * Reading a clinician's e-mail to prefill a request stores and sends nothing; blocking it would stop staff
 * from even seeing the request. The request it leads to is screened when it is created.
 */
const UNGUARDED_ROUTES = new Set(['/api/v1/requests/parse']);

const underGuardedPrefix = (url: string) =>
  GUARDED_PREFIXES.some((p) => url === p || url.startsWith(`${p}/`));

/**
 * Booking and rescheduling send the stored topic as the invitation's subject and description:
 * they are screened again there. Cancelling is never blocked by old text (only its reason is screened).
 */
const sendsInvitation = (request: FastifyRequest) =>
  (request.method === 'POST' || request.method === 'PATCH') &&
  /\/(?:booking|bookings|series)(?:\/|$)/.test(request.routeOptions.url ?? '');

function readOverride(request: FastifyRequest): GuardOverride | null {
  const body = request.body as Record<string, unknown> | null | undefined;
  let raw: unknown = null;
  if (body && typeof body === 'object' && 'guardOverride' in body) {
    raw = body.guardOverride;
    // Taken off the body before validation, so every route's strict schema accepts it.
    delete body.guardOverride;
  }
  const header = request.headers['x-guard-override-reason'];
  if (raw == null && typeof header === 'string') raw = { reason: header };
  if (raw == null) return null;
  const reason = (raw as { reason?: unknown }).reason;
  if (typeof reason !== 'string' || reason.trim().length < 5 || reason.length > 500) {
    throw badRequest('invalid_guard_override', 'guardOverride.reason must be a text of 5 to 500 characters');
  }
  return { reason: reason.trim() };
}

const numericParam = (request: FastifyRequest, name: string): number | null => {
  const v = (request.params as Record<string, unknown> | undefined)?.[name];
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : Number.NaN;
  return Number.isInteger(n) ? n : null;
};

/**
 * The patient-identifier guard on every route that writes request or invitation text: 422 with the
 * spans, unless helpdesk/admin override with a reason (body `guardOverride: { reason }` or header
 * `X-Guard-Override-Reason`), which is audited.
 */
export default fp(
  async (app) => {
    const dataProtection = createDataProtectionRepository(app.database.db);
    app.decorateRequest('guardOverride', null);

    // Both run only on guarded routes (onRoute below); a route that also answers GET is read-only then.
    const readGuardOverride = async (request: FastifyRequest) => {
      if (!WRITE_METHODS.has(request.method)) return;
      request.guardOverride = readOverride(request);
    };

    const screen = async (request: FastifyRequest) => {
      if (!WRITE_METHODS.has(request.method)) return;
      const body = (request.body ?? {}) as Record<string, unknown>;
      const url = request.routeOptions.url ?? '';
      const requestId = url.startsWith('/api/v1/requests/')
        ? numericParam(request, 'id')
        : typeof body.requestId === 'number'
          ? body.requestId
          : numericParam(request, 'requestId');
      const { participants, stored } = participantsFor(dataProtection, {
        requesterId: body.requesterId,
        invitees: body.invitees,
        requestId,
      });
      const texts: GuardedText[] = GUARDED_FIELDS.filter((f) => typeof body[f] === 'string').map((f) => ({
        field: f,
        text: body[f] as string,
      }));
      // The invitation (subject, description, Webex title and agenda) carries the topic, not the notes
      // (booking/specs.ts): that is the stored text screened again before anything is sent.
      if (stored && sendsInvitation(request)) texts.push({ field: 'invitation.subject', text: stored.topic });
      enforcePatientGuard(app, request, texts, participants, {
        entity: 'conference_request',
        entityId: requestId,
        override: request.guardOverride,
      });
    };

    // Only guarded routes get the hooks. The override is documented on the writes under the guarded
    // prefixes that take a JSON object body (OpenAPI, and the add-in's generated types); the schema is
    // copied: route schemas are shared constants.
    app.addHook('onRoute', (route) => {
      const url = route.url ?? '';
      if (!routeMethods(route).some((m) => WRITE_METHODS.has(m)) || !underGuardedPrefix(url)) return;
      if (!UNGUARDED_ROUTES.has(url)) {
        addRouteHook(route, 'preValidation', readGuardOverride);
        addRouteHook(route, 'preHandler', screen);
      }
      const body = route.schema?.body as { type?: string; properties?: Record<string, unknown> } | undefined;
      if (body?.type !== 'object' || !body.properties) return;
      route.schema = {
        ...route.schema,
        body: { ...body, properties: { ...body.properties, guardOverride: Type.Optional(GuardOverride) } },
      };
    });
  },
  { name: 'patient-guard', dependencies: ['database', 'auth', 'audit'] },
);
