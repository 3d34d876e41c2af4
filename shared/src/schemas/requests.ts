import { type Static, Type } from 'typebox';
import { BOOKING_STATES, REQUEST_ACTIONS, REQUEST_STATUSES } from '../domain/request-status.js';
import { Email, Id, Instant, Nullable, TimeZone } from './common.js';

export const ConferenceKindSchema = Type.Enum(['conference', 'webinar']);
export const RequestStatusSchema = Type.Enum([...REQUEST_STATUSES]);
export const RequestActionSchema = Type.Enum([...REQUEST_ACTIONS]);
export const RequestSourceSchema = Type.Enum(['outlook', 'teams', 'api']);

/** Exactly one of clinicianId, hospitalId (expands to its contact persons) or email (a guest). */
export const Invitee = Type.Union([
  Type.Object({ clinicianId: Id }, { additionalProperties: false }),
  Type.Object({ hospitalId: Id }, { additionalProperties: false }),
  Type.Object(
    { email: Email, displayName: Type.Optional(Type.String({ maxLength: 200 })) },
    { additionalProperties: false },
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
