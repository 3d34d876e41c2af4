import { Id, Instant, Nullable } from '@cmss/shared';
import { Type } from 'typebox';

export const RoleSchema = Type.Union(
  [Type.Literal('admin'), Type.Literal('helpdesk'), Type.Literal('clinician')],
  {
    description:
      'admin: directory, imports, host accounts, API keys, audit · helpdesk: requests, bookings, reports, directory read · clinician: own requests, directory read',
  },
);

export const Me = Type.Object({
  subject: Type.String({
    description:
      'Stable identifier used in the audit log, e.g. `entra:<tenant>:<oid>`, `apikey:3`, `local:helpdesk`',
  }),
  role: RoleSchema,
  clinicianId: Nullable(Id),
  displayName: Type.String(),
  method: Type.Union([Type.Literal('entra'), Type.Literal('api_key'), Type.Literal('local')]),
});

export const AuthSettings = Type.Object({
  mode: Type.Union([Type.Literal('entra'), Type.Literal('local'), Type.Literal('api_key')], {
    description:
      'entra: sign in with Entra ID (NAA/MSAL) · local: pick a demo user (loopback only) · api_key: API keys only',
  }),
  entra: Nullable(
    Type.Object({
      tenantId: Type.String(),
      clientId: Type.String(),
      authority: Type.String(),
      scopes: Type.Array(Type.String(), {
        description: 'What the add-in requests, e.g. `api://<client id>/access_as_user`',
      }),
    }),
  ),
});

export const LocalUserSchema = Type.Object({
  id: Type.String({ description: 'Send back to sign in: `admin`, `helpdesk` or `clinician:<id>`' }),
  role: RoleSchema,
  displayName: Type.String(),
  clinicianId: Nullable(Id),
  detail: Nullable(Type.String()),
});

export const LocalSignIn = Type.Object(
  {
    userId: Type.String({
      minLength: 1,
      maxLength: 64,
      pattern: '^(admin|helpdesk|clinician:[1-9][0-9]{0,9})$',
    }),
  },
  { additionalProperties: false },
);

export const LocalSession = Type.Object({
  accessToken: Type.String({ description: 'Send as `Authorization: Bearer <token>`' }),
  tokenType: Type.Literal('Bearer'),
  expiresAt: Instant,
  user: LocalUserSchema,
});

export const ApiKeyRecord = Type.Object({
  id: Id,
  name: Type.String(),
  prefix: Type.String({ description: 'First characters of the key, to tell keys apart' }),
  role: RoleSchema,
  clinicianId: Nullable(Id),
  createdBy: Type.String(),
  createdAt: Instant,
  expiresAt: Nullable(Instant),
  revokedAt: Nullable(Instant),
  lastUsedAt: Nullable(Instant),
});

export const NewApiKeyBody = Type.Object(
  {
    name: Type.String({
      minLength: 1,
      maxLength: 120,
      description: 'What the key is for, e.g. "nightly directory export"',
    }),
    role: RoleSchema,
    clinicianId: Type.Optional(Nullable(Id)),
    expiresAt: Type.Optional(
      Type.String({ format: 'date-time', description: 'Default: 90 days from now; at most 2 years ahead' }),
    ),
  },
  { additionalProperties: false },
);

export const CreatedApiKey = Type.Object({
  key: Type.String({ description: 'The key itself: shown once, only its hash is stored' }),
  apiKey: ApiKeyRecord,
});
