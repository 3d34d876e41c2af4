/**
 * The parts of Webex's answers this adapter reads, as TypeBox schemas checked before use. Shapes
 * follow Cisco's OpenAPI description of the Meetings API (MeetingSeriesObject,
 * MeetingObjectForListMeeting, the error body) and the OAuth token endpoint. Extra fields are
 * allowed (Webex adds fields over time); missing or mistyped fields we rely on are not.
 */
import { Type } from 'typebox';

const NonEmpty = Type.String({ minLength: 1 });

export const WebexTelephony = Type.Object({
  accessCode: Type.String(),
  callInNumbers: Type.Array(
    Type.Object({
      label: Type.String(),
      callInNumber: NonEmpty,
      tollType: Type.Enum(['toll', 'tollFree']),
    }),
  ),
});

/** MeetingSeriesObject (create, get) and MeetingObjectForListMeeting (patch, list items). */
export const WebexMeeting = Type.Object({
  id: NonEmpty,
  meetingNumber: NonEmpty,
  title: Type.String(),
  password: Type.String(),
  start: NonEmpty,
  end: NonEmpty,
  hostEmail: Type.String(),
  webLink: Type.String({ pattern: '^https://' }),
  sipAddress: Type.Optional(Type.String()),
  scheduledType: Type.Optional(Type.Enum(['meeting', 'webinar', 'personalRoomMeeting'])),
  state: Type.Optional(Type.String()),
  telephony: Type.Optional(WebexTelephony),
  integrationTags: Type.Optional(Type.Array(Type.String())),
});

export const WebexMeetingList = Type.Object({ items: Type.Array(WebexMeeting) });

/** Error body of every Webex 4xx/5xx: message, errors[].description, trackingId. */
export const WebexErrorBody = Type.Object({
  message: Type.Optional(Type.String()),
  errors: Type.Optional(Type.Array(Type.Object({ description: Type.Optional(Type.String()) }))),
  trackingId: Type.Optional(Type.String()),
  error: Type.Optional(Type.String()),
  error_description: Type.Optional(Type.String()),
});

/** POST /v1/access_token (grant_type=refresh_token). */
export const WebexTokenAnswer = Type.Object({
  access_token: NonEmpty,
  expires_in: Type.Number({ minimum: 1 }),
  refresh_token: Type.Optional(NonEmpty),
  refresh_token_expires_in: Type.Optional(Type.Number()),
  token_type: Type.Optional(Type.String()),
});
