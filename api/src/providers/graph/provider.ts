/**
 * Microsoft Graph adapter (CalendarProvider): events in the helpdesk's mailbox, so that Exchange
 * sends standard invitations, updates and cancellations to every participant, inside the tenant
 * or not.
 *
 * - invite:  POST /users/{mailbox}/events with a deterministic `transactionId` (see body.ts).
 * - update:  PATCH /users/{mailbox}/events/{id} (Exchange sends the update to attendees).
 * - cancel:  POST /users/{mailbox}/events/{id}/cancel with a comment; 404 = already cancelled.
 * - freeBusy: POST /users/{mailbox}/calendar/getSchedule for invitees of the tenant's domains;
 *   everyone else is `unknown`, never free.
 *
 * The Graph JS client runs with an explicit middleware chain:
 *   AuthenticationHandler (app-only token from msal, see auth.ts)
 *   → RetryHandler (429/503/504 honouring Retry-After, short waits only)
 *   → our transport (timeouts, optional extra CA, network failures classified).
 * The RetryHandler retries POSTs too. That is deliberate and safe here: an event POST carries
 * `transactionId`, so a replay returns the event Exchange already created; cancel is idempotent
 * (a second cancel answers 404, treated as done); getSchedule only reads. A long Retry-After is not
 * slept on: the call fails as retryable with `retryAfterMs`, and the booking saga resumes it later.
 *
 * Vendor types (@microsoft/microsoft-graph-types) are used for what we send; answers are checked
 * against schemas.ts. Callers only ever see CalendarEventRef, FreeBusy and ProviderError.
 */
import { randomUUID } from 'node:crypto';
import type { CalendarEventRef, CalendarEventSpec, CalendarProvider, FreeBusy } from '@cmss/shared';
import { ProviderError } from '@cmss/shared';
import {
  AuthenticationHandler,
  type AuthenticationProvider,
  Client,
  type Context,
  type Middleware,
  type MiddlewareOptions,
  ResponseType,
  RetryHandler,
  RetryHandlerOptions,
} from '@microsoft/microsoft-graph-client';
import type { Attendee, Event as GraphEvent, ScheduleInformation } from '@microsoft/microsoft-graph-types';
import type { Static, TSchema } from 'typebox';
import {
  classifyHttpFailure,
  classifyTransportError,
  MalformedAnswerError,
  malformedAnswer,
  parseRetryAfter,
  unreadableCreate,
} from '../http/errors.js';
import { withInlineRetry } from '../http/retry.js';
import { type Transport, TransportError } from '../http/transport.js';
import { type AnswerValidator, answerValidator, parseJson } from '../http/validate.js';
import type { GraphTokenSource } from './auth.js';
import { invitationHtml, toGraphDateTime, transactionIdFor } from './body.js';
import { GraphErrorBody, GraphEventAnswer, GraphScheduleAnswer } from './schemas.js';

/**
 * A 401 renews the token and retries; twice at most, so that a token replaced meanwhile by another
 * caller (or expired in between) does not fail the call, while a credential the provider keeps
 * rejecting ends as needs_reconnect quickly.
 */
const MAX_RENEWALS = 2;
const PROVIDER = 'graph';
/** getSchedule: schedules per request we send (Graph's documented limit is higher). */
const SCHEDULE_BATCH = 20;

export interface GraphProviderOptions {
  /** e.g. https://graph.microsoft.com/v1.0 */
  baseUrl: string;
  mailbox: string;
  /** Domains whose addresses are inside the tenant (getSchedule can see them). */
  tenantDomains: string[];
  tokens: GraphTokenSource;
  transport: Transport;
  /** Longest Retry-After the RetryHandler waits for inside one call (default 5 s). */
  maxInlineWaitMs?: number;
  /** Retries inside one call for 429/503/504 (RetryHandler) and for lost answers (default 2). */
  maxRetries?: number;
}

/** Per-call record shared with the transport middleware (the Graph client wraps thrown errors). */
class CallTrace implements MiddlewareOptions {
  transportError: TransportError | undefined;
  token: string | undefined;
  attempts = 0;
}

function headerRecord(h: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!h) return out;
  if (h instanceof Headers) {
    h.forEach((v, k) => {
      out[k.toLowerCase()] = v;
    });
  } else if (Array.isArray(h)) {
    for (const [k, v] of h as [string, string][]) out[k.toLowerCase()] = v;
  } else {
    for (const [k, v] of Object.entries(h as Record<string, string>)) out[k.toLowerCase()] = String(v);
  }
  return out;
}

/** The last link of the chain: sends through our transport instead of global fetch. */
class TransportHandler implements Middleware {
  constructor(private readonly transport: Transport) {}
  async execute(context: Context): Promise<void> {
    const trace = context.middlewareControl?.getMiddlewareOptions(CallTrace) as CallTrace | undefined;
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const options = context.options ?? {};
    const headers = headerRecord(options.headers);
    if (context.request instanceof Request) Object.assign(headers, headerRecord(context.request.headers));
    if (trace) {
      trace.attempts++;
      trace.token = headers.authorization?.replace(/^Bearer\s+/i, '');
    }
    const method = (options.method ?? 'GET').toUpperCase() as 'GET' | 'POST' | 'PATCH' | 'DELETE';
    try {
      const res = await this.transport.request({
        method,
        url,
        headers,
        body: typeof options.body === 'string' ? options.body : undefined,
      });
      const empty = res.status === 204 || res.status === 205 || res.status === 304 || res.body === '';
      context.response = new Response(empty ? null : res.body, { status: res.status, headers: res.headers });
    } catch (err) {
      if (trace && err instanceof TransportError) trace.transportError = err;
      throw err;
    }
  }
}

const eventAnswer = answerValidator(GraphEventAnswer);
const scheduleAnswer = answerValidator(GraphScheduleAnswer);
const errorAnswer = answerValidator(GraphErrorBody);

/** Graph answers `2026-11-24T09:00:00.0000000` with the zone apart; we asked for UTC. */
function utcInstant(dateTime: string): string {
  const trimmed = dateTime.replace(/(\.\d{3})\d+/, '$1');
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(trimmed) ? trimmed : `${trimmed}Z`).toISOString();
}

export function createGraphCalendar(options: GraphProviderOptions): CalendarProvider & {
  freeBusy(emails: string[], from: string, to: string): Promise<FreeBusy[]>;
} {
  const base = options.baseUrl.replace(/\/$/, '');
  const mailboxPath = `${base}/users/${encodeURIComponent(options.mailbox)}`;
  const maxInlineWaitMs = options.maxInlineWaitMs ?? 5_000;
  const maxRetries = options.maxRetries ?? 2;
  const tenantDomains = new Set(options.tenantDomains.map((d) => d.toLowerCase()));

  const authProvider: AuthenticationProvider = { getAccessToken: () => options.tokens.get() };
  const retryOptions = new RetryHandlerOptions(1, maxRetries, (_delay, _attempt, _req, _opts, response) => {
    const wait = parseRetryAfter(response.headers.get('retry-after'));
    return (wait ?? 1000) <= maxInlineWaitMs;
  });
  const client = Client.initWithMiddleware({
    middleware: [
      new AuthenticationHandler(authProvider),
      new RetryHandler(retryOptions),
      new TransportHandler(options.transport),
    ],
    // The AuthenticationHandler only attaches tokens to Graph hosts and these, and only over HTTPS.
    customHosts: new Set([new URL(base).hostname]),
  });

  type Method = 'get' | 'post' | 'patch';

  /** One call: token renewed on a 401 (MAX_RENEWALS), failures classified, answer validated. */
  async function send<T extends TSchema>(
    method: Method,
    url: string,
    body: unknown,
    what: string,
    validator: AnswerValidator<T> | null,
    extraHeaders: Record<string, string> = {},
  ): Promise<Static<T> | undefined> {
    for (let renewals = 0; ; renewals++) {
      // Fetched here first so a credential failure surfaces as our classified error.
      await options.tokens.get();
      const trace = new CallTrace();
      let res: Response;
      try {
        const request = client
          .api(url)
          .middlewareOptions([trace])
          .responseType(ResponseType.RAW)
          .headers({ 'client-request-id': randomUUID(), ...extraHeaders });
        res = (await (method === 'get' ? request.get() : request[method](body))) as Response;
      } catch (err) {
        if (trace.transportError) throw classifyTransportError(PROVIDER, trace.transportError);
        if (err instanceof ProviderError) throw err;
        throw new ProviderError('retryable', PROVIDER, `Graph call failed: ${(err as Error).message}`);
      }
      const text = await res.text();
      const trackingId = res.headers.get('request-id') ?? res.headers.get('client-request-id') ?? undefined;
      if (res.status === 401 && renewals < MAX_RENEWALS) {
        await options.tokens.renew(trace.token ?? '');
        continue;
      }
      if (!res.ok) {
        const parsed = errorAnswer.check(parseJson(text));
        const e = parsed.ok ? parsed.value.error : undefined;
        throw classifyHttpFailure(PROVIDER, {
          status: res.status,
          message: e ? `${e.code ?? 'error'}: ${e.message ?? ''}`.trim() : `HTTP ${res.status} on ${what}`,
          trackingId: trackingId ?? e?.innerError?.['request-id'] ?? e?.innerError?.['client-request-id'],
          retryAfterMs: parseRetryAfter(res.headers.get('retry-after')),
        });
      }
      if (!validator) return undefined;
      const checked = validator.check(parseJson(text));
      if (!checked.ok) throw malformedAnswer(PROVIDER, what, checked.problems, trackingId);
      return checked.value;
    }
  }

  /** Replays calls whose answer was lost (timeout, reset): safe for every call this adapter makes. */
  const lostAnswerRetry = {
    attempts: maxRetries + 1,
    baseDelayMs: 200,
    maxInlineWaitMs,
    retryIf: (err: ProviderError) => err.details.status === undefined,
  };

  function eventBody(spec: CalendarEventSpec): GraphEvent {
    const mailbox = options.mailbox.toLowerCase();
    const seen = new Set<string>();
    const attendees: Attendee[] = [];
    for (const a of spec.attendees) {
      const address = a.email.trim().toLowerCase();
      if (address === mailbox || seen.has(address)) continue;
      seen.add(address);
      attendees.push({ type: 'required', emailAddress: { address: a.email.trim(), name: a.displayName } });
    }
    return {
      subject: spec.subject,
      body: { contentType: 'html', content: invitationHtml(spec) },
      start: toGraphDateTime(spec.start, spec.timeZone),
      end: toGraphDateTime(spec.end, spec.timeZone),
      location: {
        displayName: `Webex meeting ${spec.meeting.meetingNumber}`,
        locationUri: spec.meeting.joinUrl,
      },
      attendees,
      isOnlineMeeting: false,
      allowNewTimeProposals: false,
      responseRequested: true,
      showAs: 'busy',
    };
  }

  const toRef = (v: Static<typeof GraphEventAnswer>): CalendarEventRef => ({
    eventId: v.id,
    iCalUId: v.iCalUId,
  });

  return {
    name: PROVIDER,

    async invite(spec) {
      const event: GraphEvent = { ...eventBody(spec), transactionId: transactionIdFor(spec.uid) };
      const post = () => send('post', `${mailboxPath}/events`, event, 'the event creation', eventAnswer);
      const created = await withInlineRetry(lostAnswerRetry, async () => {
        try {
          return await post();
        } catch (err) {
          // A 2xx we cannot read: Exchange probably created the event. Replaying the POST with the
          // same transactionId returns that event instead of a second one.
          if (!(err instanceof MalformedAnswerError)) throw err;
          return post().catch((again: unknown) => {
            throw again instanceof MalformedAnswerError ? unreadableCreate(again) : again;
          });
        }
      });
      return toRef(created as Static<typeof GraphEventAnswer>);
    },

    async update(ref, spec) {
      const updated = await withInlineRetry(lostAnswerRetry, () =>
        send(
          'patch',
          `${mailboxPath}/events/${encodeURIComponent(ref.eventId)}`,
          eventBody(spec),
          'the event update',
          eventAnswer,
        ),
      );
      const out = toRef(updated as Static<typeof GraphEventAnswer>);
      return out;
    },

    async cancel(ref, _spec, comment) {
      await withInlineRetry(lostAnswerRetry, async () => {
        try {
          await send(
            'post',
            `${mailboxPath}/events/${encodeURIComponent(ref.eventId)}/cancel`,
            { Comment: comment },
            'the event cancellation',
            null,
          );
        } catch (err) {
          if (err instanceof ProviderError && err.details.status === 404) return;
          throw err;
        }
      });
    },

    async freeBusy(emails, from, to) {
      const results = new Map<string, FreeBusy>();
      const inside: string[] = [];
      for (const email of emails) {
        const domain = email.split('@')[1]?.toLowerCase() ?? '';
        if (tenantDomains.has(domain)) inside.push(email);
        else
          results.set(email.toLowerCase(), {
            email,
            availability: 'unknown',
            busy: [],
            reason: 'outside the tenant: calendar not visible',
          });
      }
      for (let i = 0; i < inside.length; i += SCHEDULE_BATCH) {
        const batch = inside.slice(i, i + SCHEDULE_BATCH);
        const answer = await withInlineRetry(lostAnswerRetry, () =>
          send(
            'post',
            `${mailboxPath}/calendar/getSchedule`,
            {
              schedules: batch,
              startTime: { dateTime: from.replace(/Z$/, ''), timeZone: 'UTC' },
              endTime: { dateTime: to.replace(/Z$/, ''), timeZone: 'UTC' },
              availabilityViewInterval: 15,
            },
            'the free/busy query',
            scheduleAnswer,
            { prefer: 'outlook.timezone="UTC"' },
          ),
        );
        for (const info of (answer?.value ?? []) as ScheduleInformation[]) {
          const email = batch.find((e) => e.toLowerCase() === info.scheduleId?.toLowerCase());
          if (!email) continue;
          if (info.error) {
            results.set(email.toLowerCase(), {
              email,
              availability: 'unknown',
              busy: [],
              reason: info.error.message ?? info.error.responseCode ?? 'free/busy unavailable',
            });
            continue;
          }
          results.set(email.toLowerCase(), {
            email,
            availability: 'known',
            busy: (info.scheduleItems ?? [])
              .filter((s) => s.status && s.status !== 'free' && s.start?.dateTime && s.end?.dateTime)
              .map((s) => ({
                start: utcInstant(s.start?.dateTime ?? ''),
                end: utcInstant(s.end?.dateTime ?? ''),
                status: s.status as FreeBusy['busy'][number]['status'],
              })),
          });
        }
      }
      return emails.map(
        (email) =>
          results.get(email.toLowerCase()) ?? {
            email,
            availability: 'unknown' as const,
            busy: [],
            reason: 'no answer for this address',
          },
      );
    },
  };
}
