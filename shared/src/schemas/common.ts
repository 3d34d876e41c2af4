import { type Static, type TSchema, Type } from 'typebox';

export const Id = Type.Integer({ minimum: 1, description: 'Numeric identifier' });
export const IdParams = Type.Object({ id: Id });

/** UTC instant in ISO 8601 with a `Z` or offset, e.g. `2026-11-24T09:00:00Z`. */
export const Instant = Type.String({ format: 'date-time', examples: ['2026-11-24T09:00:00Z'] });
/**
 * `T | null`. A primitive schema becomes `type: [T, 'null']` rather than an anyOf: the same values are
 * valid, but fast-json-stringify serialises an anyOf by running a validator on every value (a fifth of
 * the cost of a page of search results), and a type list with a typeof check.
 */
export const Nullable = <T extends TSchema>(schema: T) => {
  const type = (schema as { type?: unknown }).type;
  const primitive = typeof type === 'string' && type !== 'object' && type !== 'array';
  return Type.Unsafe<Static<T> | null>(
    primitive ? { ...schema, type: [type, 'null'] } : Type.Union([schema, Type.Null()]),
  );
};

export const Email = Type.String({
  format: 'email',
  maxLength: 254,
  examples: ['anna.kowalska@example.org'],
});
/** E.164: a plus sign, country code and subscriber number, 8–15 digits in all. */
export const E164Phone = Type.String({ pattern: '^\\+[1-9][0-9]{6,14}$', examples: ['+48123456789'] });
export const CountryCode = Type.String({
  pattern: '^[A-Z]{2}$',
  description: 'ISO 3166-1 alpha-2',
  examples: ['PL'],
});
/** IANA time zone name, e.g. Europe/Lisbon. Checked against the runtime's zone database by the API. */
export const TimeZone = Type.String({ minLength: 1, maxLength: 64, examples: ['Europe/Warsaw'] });

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String({
        description: 'Stable, machine-readable code, e.g. `validation_failed`',
        examples: ['not_found'],
      }),
      message: Type.String({ description: 'Human-readable explanation' }),
      details: Type.Optional(
        Type.Unknown({
          description:
            'Structured detail. For `validation_failed` (the request breaks its schema) and a rule\u2019s 4xx (`invalid_clinician`, `invalid_hospital`, \u2026): a list of field errors, each `{in, path, field, code, message}` \u2014 `in`: body, querystring, params or headers; `path`: a JSON pointer; `field`: the property or parameter at fault, nested ones dotted and indexed (`invitees[0].email`), absent when the body as a whole is (`null` where an object belongs); `code`: the schema keyword (`required`, `enum`, `maxLength`, \u2026) or the rule (`invalid_phone`, `unknown_value`, \u2026). Other codes carry an object: a conflicting row, a time span.',
          examples: [
            [
              {
                in: 'body',
                path: '/phone',
                field: 'phone',
                code: 'invalid_phone',
                message: '"123" is not a valid phone number',
              },
            ],
          ],
        }),
      ),
      requestId: Type.Optional(Type.String({ description: 'Correlates with the server logs' })),
    }),
  },
  { title: 'ErrorBody', description: 'Every error response has this shape' },
);
export type ErrorBody = Static<typeof ErrorBody>;

/** Cursor pagination: pass `nextCursor` back as `cursor` until it is null. */
export const PageQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 512 })),
});

export const Page = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Nullable(Type.String()) });
