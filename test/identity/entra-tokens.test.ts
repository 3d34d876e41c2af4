import { createEntraVerifier, entraPrincipal } from '@cmss/api';
import { base64url, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLIENT_ID,
  type EntraFake,
  FOREIGN_TENANT,
  HOME_TENANT,
  mintToken,
  newSigningKey,
  PARTNER_TENANT,
  type SigningKey,
  startEntraFake,
} from './entra-fake.js';
import { addClinician, buildEntraApp } from './fixtures.js';

let fake: EntraFake;
let k1: SigningKey;
let k2: SigningKey;
beforeAll(async () => {
  fake = await startEntraFake();
  [k1, k2] = await Promise.all([newSigningKey('key-1'), newSigningKey('key-2')]);
});
afterAll(() => fake.close());

/** A verifier with no refetch cooldown, so that every unknown kid goes back to the key endpoint. */
const verifier = (cooldownDuration = 0) => createEntraVerifier(fake.entraConfig(), { cooldownDuration });
const token = (o: Partial<Parameters<typeof mintToken>[0]> = {}) =>
  mintToken({ key: k1, authority: fake.authority, roles: ['Helpdesk'], ...o });

async function rejection(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error as { statusCode: number; code: string; message: string };
  }
  throw new Error('expected the token to be refused');
}

describe('Entra ID access tokens', () => {
  it('accepts a well-formed token of the home tenant and of an allowed partner tenant', async () => {
    fake.publish(k1);
    const verify = verifier();
    expect((await verify(await token())).tid).toBe(HOME_TENANT);
    expect((await verify(await token({ tenant: PARTNER_TENANT }))).tid).toBe(PARTNER_TENANT);
    // Both audience forms Entra uses: the Application ID URI and the bare client id.
    expect((await verify(await token({ audience: CLIENT_ID }))).aud).toBe(CLIENT_ID);
  });

  it('caches the key set: many tokens, one fetch', async () => {
    fake.publish(k1);
    const verify = verifier(30_000);
    const before = fake.fetches;
    for (let i = 0; i < 5; i++) await verify(await token());
    expect(fake.fetches - before).toBe(1);
  });

  it('follows key rotation: an unknown kid refetches the key set, withdrawn keys stop working', async () => {
    fake.publish(k1);
    const verify = verifier();
    await verify(await token());
    const fetched = fake.fetches;
    // Entra publishes the new key and starts signing with it; the old one is withdrawn.
    fake.publish(k2);
    await expect(verify(await token({ key: k2 }))).resolves.toMatchObject({ tid: HOME_TENANT });
    expect(fake.fetches).toBe(fetched + 1);
    const old = await rejection(verify(await token({ key: k1 })));
    expect(old).toMatchObject({ statusCode: 401, code: 'invalid_token' });
  });

  it('refuses a token whose kid is not published, after looking once, and does not let it hammer Entra', async () => {
    fake.publish(k1);
    const verify = verifier(300);
    await verify(await token());
    const stranger = await newSigningKey('not-published');
    // Past the cooldown, an unknown kid makes the verifier look for a newly published key.
    await new Promise((resolve) => setTimeout(resolve, 350));
    const before = fake.fetches;
    for (let i = 0; i < 5; i++) {
      const error = await rejection(verify(await token({ key: stranger })));
      expect(error).toMatchObject({ statusCode: 401, code: 'invalid_token' });
      expect(error.message).toMatch(/unknown key/);
    }
    // One refetch for the first unknown kid; the cooldown that follows absorbs the rest.
    expect(fake.fetches - before).toBe(1);
  });

  it('refuses alg "none", HS256 signed with the public key, and a tampered payload', async () => {
    fake.publish(k1);
    const verify = verifier();
    const good = await token({ roles: ['Clinician'] });
    const [header, payload, signature] = good.split('.') as [string, string, string];

    const none = `${base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${payload}.`;
    expect(await rejection(verify(none))).toMatchObject({ statusCode: 401 });

    const confused = await new SignJWT(JSON.parse(new TextDecoder().decode(base64url.decode(payload))))
      .setProtectedHeader({ alg: 'HS256', kid: k1.kid })
      .sign(new TextEncoder().encode(JSON.stringify(k1.publicJwk)));
    expect(await rejection(verify(confused))).toMatchObject({ statusCode: 401 });

    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload)));
    const elevated = base64url.encode(JSON.stringify({ ...claims, roles: ['Admin'] }));
    const tampered = await rejection(verify(`${header}.${elevated}.${signature}`));
    expect(tampered).toMatchObject({ statusCode: 401, code: 'invalid_token' });
    expect(tampered.message).toMatch(/signature/);
  });

  it('enforces exp and nbf with a small clock skew', async () => {
    fake.publish(k1);
    const verify = verifier();
    expect(await rejection(verify(await token({ expiresIn: -120 })))).toMatchObject({
      statusCode: 401,
      code: 'token_expired',
    });
    const early = await rejection(verify(await token({ notBeforeIn: 300 })));
    expect(early).toMatchObject({ statusCode: 401, code: 'invalid_token' });
    expect(early.message).toMatch(/not valid yet/);
    // Within the 60 s skew both are accepted.
    await expect(verify(await token({ expiresIn: -30 }))).resolves.toBeDefined();
    await expect(verify(await token({ notBeforeIn: 30 }))).resolves.toBeDefined();
  });

  it('refuses the wrong issuer, audience, tenant and scope', async () => {
    fake.publish(k1);
    const verify = verifier();
    const cases = {
      audience: await token({ audience: 'api://someone-else' }),
      issuer: await mintToken({ key: k1, authority: 'https://login.evil.example', roles: ['Admin'] }),
      foreignTenant: await token({ tenant: FOREIGN_TENANT }),
      // tid says an allowed tenant, the issuer names another one: a forged or confused token.
      tidIssuerMismatch: await token({ tenant: HOME_TENANT, issuerTenant: FOREIGN_TENANT }),
      scope: await token({ scp: 'User.Read' }),
    };
    for (const [name, t] of Object.entries(cases)) {
      const error = await rejection(verify(t));
      expect({ name, status: error.statusCode }).toEqual({ name, status: 401 });
    }
    expect((await rejection(verify(cases.audience))).message).toMatch(/audience/);
    expect((await rejection(verify(cases.scope))).message).toMatch(/access_as_user/);
  });

  it('answers 503, not 401, when the key endpoint is down', async () => {
    fake.publish(k1);
    fake.fail(true);
    try {
      const error = await rejection(verifier()(await token()));
      expect(error).toMatchObject({ statusCode: 503, code: 'identity_provider_unavailable' });
    } finally {
      fake.fail(false);
    }
  });
});

describe('roles and the directory', () => {
  const find = (email: string) =>
    email === 'ana@hospital.example' ? { id: 7, status: 'active', displayName: 'Dr Ana' } : undefined;
  const claims = (over: Record<string, unknown>) => ({
    tid: HOME_TENANT,
    oid: 'o1',
    scp: 'access_as_user',
    ...over,
  });

  it('maps app roles to CMSS roles, the most capable one winning', () => {
    expect(entraPrincipal(claims({ roles: ['Helpdesk'] }), find).role).toBe('helpdesk');
    expect(entraPrincipal(claims({ roles: ['Clinician', 'Admin'] }), find).role).toBe('admin');
    expect(() => entraPrincipal(claims({ roles: ['Reader'] }), find)).toThrow(/no CMSS role/);
  });

  it('matches a clinician by e-mail, preferred_username or UPN, and refuses a clinician outside the directory', () => {
    expect(
      entraPrincipal(claims({ roles: ['Clinician'], upn: 'ANA@hospital.example'.toLowerCase() }), find),
    ).toMatchObject({
      role: 'clinician',
      clinicianId: 7,
    });
    expect(() =>
      entraPrincipal(claims({ roles: ['Clinician'], preferred_username: 'x@y.example' }), find),
    ).toThrow(/not an active entry/);
  });
});

describe('Entra ID through the API', () => {
  it('signs in a clinician found by e-mail, staff without an entry, and refuses tokens without a role', {
    timeout: 60_000,
  }, async () => {
    fake.publish(k1);
    const { app } = await buildEntraApp(fake);
    try {
      const ana = addClinician(app, { email: 'Ana.Teste@Hospital.example' });
      const me = (t: string) => app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${t}` } });

      const asAna = await me(
        await token({ roles: ['Clinician'], email: 'ana.teste@hospital.example', name: 'Ana Teste' }),
      );
      expect(asAna.statusCode).toBe(200);
      expect(asAna.json()).toMatchObject({
        role: 'clinician',
        clinicianId: ana.id,
        method: 'entra',
        displayName: 'Ana Teste',
      });

      const staff = await me(await token({ roles: ['Helpdesk'], email: 'agent@helpdesk.example' }));
      expect(staff.json()).toMatchObject({ role: 'helpdesk', clinicianId: null });

      const noRole = await me(await token({ roles: [] }));
      expect(noRole.statusCode).toBe(403);
      expect(noRole.json().error.code).toBe('no_role');

      const stranger = await me(await token({ roles: ['Clinician'], email: 'nobody@hospital.example' }));
      expect(stranger.statusCode).toBe(403);
      expect(stranger.json().error.code).toBe('not_in_directory');

      const expired = await me(await token({ expiresIn: -600 }));
      expect(expired.statusCode).toBe(401);
      expect(expired.headers['www-authenticate']).toMatch(/invalid_token/);
      expect(expired.json().error).toMatchObject({ code: 'token_expired', requestId: expect.any(String) });

      // Local sign-in is off as soon as Entra ID is configured.
      const local = await app.inject('/api/v1/auth/local/users');
      expect(local.statusCode).toBe(404);
      expect(local.json().error.code).toBe('local_sign_in_disabled');
      const settings = (await app.inject('/api/v1/auth/settings')).json();
      expect(settings).toMatchObject({
        mode: 'entra',
        entra: { scopes: [`api://${CLIENT_ID}/access_as_user`] },
      });
    } finally {
      await app.close();
    }
  });
});
