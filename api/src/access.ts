/**
 * Who may call a route is part of the route's definition: every route sets `config.access`.
 * A route registered without one makes the app fail to start (see plugins/app/access.ts), so a new
 * route can never be left unprotected by accident.
 */
export const ROLES = ['admin', 'helpdesk', 'clinician'] as const;
export type Role = (typeof ROLES)[number];

/** 'public' needs no sign-in; otherwise the caller's role must be listed. Ownership checks live in handlers. */
export type Access = 'public' | { roles: readonly Role[] };

export const ANY_SIGNED_IN: Access = { roles: ROLES };
export const STAFF: Access = { roles: ['admin', 'helpdesk'] };
export const ADMIN_ONLY: Access = { roles: ['admin'] };

export interface Principal {
  /** Stable identifier for audit rows, e.g. `apikey:3`, `entra:<oid>`, `local:helpdesk`. */
  subject: string;
  role: Role;
  /** The directory entry of a clinician caller; null for staff without one. */
  clinicianId: number | null;
  displayName: string;
  method: 'api_key' | 'entra' | 'local';
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /**
     * The route's path ids name a record owned by a clinician and its handler checks ownership for
     * clinician callers: another clinician's id answers 404 (not 403, which would confirm it exists).
     * `'request'`: a conference request's id (its requester owns it); `'clinician'`: the clinician's own
     * directory id. Published as `x-owner-scoped` in the OpenAPI document; the authorization matrix test
     * (test/identity/matrix.test.ts) then checks that another clinician gets 404.
     */
    ownerScoped?: 'request' | 'clinician';
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}
