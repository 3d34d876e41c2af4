/**
 * Webex Meetings adapter (MeetingProvider). Contract: Cisco's OpenAPI description of the Meetings
 * REST API (createMeeting, listMeetings, patch, deleteMeeting).
 *
 * - Create: `POST /meetings` with title, agenda, start/end as UTC instants and no `timezone` (a zone
 *   next to an instant is how calendars drift), `hostEmail` of the allocated host account,
 *   invitees (panelists when `scheduledType: webinar`) and `sendEmail: false`, so Exchange is the
 *   only sender of invitations. Webex has no idempotency key, so every meeting carries an
 *   `integrationTags` entry derived from the booking, and create first looks that tag up: a create
 *   whose answer was lost (timeout, reset, crash) is adopted instead of duplicated — no orphans.
 * - Update: `PATCH /meetings/{id}` (Webex's partial update; PUT is deprecated) with the fields that
 *   change on a reschedule.
 * - Cancel: `DELETE /meetings/{id}?hostEmail=…&sendEmail=false`; a 404 means already gone.
 * - Every answer is validated (schemas.ts) before use; a 401 renews the token once, then asks for a
 *   reconnect; failures are classified by http/errors.ts.
 * Vendor shapes never leave this folder: callers see MeetingDetails and ProviderError only.
 */
import { createHash } from 'node:crypto';
import { type MeetingDetails, type MeetingProvider, type MeetingSpec, ProviderError } from '@cmss/shared';
import type { Static, TSchema } from 'typebox';
import {
  classifyHttpFailure,
  MalformedAnswerError,
  malformedAnswer,
  parseRetryAfter,
  toProviderError,
  unreadableCreate,
} from '../http/errors.js';
import { DEFAULT_RETRY, type InlineRetryPolicy, withInlineRetry } from '../http/retry.js';
import type { HttpRequest, Transport } from '../http/transport.js';
import { type AnswerValidator, answerValidator, parseJson } from '../http/validate.js';
import { WebexErrorBody, WebexMeeting, WebexMeetingList } from './schemas.js';
import type { WebexTokenSource } from './token.js';

/**
 * A 401 renews the token and retries; twice at most, so that a token replaced meanwhile by another
 * caller (or expired in between) does not fail the call, while a credential the provider keeps
 * rejecting ends as needs_reconnect quickly.
 */
const MAX_RENEWALS = 2;
const PROVIDER = 'webex';
const TITLE_MAX = 128;
const AGENDA_MAX = 1300;
const INVITEES_MAX = 1000;
const DAY_MS = 86_400_000;

export interface WebexProviderOptions {
  /** e.g. https://webexapis.com/v1 (no trailing slash). */
  baseUrl: string;
  tokens: WebexTokenSource;
  transport: Transport;
  /**
   * Namespace of the integration tag that makes create idempotent; derived from the helpdesk
   * mailbox so that two deployments sharing a Webex site never adopt each other's meetings.
   */
  tagNamespace: string;
  retry?: InlineRetryPolicy;
}

const meetingAnswer = answerValidator(WebexMeeting);
const listAnswer = answerValidator(WebexMeetingList);
const errorAnswer = answerValidator(WebexErrorBody);

type Meeting = Static<typeof WebexMeeting>;

export function bookingTag(namespace: string, bookingId: number): string {
  const ns = createHash('sha256').update(namespace.toLowerCase()).digest('hex').slice(0, 10);
  return `cmss-${ns}-booking-${bookingId}`;
}

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

function toDetails(m: Meeting): MeetingDetails {
  const access = m.telephony?.accessCode;
  const numberDigits = m.meetingNumber.replace(/\D/g, '');
  return {
    providerId: m.id,
    joinUrl: m.webLink,
    meetingNumber: m.meetingNumber,
    password: m.password,
    sipAddress: m.sipAddress ?? null,
    dialIn: (m.telephony?.callInNumbers ?? []).map((n) => ({
      // The access code is normally the meeting number; name it only when it differs.
      label:
        access && access.replace(/\D/g, '') !== numberDigits ? `${n.label} (access code ${access})` : n.label,
      number: n.callInNumber,
    })),
  };
}

export function createWebexMeetings(options: WebexProviderOptions): MeetingProvider {
  const retry = options.retry ?? DEFAULT_RETRY;

  /** One authenticated call: renews the token on a 401 (MAX_RENEWALS), classifies every failure. */
  async function call<T extends TSchema>(
    req: Omit<HttpRequest, 'url'> & { path: string; query?: Record<string, string> },
    what: string,
    validator: AnswerValidator<T> | null,
  ): Promise<Static<T> | undefined> {
    const url = new URL(`${options.baseUrl}${req.path}`);
    for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.set(k, v);
    let token = await options.tokens.get();
    for (let renewals = 0; ; renewals++) {
      let res: Awaited<ReturnType<Transport['request']>>;
      try {
        res = await options.transport.request({
          method: req.method,
          url: url.toString(),
          body: req.body,
          headers: { accept: 'application/json', ...req.headers, authorization: `Bearer ${token}` },
        });
      } catch (err) {
        throw toProviderError(PROVIDER, err);
      }
      if (res.status === 401 && renewals < MAX_RENEWALS) {
        token = await options.tokens.renew(token);
        continue;
      }
      const trackingHeader = res.headers.trackingid;
      if (res.status < 200 || res.status > 299) {
        const parsed = errorAnswer.check(parseJson(res.body));
        const e = parsed.ok ? parsed.value : {};
        const descriptions = (e.errors ?? []).map((x) => x.description).filter(Boolean);
        throw classifyHttpFailure(PROVIDER, {
          status: res.status,
          message: [e.message ?? `HTTP ${res.status} on ${what}`, ...descriptions].join(' — '),
          trackingId: e.trackingId ?? trackingHeader,
          retryAfterMs: parseRetryAfter(res.headers['retry-after']),
        });
      }
      if (!validator) return undefined;
      const checked = validator.check(parseJson(res.body));
      if (!checked.ok) throw malformedAnswer(PROVIDER, what, checked.problems, trackingHeader);
      return checked.value;
    }
  }

  async function findByTag(tag: string, spec: MeetingSpec): Promise<Meeting | undefined> {
    const start = Date.parse(spec.start);
    const end = Date.parse(spec.end);
    const list = await call(
      {
        method: 'GET',
        path: '/meetings',
        query: {
          integrationTag: tag,
          hostEmail: spec.hostEmail,
          meetingType: 'meetingSeries',
          // A window around the booking: the list defaults to the coming 7 days otherwise.
          from: new Date(start - DAY_MS).toISOString(),
          to: new Date(end + DAY_MS).toISOString(),
          max: '10',
        },
      },
      'the meeting lookup',
      listAnswer,
    );
    return list?.items.find((m) => m.integrationTags?.includes(tag) ?? true);
  }

  function invitees(spec: MeetingSpec) {
    if (spec.invitees.length > INVITEES_MAX) {
      throw new ProviderError(
        'permanent',
        PROVIDER,
        `Webex accepts at most ${INVITEES_MAX} invitees per meeting, this booking has ${spec.invitees.length}`,
      );
    }
    return spec.invitees.map((p) => ({
      email: p.email,
      displayName: clip(p.displayName || p.email, 128),
      ...(spec.kind === 'webinar' ? { panelist: true } : {}),
    }));
  }

  return {
    name: PROVIDER,

    async create(spec) {
      const tag = bookingTag(options.tagNamespace, spec.bookingId);
      const body = {
        title: clip(spec.title, TITLE_MAX),
        agenda: clip(spec.agenda, AGENDA_MAX),
        start: new Date(spec.start).toISOString(),
        end: new Date(spec.end).toISOString(),
        scheduledType: spec.kind === 'webinar' ? 'webinar' : 'meeting',
        hostEmail: spec.hostEmail,
        invitees: invitees(spec),
        sendEmail: false,
        integrationTags: [tag],
      };
      return withInlineRetry(retry, async () => {
        try {
          const existing = await findByTag(tag, spec);
          if (existing) return toDetails(existing);
        } catch (err) {
          throw err instanceof MalformedAnswerError ? unreadableCreate(err) : err;
        }
        try {
          const created = await call(
            {
              method: 'POST',
              path: '/meetings',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(body),
            },
            'the meeting creation',
            meetingAnswer,
          );
          return toDetails(created as Meeting);
        } catch (err) {
          // Webex answered 2xx but unreadably: it probably created the meeting. Read it back by its
          // tag rather than leave an orphan the saga cannot cancel; still unreadable → permanent.
          if (!(err instanceof MalformedAnswerError)) throw err;
          const created = await findByTag(tag, spec).catch((e: unknown) => {
            throw e instanceof MalformedAnswerError ? unreadableCreate(e) : e;
          });
          if (created) return toDetails(created);
          throw unreadableCreate(err);
        }
      });
    },

    async update(providerId, spec) {
      // PatchMeetingObject: invitees and scheduledType are not patchable; hostEmail names the host
      // we act for (it does not move the meeting).
      const body = {
        title: clip(spec.title, TITLE_MAX),
        agenda: clip(spec.agenda, AGENDA_MAX),
        start: new Date(spec.start).toISOString(),
        end: new Date(spec.end).toISOString(),
        hostEmail: spec.hostEmail,
        sendEmail: false,
      };
      const updated = await withInlineRetry(retry, () =>
        call(
          {
            method: 'PATCH',
            path: `/meetings/${encodeURIComponent(providerId)}`,
            // The media type Cisco's description declares for this operation's body.
            headers: { 'content-type': 'application/json-patch+json' },
            body: JSON.stringify(body),
          },
          'the meeting update',
          meetingAnswer,
        ),
      );
      return toDetails(updated as Meeting);
    },

    async cancel(providerId, hostEmail) {
      await withInlineRetry(retry, async () => {
        try {
          await call(
            {
              method: 'DELETE',
              path: `/meetings/${encodeURIComponent(providerId)}`,
              query: { hostEmail, sendEmail: 'false' },
            },
            'the meeting cancellation',
            null,
          );
        } catch (err) {
          // Already deleted (an earlier attempt whose answer was lost): the goal is reached.
          if (err instanceof ProviderError && err.details.status === 404) return;
          throw err;
        }
      });
    },
  };
}
