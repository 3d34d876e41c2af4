import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify, type RemoteJWKSetOptions } from 'jose';
import type { Principal } from '../access.js';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import { ENTRA_SCOPE, roleFromAppRoles } from './roles.js';

export type EntraConfig = NonNullable<Config['identity']['entra']>;

/** Tolerated clock difference between Entra ID and this server for `exp` and `nbf`. */
export const CLOCK_SKEW_SECONDS = 60;

/** The claims of an Entra ID v2 access token that CMSS uses. */
export interface EntraClaims extends JWTPayload {
  tid: string;
  oid?: string;
  roles?: string[];
  scp?: string;
  name?: string;
  email?: string;
  preferred_username?: string;
  upn?: string;
  azp?: string;
  idtyp?: string;
}

const invalid = (message: string) => new AppError(401, 'invalid_token', message);

/** Turns jose's failures into what the caller should see: 401 for a bad token, 503 when Entra is unreachable. */
function classify(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof errors.JWTExpired)
    return new AppError(401, 'token_expired', 'The access token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    const what: Record<string, string> = {
      aud: 'The access token was not issued for this API (audience)',
      iss: 'The access token was issued by an issuer or tenant this API does not accept',
      nbf: 'The access token is not valid yet',
    };
    return invalid(what[error.claim] ?? `The access token's "${error.claim}" claim is invalid`);
  }
  // Checked before the outage case below: its message also mentions the JSON Web Key Set.
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return invalid('The access token is signed with an unknown key');
  }
  if (
    error instanceof errors.JWKSTimeout ||
    error instanceof errors.JWKSInvalid ||
    // fetch failed (connection refused, DNS), or the key endpoint answered something other than 200 + JSON
    error instanceof TypeError ||
    (error instanceof errors.JOSEError && /JSON Web Key Set HTTP response/.test(error.message))
  ) {
    return new AppError(
      503,
      'identity_provider_unavailable',
      'Entra ID signing keys could not be fetched; try again',
    );
  }
  if (error instanceof errors.JOSEAlgNotAllowed)
    return invalid('The access token uses a signing algorithm this API does not accept');
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return invalid('The access token signature is invalid');
  return invalid('The access token is malformed');
}

/**
 * Validates Entra ID v2 access tokens: RS256 signature against the tenant's JWKS (cached; a token with an
 * unknown `kid` refetches the set, at most once per cooldown, which is how key rotation is picked up),
 * issuer `<authority>/<tid>/v2.0` for an allowed tenant, audience, `exp`/`nbf` with a small clock skew,
 * and for delegated tokens the `access_as_user` scope.
 */
export function createEntraVerifier(config: EntraConfig, jwksOptions: RemoteJWKSetOptions = {}) {
  const jwks = createRemoteJWKSet(new URL(config.jwksUri), {
    cacheMaxAge: 6 * 60 * 60 * 1000,
    timeoutDuration: 5000,
    ...jwksOptions,
  });
  const issuers = config.allowedTenants.map((tid) => `${config.authority}/${tid}/v2.0`);

  return async function verify(token: string): Promise<EntraClaims> {
    try {
      const { payload } = await jwtVerify<EntraClaims>(token, jwks, {
        algorithms: ['RS256'],
        audience: config.audiences,
        issuer: issuers,
        clockTolerance: CLOCK_SKEW_SECONDS,
        requiredClaims: ['exp', 'iss', 'aud', 'tid'],
      });
      // The issuer names the tenant; `tid` must agree with it and be one we accept.
      if (
        typeof payload.tid !== 'string' ||
        !config.allowedTenants.includes(payload.tid.toLowerCase()) ||
        payload.iss !== `${config.authority}/${payload.tid}/v2.0`
      ) {
        throw invalid('The access token comes from a tenant this API does not accept');
      }
      if (payload.scp !== undefined && !String(payload.scp).split(' ').includes(ENTRA_SCOPE)) {
        throw invalid(`The access token lacks the ${ENTRA_SCOPE} scope`);
      }
      return payload;
    } catch (error) {
      throw classify(error);
    }
  };
}

export type EntraVerifier = ReturnType<typeof createEntraVerifier>;

/** The e-mail addresses a token may name its user by, in order of trust. */
export const tokenEmails = (claims: EntraClaims): string[] =>
  [claims.email, claims.preferred_username, claims.upn].filter(
    (v): v is string => typeof v === 'string' && v.includes('@'),
  );

/**
 * The principal for validated claims. Roles come only from the `roles` claim; a clinician must be
 * found in the directory by e-mail/UPN (their requests hang off that entry), staff may be.
 */
export function entraPrincipal(
  claims: EntraClaims,
  findClinician: (email: string) => { id: number; status: string; displayName: string } | undefined,
): Principal {
  const role = roleFromAppRoles(claims.roles);
  if (!role) {
    throw new AppError(
      403,
      'no_role',
      'Your account has no CMSS role: ask an administrator to assign you the Admin, Helpdesk or Clinician app role',
    );
  }
  // App-only (client-credentials) tokens carry no scope: they act as a service, never as a clinician.
  const app = claims.idtyp === 'app' || claims.scp === undefined;
  let clinician: ReturnType<typeof findClinician>;
  if (!app) {
    for (const email of tokenEmails(claims)) {
      clinician = findClinician(email);
      if (clinician) break;
    }
  }
  if (role === 'clinician' && clinician?.status !== 'active') {
    throw new AppError(
      403,
      'not_in_directory',
      'Your e-mail address is not an active entry of the clinician directory: ask the helpdesk to add you',
    );
  }
  const subjectId = claims.oid ?? claims.azp ?? claims.sub ?? 'unknown';
  return {
    subject: `entra:${claims.tid}:${subjectId}`,
    role,
    clinicianId: clinician?.id ?? null,
    displayName: claims.name ?? clinician?.displayName ?? tokenEmails(claims)[0] ?? subjectId,
    method: 'entra',
  };
}
