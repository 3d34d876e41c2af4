import {
  ConferenceRequest,
  IdParams,
  OptionalReasonInput,
  Page,
  ReasonInput,
  RequestInput,
  RequestListQuery,
} from '@cmss/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ANY_SIGNED_IN, STAFF } from '../../../access.js';
import { errorResponses, locationHeader, withHeaders } from '../../../http.js';

/**
 * The request log. Clinicians submit requests as themselves and see only their own (someone else's
 * request is a 404 to them); helpdesk staff and admins see and act on all of them. Status changes
 * only through the explicit actions below; an action the status does not allow is a 409.
 */
const requests: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.booking.requestService;
  const bookings = app.booking.bookingService;
  const tags = ['requests'];

  app.post(
    '/requests',
    {
      config: { access: ANY_SIGNED_IN },
      schema: {
        tags,
        operationId: 'createRequest',
        summary: 'Log a conference request (invitees resolved against the directory)',
        description:
          'Invitees are clinician ids, hospital ids (expanded to their active contact persons) or guest e-mail addresses. ' +
          'A guest may say where they work: `timeZone` (IANA, e.g. America/New_York) and/or `countryCode` (a network ' +
          'country: its public holidays apply, and its zone when no `timeZone` is given). Slot suggestions then keep to ' +
          'the guest’s working hours (by default Mon–Fri 08:00–18:00 local) in that zone; a guest with neither counts in the ' +
          'request’s `timeZone`, as before. An unknown zone is a 400, an unknown country a 422, and nothing is stored. ' +
          'A request from Outlook carries the internet message id of its e-mail; a second request from the same message is a 409. ' +
          'Honours `Idempotency-Key`.',
        body: RequestInput,
        response: {
          201: withHeaders(ConferenceRequest, locationHeader('/api/v1/requests/12')),
          ...errorResponses(400, 401, 403, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const created = service.create(request.body, request.principal!);
      app.audit(request, {
        action: 'request.create',
        entity: 'conference_request',
        entityId: created.id,
        details: { invitees: created.invitees.length, source: created.source },
      });
      return reply.code(201).header('location', `/api/v1/requests/${created.id}`).send(created);
    },
  );

  app.get(
    '/requests',
    {
      config: { access: ANY_SIGNED_IN },
      schema: {
        tags,
        operationId: 'listRequests',
        summary: 'List requests, newest first (clinicians: their own)',
        description:
          '`country` is the country of the requester’s hospital; `from`/`to` bound the creation time.',
        querystring: RequestListQuery,
        response: { 200: Page(ConferenceRequest), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const page = service.list(request.query, request.principal!);
      app.audit(request, {
        action: 'request.list',
        entity: 'conference_request',
        fields: ['invitees'],
        details: { count: page.items.length },
      });
      return page;
    },
  );

  app.get(
    '/requests/:id',
    {
      config: { access: ANY_SIGNED_IN },
      schema: {
        tags,
        operationId: 'getRequest',
        summary: 'One request with its invitees, proposed windows and full history',
        params: IdParams,
        response: { 200: ConferenceRequest, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const found = service.get(request.params.id, request.principal!);
      app.audit(request, {
        action: 'request.read',
        entity: 'conference_request',
        entityId: found.id,
        fields: ['invitees'],
      });
      return found;
    },
  );

  const action = (
    path: string,
    name: 'schedule' | 'reject' | 'markHeld',
    operationId: string,
    summary: string,
    withReason: boolean,
  ) =>
    app.post(
      `/requests/:id/${path}`,
      {
        config: { access: STAFF },
        schema: {
          tags,
          operationId,
          summary,
          params: IdParams,
          ...(withReason ? { body: ReasonInput } : {}),
          response: { 200: ConferenceRequest, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const reason = (request.body as { reason?: string } | undefined)?.reason ?? null;
        const updated = service.act(request.params.id, name, request.principal!, reason);
        app.audit(request, { action: `request.${name}`, entity: 'conference_request', entityId: updated.id });
        return updated;
      },
    );

  action('schedule', 'schedule', 'scheduleRequest', 'Start scheduling a received request', false);
  action(
    'reject',
    'reject',
    'rejectRequest',
    'Reject a request (the reason is recorded and shown to the requester)',
    true,
  );
  action('mark-held', 'markHeld', 'markRequestHeld', 'Record that a booked conference took place', false);

  app.post(
    '/requests/:id/cancel',
    {
      config: { access: STAFF },
      schema: {
        tags,
        operationId: 'cancelRequest',
        summary: 'Cancel a request; a booked conference is cancelled with its meeting and every invitation',
        params: IdParams,
        body: OptionalReasonInput,
        response: { 200: ConferenceRequest, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const result = await bookings.cancelConference(
        request.params.id,
        request.principal!,
        request.body.reason ?? null,
      );
      app.audit(request, {
        action: 'request.cancel',
        entity: 'conference_request',
        entityId: request.params.id,
      });
      return result.request;
    },
  );
};

export default requests;
