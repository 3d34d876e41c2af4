import type {
  Booking,
  Clinician,
  ConferenceRequest,
  Hospital,
  ParseRequestInput,
  ParseRequestResult,
  RequestInput,
  RequestStatus,
} from '@cmss/shared';
import type { EntraSettings } from '../hosts/types.js';

/** The API's uniform error body, turned into an exception the views can show. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly requestId?: string,
  ) {
    super(message);
  }
}

export interface FacetValue {
  value: string;
  label: string;
  count: number;
}
export type Facets = Partial<Record<'country' | 'hospital' | 'specialty' | 'language', FacetValue[]>>;

export interface SearchResult<T> {
  items: T[];
  nextCursor: string | null;
  facets: Facets;
}

/** A suggested slot: everyone inside working hours, a host account free. */
export interface Slot {
  start: string;
  end: string;
  freeHosts?: number;
  inProposedWindow?: boolean;
  localTimes?: { timeZone: string; start: string; end: string; participants: number }[];
}

export interface AuthSettings {
  mode: 'entra' | 'local' | 'api_key';
  entra: EntraSettings | null;
}
export interface LocalUser {
  id: string;
  role: 'admin' | 'helpdesk' | 'clinician';
  displayName: string;
  clinicianId: number | null;
  detail: string | null;
}
export interface LocalSession {
  accessToken: string;
  expiresAt: string;
  user: LocalUser;
}
export interface Me {
  subject: string;
  role: 'admin' | 'helpdesk' | 'clinician';
  clinicianId: number | null;
  displayName: string;
  method: string;
}

export interface DirectoryQuery {
  q: string;
  country?: string;
  hospital?: string;
  specialty?: string;
  language?: string;
  limit?: number;
  /** Ask for facet counts (country, hospital, specialty, language) over all matches. */
  facets?: boolean;
}

/** Facets arrive as `{country: [{value,count}]}` or `{country: {PL: 3}}`: both become FacetValue[]. */
export function normaliseFacets(raw: unknown): Facets {
  const out: Facets = {};
  if (!raw || typeof raw !== 'object') return out;
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const name = key.replace(/(Code|Id|ies|s)$/, (m) => (m === 'ies' ? 'y' : '')) as keyof Facets;
    if (!['country', 'hospital', 'specialty', 'language'].includes(name)) continue;
    const list = Array.isArray(value)
      ? value.map((v: Record<string, unknown>) => ({
          value: String(v.value ?? v.id ?? v.code ?? v.key ?? ''),
          label: String(v.label ?? v.name ?? v.value ?? v.id ?? v.code ?? ''),
          count: Number(v.count ?? 0),
        }))
      : Object.entries((value ?? {}) as Record<string, number>).map(([k, count]) => ({
          value: k,
          label: k,
          count: Number(count),
        }));
    out[name] = list.filter((f) => f.value !== '');
  }
  return out;
}

export type TokenSource = () => Promise<string | null>;

/** A thin fetch wrapper: bearer token, JSON in and out, request ids, uniform errors. */
export function createApi(token: TokenSource, baseUrl = '') {
  async function request<T>(method: string, path: string, body?: unknown, extra?: HeadersInit): Promise<T> {
    const headers = new Headers(extra);
    headers.set('accept', 'application/json');
    headers.set('x-request-id', crypto.randomUUID());
    const bearer = await token();
    if (bearer) headers.set('authorization', `Bearer ${bearer}`);
    if (body !== undefined) headers.set('content-type', 'application/json');
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch {
      throw new ApiError(0, 'network', 'The helpdesk server cannot be reached. Check your connection.');
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    const json = text ? safeJson(text) : undefined;
    if (!response.ok) {
      const err = (json as { error?: Record<string, unknown> } | undefined)?.error;
      throw new ApiError(
        response.status,
        String(err?.code ?? `http_${response.status}`),
        String(err?.message ?? response.statusText ?? 'Request failed'),
        err?.details,
        err?.requestId as string | undefined,
      );
    }
    return json as T;
  }

  const qs = (params: Record<string, string | number | readonly string[] | undefined>) => {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) {
      if (Array.isArray(v)) for (const item of v) search.append(k, item);
      else if (v !== undefined && v !== '') search.set(k, String(v));
    }
    const s = search.toString();
    return s ? `?${s}` : '';
  };

  return {
    authSettings: () => request<AuthSettings>('GET', '/api/v1/auth/settings'),
    localUsers: () => request<{ items: LocalUser[] }>('GET', '/api/v1/auth/local/users'),
    localSignIn: (userId: string) => request<LocalSession>('POST', '/api/v1/auth/local/sign-in', { userId }),
    me: () => request<Me>('GET', '/api/v1/me'),

    async searchClinicians(query: DirectoryQuery): Promise<SearchResult<Clinician>> {
      const r = await request<{ items: Clinician[]; nextCursor?: string | null; facets?: unknown }>(
        'GET',
        `/api/v1/clinicians${qs({
          q: query.q,
          country: query.country,
          hospitalId: query.hospital,
          specialty: query.specialty,
          language: query.language,
          facets: query.facets ? 'true' : undefined,
          limit: query.limit ?? 25,
        })}`,
      );
      return { items: r.items, nextCursor: r.nextCursor ?? null, facets: normaliseFacets(r.facets) };
    },
    async searchHospitals(query: DirectoryQuery): Promise<SearchResult<Hospital>> {
      const r = await request<{ items: Hospital[]; nextCursor?: string | null; facets?: unknown }>(
        'GET',
        `/api/v1/hospitals${qs({ q: query.q, country: query.country, limit: query.limit ?? 10 })}`,
      );
      return { items: r.items, nextCursor: r.nextCursor ?? null, facets: normaliseFacets(r.facets) };
    },
    clinician: (id: number) => request<Clinician>('GET', `/api/v1/clinicians/${id}`),

    parseRequest: (input: ParseRequestInput) =>
      request<ParseRequestResult>('POST', '/api/v1/requests/parse', input),
    createRequest: (input: RequestInput, idempotencyKey?: string) =>
      request<ConferenceRequest>(
        'POST',
        '/api/v1/requests',
        input,
        idempotencyKey ? { 'idempotency-key': idempotencyKey } : undefined,
      ),
    listRequests: (status?: RequestStatus[]) =>
      request<{ items: ConferenceRequest[]; nextCursor?: string | null }>(
        'GET',
        `/api/v1/requests${qs({ status, limit: 100 })}`,
      ),
    getRequest: (id: number) => request<ConferenceRequest>('GET', `/api/v1/requests/${id}`),
    suggestions: (id: number, from?: string, to?: string) =>
      request<{ items: Slot[] }>('GET', `/api/v1/requests/${id}/suggestions${qs({ from, to, limit: 8 })}`),
    getBooking: (id: number) => request<Booking>('GET', `/api/v1/requests/${id}/booking`),
    book: (id: number, body: { start: string; end: string; timeZone: string }) =>
      request<Booking>('POST', `/api/v1/requests/${id}/booking`, body, {
        'idempotency-key': `book-${id}-${body.start}-${body.end}`,
      }),
    reschedule: (id: number, body: { start: string; end: string; timeZone: string }) =>
      request<Booking>('PATCH', `/api/v1/requests/${id}/booking`, body),
    cancelBooking: (id: number, reason?: string) =>
      request<{ request: ConferenceRequest; bookings: Booking[] }>(
        'DELETE',
        `/api/v1/requests/${id}/booking${qs({ reason })}`,
      ),
  };
}

export type Api = ReturnType<typeof createApi>;

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
