import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { clinicians, hospitals, hostAccounts } from './directory.js';

export const conferenceRequests = sqliteTable(
  'conference_requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Null once the requester has been erased (data-subject right); the request stays for counts. */
    requesterId: integer('requester_id').references(() => clinicians.id, { onDelete: 'set null' }),
    kind: text('kind', { enum: ['conference', 'webinar'] }).notNull(),
    topic: text('topic').notNull(),
    notes: text('notes'),
    durationMinutes: integer('duration_minutes').notNull(),
    timeZone: text('time_zone').notNull(),
    source: text('source', { enum: ['outlook', 'teams', 'api'] }).notNull(),
    /** Outlook internet message id: one request per e-mail. */
    sourceMessageId: text('source_message_id'),
    status: text('status', {
      enum: ['received', 'scheduling', 'booked', 'held', 'cancelled', 'rejected'],
    }).notNull(),
    statusReason: text('status_reason'),
    createdBy: text('created_by').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    closedAt: text('closed_at'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('conference_requests_message_idx').on(t.sourceMessageId),
    index('conference_requests_status_idx').on(t.status, t.createdAt),
    index('conference_requests_requester_idx').on(t.requesterId),
  ],
);

/** The invitees as resolved at creation: a hospital expands to its contact persons (viaHospitalId). */
export const requestInvitees = sqliteTable(
  'request_invitees',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    requestId: integer('request_id')
      .notNull()
      .references(() => conferenceRequests.id, { onDelete: 'cascade' }),
    clinicianId: integer('clinician_id').references(() => clinicians.id, { onDelete: 'set null' }),
    viaHospitalId: integer('via_hospital_id').references(() => hospitals.id),
    email: text('email').notNull(),
    displayName: text('display_name').notNull(),
    /**
     * Where an e-mail invitee works, as the requester said (IANA zone, ISO country): guests have no
     * directory entry to tell. Null when not said.
     */
    timeZone: text('time_zone'),
    countryCode: text('country_code'),
  },
  (t) => [
    index('request_invitees_request_idx').on(t.requestId),
    index('request_invitees_clinician_idx').on(t.clinicianId),
  ],
);

export const requestWindows = sqliteTable(
  'request_windows',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    requestId: integer('request_id')
      .notNull()
      .references(() => conferenceRequests.id, { onDelete: 'cascade' }),
    start: text('start').notNull(),
    end: text('end').notNull(),
  },
  (t) => [index('request_windows_request_idx').on(t.requestId)],
);

/** Every status transition, timestamped and attributed. */
export const requestEvents = sqliteTable(
  'request_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    requestId: integer('request_id')
      .notNull()
      .references(() => conferenceRequests.id, { onDelete: 'cascade' }),
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    reason: text('reason'),
    actor: text('actor').notNull(),
    actorRole: text('actor_role').notNull(),
    at: text('at').notNull(),
  },
  (t) => [index('request_events_request_idx').on(t.requestId)],
);

/**
 * A booking is also the saga's persistent outbox: `state` says which external step comes next,
 * so a worker can resume it after a crash. hold_start/hold_end is [start − buffer, end + buffer],
 * the interval during which the host account is taken.
 */
export const bookings = sqliteTable(
  'bookings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    requestId: integer('request_id')
      .notNull()
      .references(() => conferenceRequests.id, { onDelete: 'cascade' }),
    state: text('state', {
      enum: [
        'pending',
        'meeting_created',
        'calendar_created',
        'booked',
        'rescheduling',
        'cancelling',
        'cancelled',
        'failed',
      ],
    }).notNull(),
    hostAccountId: integer('host_account_id')
      .notNull()
      .references(() => hostAccounts.id),
    start: text('start').notNull(),
    end: text('end').notNull(),
    holdStart: text('hold_start').notNull(),
    holdEnd: text('hold_end').notNull(),
    timeZone: text('time_zone').notNull(),
    seriesId: text('series_id'),
    meetingProvider: text('meeting_provider').notNull(),
    meetingId: text('meeting_id'),
    joinUrl: text('join_url'),
    meetingNumber: text('meeting_number'),
    meetingPassword: text('meeting_password'),
    sipAddress: text('sip_address'),
    /** JSON array of {label, number}. */
    dialIn: text('dial_in'),
    calendarProvider: text('calendar_provider').notNull(),
    calendarEventId: text('calendar_event_id'),
    /**
     * The calendar provider's own iCalendar UID for the event. Exchange assigns its own (Graph's
     * `iCalUId`); the ICS provider uses ours. Attendees' calendars know the meeting by this value.
     */
    calendarIcalUid: text('calendar_ical_uid'),
    /** Our UID: stable for the booking's lifetime, seeds the Graph transactionId and the ICS UID. */
    icalUid: text('ical_uid').notNull(),
    sequence: integer('sequence').notNull().default(0),
    /**
     * While a reschedule is in flight the old times stay held too (previous_*), so a failed reschedule
     * can fall back to them without the host having been given away in between.
     */
    previousStart: text('previous_start'),
    previousEnd: text('previous_end'),
    previousTimeZone: text('previous_time_zone'),
    previousHoldStart: text('previous_hold_start'),
    previousHoldEnd: text('previous_hold_end'),
    /** Why staff cancelled: carried as the COMMENT of the cancellation sent to every participant. */
    cancelReason: text('cancel_reason'),
    failureReason: text('failure_reason'),
    attempts: integer('attempts').notNull().default(0),
    /** Not before: the back-off of a retry, or the lease of the process working on the booking. */
    nextAttemptAt: text('next_attempt_at'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    // hold_end first: "is this host free?" reads only the holds ending after the new start (the future),
    // not every past booking of the host, so allocation does not slow down as history grows.
    index('bookings_host_hold_end_idx').on(t.hostAccountId, t.holdEnd, t.holdStart),
    index('bookings_request_idx').on(t.requestId),
    index('bookings_state_idx').on(t.state),
    uniqueIndex('bookings_ical_uid_idx').on(t.icalUid),
  ],
);

export const bookingParticipants = sqliteTable(
  'booking_participants',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    bookingId: integer('booking_id')
      .notNull()
      .references(() => bookings.id, { onDelete: 'cascade' }),
    clinicianId: integer('clinician_id').references(() => clinicians.id, { onDelete: 'set null' }),
    email: text('email').notNull(),
    displayName: text('display_name').notNull(),
  },
  (t) => [index('booking_participants_booking_idx').on(t.bookingId)],
);

/** Replays of a creating POST with the same Idempotency-Key get the stored response. */
export const idempotencyKeys = sqliteTable('idempotency_keys', {
  /** `${principal}:${method} ${route}:${key}` — a key is scoped to who sent it and where. */
  scopeKey: text('scope_key').primaryKey(),
  requestHash: text('request_hash').notNull(),
  statusCode: integer('status_code'),
  responseBody: text('response_body'),
  /** JSON object of the response headers a replay repeats (Location, ETag); NULL in rows stored before. */
  responseHeaders: text('response_headers'),
  createdAt: text('created_at').notNull(),
});
