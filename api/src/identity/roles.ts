import type { Role } from '../access.js';

/**
 * App roles of the Entra ID app registration (Entra admin centre → App registrations → CMSS API →
 * App roles) and the CMSS role each one grants. The `value` column is what Entra puts in the access
 * token's `roles` claim; assign users or groups to them under Enterprise applications → CMSS API →
 * Users and groups. A caller holding several gets the most capable one.
 */
export const ENTRA_APP_ROLES = {
  Admin: 'admin',
  Helpdesk: 'helpdesk',
  Clinician: 'clinician',
} as const satisfies Record<string, Role>;

/** The delegated scope the add-in requests: `api://<client id>/access_as_user`. */
export const ENTRA_SCOPE = 'access_as_user';

const RANK: Record<Role, number> = { admin: 3, helpdesk: 2, clinician: 1 };

/** The most capable CMSS role among a token's `roles` claim values; null when none is ours. */
export function roleFromAppRoles(values: unknown): Role | null {
  if (!Array.isArray(values)) return null;
  let best: Role | null = null;
  for (const value of values) {
    const role = ENTRA_APP_ROLES[value as keyof typeof ENTRA_APP_ROLES] as Role | undefined;
    if (role && (!best || RANK[role] > RANK[best])) best = role;
  }
  return best;
}
