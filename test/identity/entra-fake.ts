import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';

/** Tenant ids used by the tests: the home tenant, a partner tenant that is allowed, and a foreign one. */
export const HOME_TENANT = '11111111-1111-4111-8111-111111111111';
export const PARTNER_TENANT = '22222222-2222-4222-8222-222222222222';
export const FOREIGN_TENANT = '99999999-9999-4999-8999-999999999999';
export const CLIENT_ID = '33333333-3333-4333-8333-333333333333';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function newSigningKey(kid: string = randomUUID()): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

/**
 * A loopback stand-in for Entra ID's key discovery: `GET /<tenant>/discovery/v2.0/keys` answers the
 * published JWKS, like https://login.microsoftonline.com/<tenant>/discovery/v2.0/keys. Keys can be
 * published and withdrawn to simulate rotation; fetches are counted.
 */
export async function startEntraFake() {
  let published: SigningKey[] = [];
  let fetches = 0;
  let failing = false;
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET' && /^\/[0-9a-f-]{36}\/discovery\/v2\.0\/keys$/.test(req.url ?? '')) {
      fetches++;
      if (failing) {
        res.writeHead(503).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: published.map((k) => k.publicJwk) }));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const authority = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    authority,
    jwksUri: `${authority}/${HOME_TENANT}/discovery/v2.0/keys`,
    get fetches() {
      return fetches;
    },
    publish(...keys: SigningKey[]) {
      published = keys;
    },
    /** Makes the key endpoint answer 503 (Entra ID unreachable). */
    fail(value: boolean) {
      failing = value;
    },
    /** The configuration the API would load from ENTRA_* variables for this fake. */
    entraConfig(allowedTenants = [HOME_TENANT, PARTNER_TENANT]) {
      return {
        tenantId: HOME_TENANT,
        clientId: CLIENT_ID,
        audiences: [`api://${CLIENT_ID}`, CLIENT_ID],
        allowedTenants,
        authority,
        jwksUri: `${authority}/${HOME_TENANT}/discovery/v2.0/keys`,
      };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type EntraFake = Awaited<ReturnType<typeof startEntraFake>>;

export interface TokenOptions {
  key: SigningKey;
  authority: string;
  tenant?: string;
  /** Issuer tenant when it should differ from `tid` (forgery attempts). */
  issuerTenant?: string;
  audience?: string;
  roles?: string[];
  email?: string;
  scp?: string | null;
  name?: string;
  oid?: string;
  /** Seconds relative to now. */
  expiresIn?: number;
  notBeforeIn?: number;
  /** Override the header's kid (unknown kid tests). */
  kid?: string;
}

/** Signs an access token shaped like Entra ID's v2 tokens. */
export function mintToken(o: TokenOptions): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const tenant = o.tenant ?? HOME_TENANT;
  const claims: Record<string, unknown> = {
    tid: tenant,
    oid: o.oid ?? randomUUID(),
    roles: o.roles ?? [],
    name: o.name ?? 'Test User',
    ver: '2.0',
  };
  if (o.scp !== null) claims.scp = o.scp ?? 'access_as_user';
  if (o.email) claims.preferred_username = o.email;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: o.kid ?? o.key.kid })
    .setIssuer(`${o.authority}/${o.issuerTenant ?? tenant}/v2.0`)
    .setAudience(o.audience ?? `api://${CLIENT_ID}`)
    .setSubject(randomUUID())
    .setIssuedAt(now - 60)
    .setNotBefore(now + (o.notBeforeIn ?? -60))
    .setExpirationTime(now + (o.expiresIn ?? 3600))
    .sign(o.key.privateKey);
}
