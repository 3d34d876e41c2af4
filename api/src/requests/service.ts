import {
  DuplicateSourceMessageError,
  IllegalTransitionError,
  type RequestRow,
  type RequestsRepository,
} from '@cmss/db';
import {
  type ConferenceRequest,
  checkCapacity,
  type RequestAction,
  type RequestInput,
  type RequestStatus,
} from '@cmss/shared';
import type { Principal } from '../access.js';
import { assertNoOverlap, assertTimeZone, checkInterval, invalidInput } from '../booking/time-rules.js';
import { AppError, conflict, notFound } from '../errors.js';
import { screenClinicalText } from './clinical-text.js';
import { assertGuestLocations, resolveInvitees } from './invitees.js';

export const actorOf = (principal: Principal) => ({ subject: principal.subject, role: principal.role });

const isStaff = (principal: Principal) => principal.role === 'admin' || principal.role === 'helpdesk';

export interface ListQuery {
  status?: RequestStatus[];
  country?: string;
  requesterId?: number;
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string;
}

/** The request log: creation with invitee resolution, reads with ownership, explicit status actions. */
export function createRequestService(repo: RequestsRepository) {
  const toDto = (row: RequestRow, withHistory: boolean): ConferenceRequest => ({
    id: row.id,
    requesterId: row.requesterId,
    kind: row.kind,
    topic: row.topic,
    notes: row.notes,
    invitees: repo.invitees(row.id).map((i) => ({
      clinicianId: i.clinicianId,
      hospitalId: i.hospitalId ?? null,
      email: i.email,
      displayName: i.displayName,
      viaHospitalId: i.viaHospitalId,
      timeZone: i.givenTimeZone,
      countryCode: i.givenCountryCode,
    })),
    proposedWindows: repo.windows(row.id),
    durationMinutes: row.durationMinutes,
    timeZone: row.timeZone,
    source: row.source,
    sourceMessageId: row.sourceMessageId,
    status: row.status,
    statusReason: row.statusReason,
    ...(withHistory
      ? {
          history: repo.history(row.id).map((e) => ({
            action: e.action,
            fromStatus: e.fromStatus as RequestStatus | null,
            toStatus: e.toStatus as RequestStatus,
            reason: e.reason,
            actor: e.actor,
            actorRole: e.actorRole,
            at: e.at,
          })),
        }
      : {}),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  });

  /** Clinicians see only their own requests; anyone else's is "not found", not "forbidden". */
  const load = (id: number, principal: Principal): RequestRow => {
    const row = repo.find(id);
    if (!row || (!isStaff(principal) && row.requesterId !== principal.clinicianId)) throw notFound('Request');
    return row;
  };

  return {
    toDto,
    load,

    create(input: RequestInput, principal: Principal, now = new Date()): ConferenceRequest {
      if (!isStaff(principal) && input.requesterId !== principal.clinicianId) {
        throw new AppError(
          403,
          'forbidden',
          'A clinician can only submit requests as themself (requesterId)',
        );
      }
      const timeZone = assertTimeZone(input.timeZone);
      assertGuestLocations(input.invitees);
      if (input.source === 'outlook' && !input.sourceMessageId) {
        throw invalidInput(
          'missing_message_id',
          'A request from Outlook needs the internet message id of its e-mail',
        );
      }
      const windows = input.proposedWindows.map((w, i) =>
        checkInterval(w, {
          now,
          field: `proposedWindows[${i}]`,
          maxMinutes: 14 * 24 * 60,
          minMinutes: input.durationMinutes,
        }),
      );
      assertNoOverlap(windows, 'proposedWindows');

      const requester = repo.requester(input.requesterId);
      if (!requester?.active) {
        throw invalidInput(
          'unknown_requester',
          'The requester must be an active clinician of the directory',
          {
            requesterId: input.requesterId,
          },
        );
      }
      if (input.sourceMessageId) {
        const existing = repo.findBySourceMessageId(input.sourceMessageId);
        if (existing) throw duplicate(existing.id);
      }
      const invitees = resolveInvitees(repo, input.invitees, requester);
      // Everyone who will receive the invitation: the requester and the invitees (the host comes on top).
      const capacity = checkCapacity(input.kind, invitees.length + 1);
      if (!capacity.ok) {
        throw invalidInput('capacity_exceeded', capacity.message ?? 'Too many participants', {
          participants: capacity.participants,
          limit: capacity.limit,
        });
      }
      const text = screenClinicalText({ topic: input.topic, notes: input.notes ?? null });
      try {
        const row = repo.create(
          {
            requesterId: input.requesterId,
            kind: input.kind,
            topic: text.topic,
            notes: text.notes,
            durationMinutes: input.durationMinutes,
            timeZone,
            source: input.source,
            sourceMessageId: input.sourceMessageId ?? null,
            invitees,
            windows,
          },
          actorOf(principal),
        );
        return toDto(row, true);
      } catch (error) {
        if (error instanceof DuplicateSourceMessageError) throw duplicate(error.existingRequestId);
        throw error;
      }
    },

    get: (id: number, principal: Principal) => toDto(load(id, principal), true),

    list(query: ListQuery, principal: Principal) {
      const limit = query.limit ?? 50;
      const beforeId = query.cursor ? Number(query.cursor) : undefined;
      if (beforeId !== undefined && (!Number.isInteger(beforeId) || beforeId < 1)) {
        throw new AppError(400, 'invalid_cursor', 'cursor must be a nextCursor returned by this list');
      }
      const requesterId = isStaff(principal) ? query.requesterId : (principal.clinicianId ?? -1);
      const rows = repo.list({
        status: query.status,
        country: query.country,
        requesterId,
        from: query.from ? new Date(query.from).toISOString() : undefined,
        to: query.to ? new Date(query.to).toISOString() : undefined,
        beforeId,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      return {
        items: page.map((r) => toDto(r, false)),
        nextCursor: rows.length > limit ? String(page[page.length - 1]!.id) : null,
      };
    },

    /** schedule, reject and markHeld; cancel goes through the booking service (it may have meetings to cancel). */
    act(
      id: number,
      action: Exclude<RequestAction, 'book' | 'cancel'>,
      principal: Principal,
      reason: string | null,
    ) {
      load(id, principal);
      try {
        return toDto(repo.transition(id, action, actorOf(principal), reason), true);
      } catch (error) {
        throw asHttpError(error);
      }
    },
  };
}

export function asHttpError(error: unknown): unknown {
  if (error instanceof IllegalTransitionError) {
    return conflict('illegal_transition', error.message, { action: error.action, status: error.status });
  }
  return error;
}

const duplicate = (existingRequestId: number) =>
  conflict('duplicate_request', 'A request was already created from this e-mail (same internet message id)', {
    requestId: existingRequestId,
  });

export type RequestService = ReturnType<typeof createRequestService>;
