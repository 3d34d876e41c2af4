import {
  Booking,
  BookingInput,
  ConferenceRequest,
  Id,
  IdParams,
  Series,
  SeriesInput,
  Suggestion,
  SuggestionQuery,
} from '@cmss/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ANY_SIGNED_IN, STAFF } from '../../../access.js';
import { failedBookingError } from '../../../booking/service.js';
import { conflict } from '../../../errors.js';
import { errorResponses, locationHeader, withHeaders } from '../../../http.js';

const BookingParams = Type.Object({ id: Id, bookingId: Id });
const CancelQuery = Type.Object(
  { reason: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })) },
  { additionalProperties: false },
);
const Cancelled = Type.Object({ request: ConferenceRequest, bookings: Type.Array(Booking) });

/**
 * Booking a request: a meeting on a free host account plus invitations to every participant,
 * run as a saga (see booking/saga.ts). 201 when booked; 202 when a provider asked us to come back
 * later (the worker finishes it; poll GET …/booking); 502 when a provider refused and the booking
 * was undone (the reason is also on the request).
 */
const bookings: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.booking.bookingService;
  const tags = ['bookings'];

  app.post(
    '/requests/:id/booking',
    {
      config: { access: STAFF },
      schema: {
        tags,
        operationId: 'bookRequest',
        summary: 'Book the request: hold a host account, create the meeting, send the invitations',
        description:
          'A request still `received` is moved to `scheduling` first. The host account is held from `start − BOOKING_BUFFER_MINUTES` ' +
          'to `end + BOOKING_BUFFER_MINUTES`. Honours `Idempotency-Key`.',
        params: IdParams,
        body: BookingInput,
        response: {
          201: withHeaders(Booking, locationHeader('/api/v1/requests/12/bookings/3')),
          202: withHeaders(Booking, locationHeader('/api/v1/requests/12/bookings/3')),
          ...errorResponses(400, 401, 403, 404, 409, 422, 502),
        },
      },
    },
    async (request, reply) => {
      const { booking, row } = await service.book(request.params.id, request.body, request.principal!);
      app.audit(request, {
        action: 'booking.create',
        entity: 'booking',
        entityId: booking.id,
        details: { state: booking.state },
      });
      if (row.state === 'cancelled') {
        throw conflict(
          'request_closed',
          row.cancelReason ?? 'The request was closed while it was being booked',
          {
            bookingId: row.id,
          },
        );
      }
      if (row.state === 'failed') throw failedBookingError(row);
      return reply
        .code(row.state === 'booked' ? 201 : 202)
        .header('location', `/api/v1/requests/${request.params.id}/bookings/${booking.id}`)
        .send(booking);
    },
  );

  app.post(
    '/requests/:id/series',
    {
      config: { access: STAFF },
      schema: {
        tags,
        operationId: 'bookRequestSeries',
        summary: 'Book a recurring series (weekly or monthly); every occurrence holds its own host account',
        description:
          'All occurrences are held at once or none is (409 names the first one no host can take). ' +
          'Occurrences keep the local wall-clock time of the first one in `timeZone`. Honours `Idempotency-Key`.',
        params: IdParams,
        body: SeriesInput,
        response: { 201: Series, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const series = await service.bookSeries(request.params.id, request.body, request.principal!);
      app.audit(request, {
        action: 'booking.create_series',
        entity: 'conference_request',
        entityId: request.params.id,
        details: { seriesId: series.seriesId, occurrences: series.bookings.length },
      });
      return reply.code(201).send({ seriesId: series.seriesId, bookings: series.bookings });
    },
  );

  app.get(
    '/requests/:id/bookings',
    {
      config: { access: ANY_SIGNED_IN },
      schema: {
        tags,
        operationId: 'listRequestBookings',
        summary: 'Every booking of the request (including cancelled and failed ones)',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(Booking) }), ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => ({ items: service.list(request.params.id, request.principal!) }),
  );

  app.get(
    '/requests/:id/booking',
    {
      config: { access: ANY_SIGNED_IN },
      schema: {
        tags,
        operationId: 'getActiveBooking',
        summary: "The request's active booking (join link, meeting number, password, dial-in)",
        params: IdParams,
        response: { 200: Booking, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request) => service.get(request.params.id, request.principal!),
  );

  const reschedule = {
    config: { access: STAFF },
    schema: {
      tags,
      summary: 'Reschedule: the meeting and every invitation move (same UID, higher SEQUENCE)',
      body: BookingInput,
      response: { 200: Booking, 202: Booking, ...errorResponses(400, 401, 403, 404, 409, 422, 502) },
    },
  } as const;

  app.patch(
    '/requests/:id/booking',
    { ...reschedule, schema: { operationId: 'rescheduleBooking', ...reschedule.schema, params: IdParams } },
    async (request, reply) => {
      const { booking, row } = await service.reschedule(request.params.id, request.body, request.principal!);
      app.audit(request, { action: 'booking.reschedule', entity: 'booking', entityId: booking.id });
      if (
        row.failureReason &&
        row.state === 'booked' &&
        row.start !== new Date(request.body.start).toISOString()
      ) {
        throw failedBookingError(row);
      }
      return reply.code(row.state === 'booked' ? 200 : 202).send(booking);
    },
  );

  app.patch(
    '/requests/:id/bookings/:bookingId',
    {
      ...reschedule,
      schema: { operationId: 'rescheduleOccurrence', ...reschedule.schema, params: BookingParams },
    },
    async (request, reply) => {
      const { booking, row } = await service.reschedule(
        request.params.id,
        request.body,
        request.principal!,
        request.params.bookingId,
      );
      app.audit(request, { action: 'booking.reschedule', entity: 'booking', entityId: booking.id });
      if (
        row.failureReason &&
        row.state === 'booked' &&
        row.start !== new Date(request.body.start).toISOString()
      ) {
        throw failedBookingError(row);
      }
      return reply.code(row.state === 'booked' ? 200 : 202).send(booking);
    },
  );

  app.delete(
    '/requests/:id/booking',
    {
      config: { access: STAFF },
      schema: {
        tags,
        operationId: 'cancelConference',
        summary: 'Cancel the conference: the request, its meeting(s) and every invitation (METHOD:CANCEL)',
        params: IdParams,
        querystring: CancelQuery,
        response: { 200: Cancelled, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const result = await service.cancelConference(
        request.params.id,
        request.principal!,
        request.query.reason ?? null,
      );
      app.audit(request, {
        action: 'booking.cancel',
        entity: 'conference_request',
        entityId: request.params.id,
      });
      return result;
    },
  );

  app.delete(
    '/requests/:id/bookings/:bookingId',
    {
      config: { access: STAFF },
      schema: {
        tags,
        operationId: 'cancelOccurrence',
        summary: 'Cancel one occurrence of a series (the last one cancels the conference)',
        params: BookingParams,
        querystring: CancelQuery,
        response: { 200: Booking, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const booking = await service.cancelOccurrence(
        request.params.id,
        request.params.bookingId,
        request.principal!,
        request.query.reason ?? null,
      );
      app.audit(request, { action: 'booking.cancel', entity: 'booking', entityId: booking.id });
      return booking;
    },
  );

  app.get(
    '/requests/:id/suggestions',
    {
      config: { access: STAFF },
      schema: {
        tags,
        operationId: 'suggestSlots',
        summary:
          'Ranked slots in everyone’s working hours (their country’s zone and holidays) with a free host',
        description:
          'Default range: the next 14 days. Slots inside the proposed windows come first, then those most comfortably ' +
          'inside everyone’s working day, then the earliest. A guest counts in the `timeZone`/`countryCode` given with their e-mail (working hours there, that country’s holidays); a guest with neither counts in the request’s time zone. ' +
          'For a request already booked (one booking), only the times its host account is free, its own hold aside: a reschedule keeps the meeting and its host.',
        params: IdParams,
        querystring: SuggestionQuery,
        response: {
          200: Type.Object({ items: Type.Array(Suggestion) }),
          ...errorResponses(400, 401, 403, 404, 422),
        },
      },
    },
    async (request) => ({
      items: (await app.booking.suggestions.suggest(request.params.id, request.principal!, request.query))
        .items,
    }),
  );
};

export default bookings;
