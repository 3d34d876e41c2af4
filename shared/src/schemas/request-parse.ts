import { type Static, Type } from 'typebox';
import { CountryCode, Email, Id, Instant, Nullable, TimeZone } from './common.js';
import { ConferenceKindSchema, TimeWindow } from './requests.js';

/** A mailbox as Outlook reports it: the address and the display name when there is one. */
export const MailAddress = Type.Object(
  {
    email: Type.String({ maxLength: 254 }),
    name: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type MailAddress = Static<typeof MailAddress>;

/** `POST /api/v1/requests/parse`: the e-mail that asks for a conference, as the add-in reads it. */
export const ParseRequestInput = Type.Object(
  {
    subject: Type.Optional(Type.String({ maxLength: 1000 })),
    body: Type.String({ maxLength: 100_000, description: 'Plain-text body of the e-mail' }),
    from: Type.Optional(MailAddress),
    to: Type.Optional(Type.Array(MailAddress, { maxItems: 500 })),
    cc: Type.Optional(Type.Array(MailAddress, { maxItems: 500 })),
    receivedAt: Type.Optional(
      Type.String({ format: 'date-time', description: 'Reference for relative dates ("next Tuesday")' }),
    ),
    timeZone: Type.Optional(TimeZone),
  },
  { additionalProperties: false },
);
export type ParseRequestInput = Static<typeof ParseRequestInput>;

/** A directory entry recognised in the e-mail, with what gave it away. */
export const MatchedClinician = Type.Object({
  clinicianId: Id,
  displayName: Type.String(),
  email: Email,
  hospitalId: Id,
  hospitalName: Type.String(),
  countryCode: CountryCode,
  matchedBy: Type.Enum(['sender', 'email', 'name']),
  evidence: Type.String({ description: 'The text that matched' }),
});
export type MatchedClinician = Static<typeof MatchedClinician>;

export const ParsedWindow = Type.Object({
  ...TimeWindow.properties,
  text: Type.String({ description: 'The words the time was read from' }),
  language: Type.String({ description: 'Parser locale that recognised it: en, de, fr, es, it, nl, pt' }),
});
export type ParsedWindow = Static<typeof ParsedWindow>;

export const ParseRequestResult = Type.Object(
  {
    requester: Nullable(MatchedClinician),
    /** The sender when no directory entry has that address: staff pick the requester by hand. */
    unknownSender: Nullable(MailAddress),
    invitees: Type.Array(MatchedClinician),
    /** Addresses in the text or on the e-mail that are not in the directory (guests, or typos). */
    unmatchedEmails: Type.Array(MailAddress),
    proposedWindows: Type.Array(ParsedWindow),
    kind: ConferenceKindSchema,
    topic: Type.String(),
    durationMinutes: Type.Integer({ minimum: 15, maximum: 480 }),
    timeZone: TimeZone,
    parsedAt: Instant,
  },
  { title: 'ParseRequestResult' },
);
export type ParseRequestResult = Static<typeof ParseRequestResult>;
