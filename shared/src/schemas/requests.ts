import { type Static, Type } from 'typebox';
import { BOOKING_STATES, REQUEST_ACTIONS, REQUEST_STATUSES } from '../domain/request-status.js';
import { CountryCode, Email, Id, Instant, Nullable, TimeZone } from './common.js';

export const ConferenceKindSchema = Type.Enum(['conference', 'webinar']);
export const RequestStatusSchema = Type.Enum([...REQUEST_STATUSES]);
export const RequestActionSchema = Type.Enum([...REQUEST_ACTIONS]);
export const RequestSourceSchema = Type.Enum(['outlook', 'teams', 'api']);

/**
 * Where a guest works, for slot suggestions: guests have no directory entry to say so. Without either,
 * the guest is taken to work in the request's time zone.
 */
const guestTimeZone = Type.String({
  ...TimeZone,
  description:
    "IANA zone of the guest's working day (by default 08:00–18:00 local). Defaults to the country's zone.",
  examples: ['America/New_York'],
});
const guestCountry = Type.String({
  ...CountryCode,
  description:
    'ISO 3166-1 alpha-2 of a network country (GET /api/v1/countries): its public holidays apply, and its zone when no timeZone is given.',
  examples: ['DE'],
});

/** Exactly one of clinicianId, hospitalId (expands to its contact persons) or email (a guest). */
export const Invitee = Type.Union([
  Type.Object({ clinicianId: Id }, { additionalProperties: false }),
  Type.Object({ hospitalId: Id }, { additionalProperties: false }),
  Type.Object(
    {
      email: Email,
      displayName: Type.Optional(Type.String({ maxLength: 200 })),
      timeZone: Type.Optional(guestTimeZone),
      countryCode: Type.Optional(guestCountry),
    },
    {
      additionalProperties: false,
      examples: [
        { email: 'j.doe@nyu.example.org', displayName: 'Jane Doe', timeZone: 'America/New_York' },
        { email: 'k.weber@example.de', countryCode: 'DE' },
      ],
    },
  ),
]);
export type Invitee = Static<typeof Invitee>;

export const TimeWindow = Type.Object({ start: Instant, end: Instant }, { additionalProperties: false });
export type TimeWindow = Static<typeof TimeWindow>;

export const RequestInput = Type.Object(
  {
    requesterId: Id,
    kind: ConferenceKindSchema,
    topic: Type.String({
      minLength: 3,
      maxLength: 300,
      examples: ['Refractory ARDS, second opinion on ECMO'],
    }),
    notes: Type.Optional(Type.String({ maxLength: 5000 })),
    invitees: Type.Array(Invitee, { minItems: 1, maxItems: 2000 }),
    proposedWindows: Type.Array(TimeWindow, { maxItems: 20 }),
    durationMinutes: Type.Integer({ minimum: 15, maximum: 480, examples: [60] }),
    timeZone: TimeZone,
    source: RequestSourceSchema,
    sourceMessageId: Type.Optional(
      Type.String({ maxLength: 998, description: "Outlook: the message's internet message id" }),
    ),
  },
  { additionalProperties: false },
);
export type RequestInput = Static<typeof RequestInput>;

export const ResolvedInvitee = Type.Object({
  clinicianId: Nullable(Id),
  hospitalId: Nullable(Id),
  email: Email,
  displayName: Type.String(),
  viaHospitalId: Nullable(Id),
  /** As given with an e-mail invitee; null when none was given (working hours: see `Invitee`). */
  timeZone: Nullable(guestTimeZone),
  countryCode: Nullable(guestCountry),
});
export type ResolvedInvitee = Static<typeof ResolvedInvitee>;

export const RequestHistoryEntry = Type.Object({
  action: Type.String(),
  fromStatus: Nullable(RequestStatusSchema),
  toStatus: RequestStatusSchema,
  reason: Nullable(Type.String()),
  actor: Type.String(),
  actorRole: Type.String(),
  at: Instant,
});

export const ConferenceRequest = Type.Object(
  {
    id: Id,
    requesterId: Nullable(Id),
    kind: ConferenceKindSchema,
    topic: Type.String(),
    notes: Nullable(Type.String()),
    invitees: Type.Array(ResolvedInvitee),
    proposedWindows: Type.Array(TimeWindow),
    durationMinutes: Type.Integer(),
    timeZone: TimeZone,
    source: RequestSourceSchema,
    sourceMessageId: Nullable(Type.String()),
    status: RequestStatusSchema,
    statusReason: Nullable(Type.String()),
    history: Type.Optional(Type.Array(RequestHistoryEntry)),
    createdAt: Instant,
    updatedAt: Instant,
    version: Type.Integer({ minimum: 1 }),
  },
  { title: 'ConferenceRequest' },
);
export type ConferenceRequest = Static<typeof ConferenceRequest>;

export const DialIn = Type.Object({
  label: Type.String({ examples: ['Belgium toll'] }),
  number: Type.String({ examples: ['+32-2-894-8888'] }),
});
export type DialIn = Static<typeof DialIn>;

export const BookingStateSchema = Type.Enum([...BOOKING_STATES]);

export const Booking = Type.Object(
  {
    id: Id,
    requestId: Id,
    state: BookingStateSchema,
    hostAccountId: Id,
    start: Instant,
    end: Instant,
    timeZone: TimeZone,
    meeting: Nullable(
      Type.Object({
        provider: Type.String(),
        providerId: Type.String(),
        joinUrl: Type.String(),
        meetingNumber: Type.String(),
        password: Type.String(),
        sipAddress: Nullable(Type.String()),
        dialIn: Type.Array(DialIn),
      }),
    ),
    calendar: Nullable(
      Type.Object({
        provider: Type.String(),
        eventId: Type.String(),
        iCalUId: Type.String(),
        sequence: Type.Integer({ minimum: 0 }),
      }),
    ),
    failureReason: Nullable(Type.String()),
    seriesId: Nullable(Type.String()),
    createdAt: Instant,
    updatedAt: Instant,
  },
  { title: 'Booking' },
);
export type Booking = Static<typeof Booking>;

/** `POST /requests/{id}/booking` and `PATCH` (reschedule): UTC instants plus the organiser's IANA zone. */
export const BookingInput = Type.Object(
  {
    start: Instant,
    end: Instant,
    timeZone: TimeZone,
  },
  { additionalProperties: false },
);
export type BookingInput = Static<typeof BookingInput>;

/** Standing meetings: the same local wall-clock time every week or month, in the organiser's zone. */
export const Recurrence = Type.Object(
  {
    frequency: Type.Enum(['weekly', 'monthly']),
    interval: Type.Optional(Type.Integer({ minimum: 1, maximum: 12, default: 1 })),
    /** Number of occurrences (the first included). Give `count` or `until`, not both. */
    count: Type.Optional(Type.Integer({ minimum: 2, maximum: 52 })),
    /** No occurrence starts after this instant. */
    until: Type.Optional(Instant),
  },
  { additionalProperties: false },
);
export type Recurrence = Static<typeof Recurrence>;

export const SeriesInput = Type.Object(
  { start: Instant, end: Instant, timeZone: TimeZone, recurrence: Recurrence },
  { additionalProperties: false },
);
export type SeriesInput = Static<typeof SeriesInput>;

export const Series = Type.Object(
  { seriesId: Type.String(), bookings: Type.Array(Booking) },
  { title: 'Series' },
);

export const ReasonInput = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 1000 }) },
  { additionalProperties: false },
);
export const OptionalReasonInput = Type.Object(
  { reason: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })) },
  { additionalProperties: false },
);

export const RequestListQuery = Type.Object(
  {
    status: Type.Optional(Type.Array(RequestStatusSchema, { maxItems: 6 })),
    country: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
    requesterId: Type.Optional(Id),
    /** Created at or after this instant. */
    from: Type.Optional(Instant),
    /** Created at or before this instant. */
    to: Type.Optional(Instant),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false },
);

export const SuggestionQuery = Type.Object(
  {
    from: Type.Optional(Instant),
    to: Type.Optional(Instant),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })),
  },
  { additionalProperties: false },
);

export const LocalTime = Type.Object({
  timeZone: TimeZone,
  start: Type.String({ description: 'Local wall-clock start, e.g. 2026-11-24T10:00' }),
  end: Type.String(),
  participants: Type.Integer({ minimum: 1 }),
});

export const Suggestion = Type.Object(
  {
    start: Instant,
    end: Instant,
    /** Host accounts still free for [start − buffer, end + buffer]. */
    freeHosts: Type.Integer({ minimum: 1 }),
    /** Inside one of the windows the requester proposed. */
    inProposedWindow: Type.Boolean(),
    localTimes: Type.Array(LocalTime),
  },
  { title: 'Suggestion' },
);

export const HostAccountInput = Type.Object(
  {
    email: Email,
    displayName: Type.String({ minLength: 1, maxLength: 200 }),
    capacity: Type.Optional(Type.Integer({ minimum: 2, maximum: 100_000, default: 100 })),
    webinarCapable: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false },
);
export type HostAccountInput = Static<typeof HostAccountInput>;
