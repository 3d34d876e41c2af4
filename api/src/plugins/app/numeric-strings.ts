import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';
import { addRouteHook } from '../../route-hooks.js';

type Kind = 'integer' | 'number';
/** A numeric field: its name, its kind, and whether it is a repeated (array) parameter. */
type Field = [string, Kind, boolean];
type Part = { context: 'querystring' | 'params'; property: 'query' | 'params'; fields: Field[] };

const PARTS = [
  ['querystring', 'query'],
  ['params', 'params'],
] as const;

/** Plain decimal digits, an optional '-', no leading zeros, no "-0". */
const INTEGER = /^(0|-?[1-9][0-9]*)$/;
/** The same with an optional decimal fraction; no exponent, no spaces, no "0x", no "Infinity". */
const NUMBER = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;

/** Whether a parameter's schema wants an integer or a number (also as the items of a repeated parameter). */
function numericKind(schema: unknown): Kind | null {
  if (schema === null || typeof schema !== 'object') return null;
  const s = schema as { type?: unknown; items?: unknown; anyOf?: unknown[]; oneOf?: unknown[] };
  if (s.type === 'integer' || s.type === 'number') return s.type;
  if (s.type === 'array') return numericKind(s.items);
  // A union is checked only if every branch is numeric: a string branch makes any text legitimate.
  const branches = s.anyOf ?? s.oneOf;
  if (!Array.isArray(branches) || branches.length === 0) return null;
  const kinds = branches.map(numericKind);
  if (kinds.some((k) => k === null)) return null;
  return kinds.includes('number') ? 'number' : 'integer';
}

/** Why a raw query or path value is refused for a numeric field, or null if it is fine. */
function refusal(raw: unknown, kind: Kind): string | null {
  if (typeof raw !== 'string') return null;
  if (kind === 'integer') {
    if (INTEGER.test(raw)) {
      return raw.length < 16 || Number.isSafeInteger(Number(raw))
        ? null
        : `must be an integer between ${-Number.MAX_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}`;
    }
  } else if (NUMBER.test(raw)) {
    return Number.isFinite(Number(raw)) ? null : 'must be a finite number';
  }
  // "1e309", "Infinity": say what is wrong with the value rather than with its spelling.
  const value = Number(raw);
  if (value === Number.POSITIVE_INFINITY || value === Number.NEGATIVE_INFINITY)
    return 'must be a finite number';
  // "01" is decimal digits too: name what the canonical spelling leaves out.
  return kind === 'integer'
    ? 'must be an integer in plain decimal digits (no leading zero, plus sign, space, exponent or 0x)'
    : 'must be a number in plain decimal digits (no leading zero, plus sign, space, exponent or 0x)';
}

function validationError(context: string, path: string, message: string, kind: Kind) {
  return Object.assign(new Error(`${context}${path} ${message}`), {
    statusCode: 400,
    validation: [
      {
        instancePath: path,
        keyword: 'pattern',
        message,
        params: { pattern: (kind === 'integer' ? INTEGER : NUMBER).source },
      },
    ],
    validationContext: context,
  });
}

/**
 * Numbers in a query string or a path must be written as plain decimal digits. Ajv coerces with `+value`,
 * so `/clinicians/0x10` read clinician 16, `1e3` 1000, `%20%205%20` 5, `-0` 0, `9007199254740993` a
 * rounded neighbour and `1e309` Infinity (which then skips Ajv's integer, minimum and maximum checks).
 * The raw strings are checked before validation, only on routes whose query or path has numbers, by a
 * synchronous hook: it runs on every type-ahead search. JSON bodies are not coerced (app.ts): there Ajv
 * itself refuses a string, and a non-finite number (JSON.parse reads 1e309 as Infinity).
 */
export default fp(
  async (app) => {
    app.addHook('onRoute', (route) => {
      const schema = route.schema as Record<string, unknown> | undefined;
      if (!schema) return;
      const parts: Part[] = [];
      for (const [context, property] of PARTS) {
        const properties = (schema[context] as { properties?: Record<string, unknown> } | undefined)
          ?.properties;
        if (!properties) continue;
        const fields: Field[] = [];
        for (const [name, field] of Object.entries(properties)) {
          const kind = numericKind(field);
          if (kind) fields.push([name, kind, (field as { type?: unknown }).type === 'array']);
        }
        if (fields.length > 0) parts.push({ context, property, fields });
      }
      if (parts.length === 0) return;
      addRouteHook(
        route,
        'preValidation',
        (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
          for (const { context, property, fields } of parts) {
            const values = request[property] as Record<string, unknown> | undefined;
            if (!values) continue;
            for (const [name, kind, repeated] of fields) {
              const raw = values[name];
              if (raw === undefined) continue;
              if (Array.isArray(raw)) {
                for (let i = 0; i < raw.length; i++) {
                  const message = refusal(raw[i], kind);
                  if (message) return done(validationError(context, `/${name}/${i}`, message, kind));
                }
              } else {
                // Ajv reads a single value of a repeated parameter as a one-item array: same path.
                const message = refusal(raw, kind);
                const path = repeated ? `/${name}/0` : `/${name}`;
                if (message) return done(validationError(context, path, message, kind));
              }
            }
          }
          done();
        },
      );
    });
  },
  { name: 'numeric-strings' },
);
