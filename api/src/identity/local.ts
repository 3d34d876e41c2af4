import { randomBytes } from 'node:crypto';
import { decodeJwt, errors, jwtVerify, SignJWT } from 'jose';
import { ROLES, type Role } from '../access.js';
import { AppError } from '../errors.js';

export const LOCAL_ISSUER = 'urn:cmss:local-sign-in';
const AUDIENCE = 'urn:cmss:api';

export interface LocalUser {
  /** What the sign-in form sends back: `admin`, `helpdesk` or `clinician:<directory id>`. */
  id: string;
  role: Role;
  displayName: string;
  clinicianId: number | null;
  /** For clinicians: their hospital and country, so the picker can tell them apart. */
  detail: string | null;
}

/** True when a bearer token claims to come from the local sign-in (not yet verified). */
export function isLocalToken(token: string): boolean {
  try {
    return decodeJwt(token).iss === LOCAL_ISSUER;
  } catch {
    return false;
  }
}

/**
 * Short-lived HS256 tokens for the embedded (loopback, demo) sign-in. The key is random per process:
 * a restart signs everyone out, and nothing on disk can forge a token.
 */
export function createLocalTokens(ttlMinutes: number) {
  const secret = randomBytes(32);

  return {
    async issue(user: LocalUser): Promise<{ token: string; expiresAt: string }> {
      const exp = Math.floor(Date.now() / 1000) + ttlMinutes * 60;
      const token = await new SignJWT({ role: user.role, cid: user.clinicianId, name: user.displayName })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuer(LOCAL_ISSUER)
        .setAudience(AUDIENCE)
        .setSubject(user.id)
        .setIssuedAt()
        .setExpirationTime(exp)
        .sign(secret);
      return { token, expiresAt: new Date(exp * 1000).toISOString() };
    },

    async verify(
      token: string,
    ): Promise<{ userId: string; role: Role; clinicianId: number | null; name: string }> {
      try {
        const { payload } = await jwtVerify(token, secret, {
          algorithms: ['HS256'],
          issuer: LOCAL_ISSUER,
          audience: AUDIENCE,
          requiredClaims: ['exp', 'sub'],
        });
        const role = payload.role as Role;
        if (!ROLES.includes(role)) throw new Error('unknown role');
        return {
          userId: payload.sub!,
          role,
          clinicianId: typeof payload.cid === 'number' ? payload.cid : null,
          name: String(payload.name ?? payload.sub),
        };
      } catch (error) {
        if (error instanceof errors.JWTExpired) {
          throw new AppError(401, 'token_expired', 'The sign-in has expired: sign in again');
        }
        throw new AppError(
          401,
          'invalid_token',
          'The sign-in token is invalid (the server may have restarted): sign in again',
        );
      }
    },
  };
}

export type LocalTokens = ReturnType<typeof createLocalTokens>;
