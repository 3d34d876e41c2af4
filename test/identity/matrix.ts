import type { App } from '@cmss/api';
import { createApiKeysRepository } from '@cmss/db';
import {
  type EntraFake,
  FOREIGN_TENANT,
  mintToken,
  type SigningKey,
  type TokenOptions,
} from './entra-fake.js';
import { addClinician, addRequest } from './fixtures.js';

/**
 * The authorization matrix, generated from the OpenAPI document: every operation the API publishes ×
 * every kind of caller → the status the operation's declared rule (`x-access`, `x-owner-scoped`) implies.
 * A route added tomorrow is covered without touching this file; a route without a rule fails the test.
 */

// biome-ignore lint/suspicious/noExplicitAny: OpenAPI documents are untyped JSON here
export type Schema = Record<string, any>;
type Role = 'admin' | 'helpdesk' | 'clinician';
type Access = 'public' | { roles: Role[] };
export interface Operation {
  method: string;
  path: string;
  access: Access | undefined;
  ownerScoped: 'request' | 'clinician' | undefined;
  op: Schema;
}

export const COLUMNS = [
  'anonymous',
  'expired token',
  'wrong audience',
  'wrong tenant',
  'revoked key',
  'other clinician',
  'clinician',
  'helpdesk',
  'admin',
] as const;
export type Column = (typeof COLUMNS)[number];

/** What a cell must show: refused (401/403), hidden (404: another clinician's record), or let through. */
type Expectation = 401 | 403 | 404 | 'allowed' | 'owner';

export function operations(doc: Schema): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries<Schema>(doc.paths ?? {})) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      const op = item[method];
      if (!op) continue;
      ops.push({ method, path, access: op['x-access'], ownerScoped: op['x-owner-scoped'], op });
    }
  }
  return ops;
}

/** Operations published without an access rule: the matrix cannot say who may call them. */
export const withoutRule = (doc: Schema) =>
  operations(doc)
    .filter((o) => o.access === undefined)
    .map((o) => `${o.method.toUpperCase()} ${o.path}`);

export function expectation(o: Operation, column: Column): Expectation {
  const access = o.access!;
  if (access === 'public') return 'allowed';
  if (!['clinician', 'other clinician', 'helpdesk', 'admin'].includes(column)) return 401;
  const role: Role = column === 'other clinician' ? 'clinician' : (column as Role);
  if (!access.roles.includes(role)) return 403;
  if (o.ownerScoped && /\{/.test(o.path) && role === 'clinician') {
    return column === 'other clinician' ? 404 : 'owner';
  }
  return 'allowed';
}

// ---------------------------------------------------------------- request synthesis from the schemas
const resolve = (doc: Schema, s: Schema | undefined): Schema | undefined =>
  s?.$ref
    ? resolve(
        doc,
        s.$ref
          .split('/')
          .slice(1)
          .reduce((n: Schema, k: string) => n?.[k], doc),
      )
    : s;

/** A plausible value for a JSON schema: its example, default or enum, else the simplest valid shape. */
export function sample(doc: Schema, raw: Schema | undefined, depth = 0): unknown {
  const s = resolve(doc, raw);
  if (!s || depth > 8) return undefined;
  if (Array.isArray(s.examples) && s.examples.length) return s.examples[0];
  if (s.example !== undefined) return s.example;
  if (s.const !== undefined) return s.const;
  if (s.default !== undefined) return s.default;
  if (Array.isArray(s.enum)) return s.enum[0];
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) {
    const first = alternatives.find((a: Schema) => resolve(doc, a)?.type !== 'null') ?? alternatives[0];
    return sample(doc, first, depth + 1);
  }
  if (s.allOf) return Object.assign({}, ...s.allOf.map((p: Schema) => sample(doc, p, depth + 1)));
  const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== 'null') : s.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const name of s.required ?? []) out[name] = sample(doc, s.properties?.[name], depth + 1);
      return out;
    }
    case 'array':
      return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => sample(doc, s.items, depth + 1));
    case 'integer':
    case 'number':
      return s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1);
    case 'boolean':
      return false;
    case 'string':
      switch (s.format) {
        case 'email':
          return 'matrix@hospital.example';
        case 'date-time':
          return new Date(Date.now() + 7 * 86_400_000).toISOString();
        case 'date':
          return new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
        case 'uuid':
          return crypto.randomUUID();
        case 'uri':
          return 'https://example.org/';
        default:
          return 'x'.repeat(Math.max(1, s.minLength ?? 1));
      }
    default:
      return undefined;
  }
}

function buildRequest(doc: Schema, o: Operation, pathId: number) {
  const url = o.path.replace(/\{[^}]+\}/g, String(pathId));
  const query = new URLSearchParams();
  const headers: Record<string, string> = {};
  for (const p of (o.op.parameters ?? []).map((x: Schema) => resolve(doc, x))) {
    if (!p?.required || p.in === 'path') continue;
    const value = sample(doc, p.schema);
    if (p.in === 'query') query.set(p.name, String(value));
    if (p.in === 'header')
      headers[p.name] = p.name.toLowerCase() === 'idempotency-key' ? crypto.randomUUID() : String(value);
  }
  const content = o.op.requestBody?.content ?? {};
  const json = content['application/json'];
  const body = json ? sample(doc, json.schema) : undefined;
  return { url: query.size ? `${url}?${query}` : url, headers, body };
}

/** Stack frames, SQLite error codes, SQL statements or file paths of the server in a response body. */
const LEAK = /\n\s+at \S+ \(|SQLITE_[A-Z]|\bSELECT\b.+\bFROM\b|\/work\/|node_modules/;

export interface MatrixContext {
  app: App;
  doc: Schema;
  fake: EntraFake;
  key: SigningKey;
}

/**
 * Sends every operation's request as every column's caller and compares with `expectation`. Returns a
 * printable table, the failing cells, and the cells that could not be decided (body did not validate).
 */
export async function runMatrix({ app, doc, fake, key }: MatrixContext, only?: (o: Operation) => boolean) {
  const keys = createApiKeysRepository(app.database.db);
  const rows: string[] = [];
  const failures: string[] = [];
  const inconclusive: string[] = [];

  for (const o of operations(doc).filter(only ?? (() => true))) {
    // Fresh fixtures per route: a destructive call on one route cannot change the next one's answers.
    const a = addClinician(app, { givenName: 'Owner' });
    const b = addClinician(app, { givenName: 'Other' });
    const ownRequest = addRequest(app, a.id);
    const pathId = o.ownerScoped === 'request' ? ownRequest.id : a.id;
    const entra = (roles: string[], extra: Partial<TokenOptions> = {}) =>
      mintToken({ key, authority: fake.authority, roles, ...extra });
    const revoked = keys.create({ name: 'matrix revoked', role: 'admin', createdBy: 'test' });
    keys.revoke(revoked.record.id);
    const tokens: Record<Column, string | null> = {
      anonymous: null,
      'expired token': await entra(['Admin'], { expiresIn: -600 }),
      'wrong audience': await entra(['Admin'], { audience: 'api://another-app' }),
      'wrong tenant': await entra(['Admin'], { tenant: FOREIGN_TENANT }),
      'revoked key': revoked.key,
      'other clinician': await entra(['Clinician'], { email: b.email }),
      clinician: await entra(['Clinician'], { email: a.email }),
      helpdesk: await entra(['Helpdesk'], { email: 'agent@helpdesk.example' }),
      admin: await entra(['Admin'], { email: 'admin@helpdesk.example' }),
    };

    const cells: string[] = [];
    for (const column of COLUMNS) {
      const req = buildRequest(doc, o, pathId);
      const token = tokens[column];
      const res = await app.inject({
        method: o.method.toUpperCase() as 'GET',
        url: req.url,
        headers: { ...req.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
        ...(req.body !== undefined ? { payload: req.body as object } : {}),
      });
      const code = String(res.headers['content-type'] ?? '').includes('json')
        ? res.json()?.error?.code
        : undefined;
      const want = expectation(o, column);
      const where = `${o.method.toUpperCase()} ${o.path} × ${column}: got ${res.statusCode}${code ? ` ${code}` : ''}`;
      // The auth layer's refusal names the roles; a handler's own 403 (a business rule) does not.
      const roleRefusal = res.statusCode === 403 && Array.isArray(res.json()?.error?.details?.requiredRoles);
      let ok: boolean;
      if (want === 'allowed' || want === 'owner') {
        ok = ![401, 429].includes(res.statusCode) && !roleRefusal && res.statusCode < 500;
        // The owner must see their own record (sub-resources such as a booking may not exist yet).
        if (want === 'owner' && o.method === 'get' && /\}$/.test(o.path)) ok &&= res.statusCode !== 404;
      } else if (want === 404 && res.statusCode === 400 && code === 'validation_failed') {
        // The synthesized body did not validate, so the handler (and its ownership check) never ran.
        ok = true;
        inconclusive.push(where);
      } else {
        ok = res.statusCode === want && (want !== 403 || roleRefusal);
      }
      if (!ok) failures.push(`${where}, expected ${want}`);
      // Whatever the answer, it never carries internals.
      if (LEAK.test(res.body)) {
        ok = false;
        failures.push(`${where}: the response carries a stack trace, SQL or a server path`);
      }
      cells.push(`${ok ? '' : '!'}${res.statusCode}`.padStart(8));
    }
    const rule = o.access === 'public' ? 'public' : (o.access?.roles.join('+') ?? 'NONE');
    const owner = o.ownerScoped ? ` own:${o.ownerScoped}` : '';
    rows.push(
      `${`${o.method.toUpperCase()} ${o.path}`.padEnd(52)} ${`${rule}${owner}`.padEnd(34)}${cells.join('')}`,
    );
  }

  const header = `${'operation'.padEnd(52)} ${'rule'.padEnd(34)}${['anon', 'expired', 'aud', 'tenant', 'revoked', 'other', 'clinic', 'helpd', 'admin'].map((c) => c.padStart(8)).join('')}`;
  const table = `${header}\n${rows.join('\n')}`;
  return { table, rows, failures, inconclusive };
}
