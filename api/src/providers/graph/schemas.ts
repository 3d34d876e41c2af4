/**
 * The parts of Graph's answers this adapter reads, checked before use (extra fields allowed).
 * Shapes: event (POST/PATCH /users/{id}/events), getSchedule's scheduleInformation, and Graph's
 * error body {"error":{"code","message","innerError":{"request-id","client-request-id","date"}}}.
 */
import { Type } from 'typebox';

export const GraphEventAnswer = Type.Object({
  id: Type.String({ minLength: 1 }),
  iCalUId: Type.String({ minLength: 1 }),
  transactionId: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});

const DateTimeTimeZone = Type.Object({ dateTime: Type.String({ minLength: 1 }), timeZone: Type.String() });

export const GraphScheduleAnswer = Type.Object({
  value: Type.Array(
    Type.Object({
      scheduleId: Type.String(),
      availabilityView: Type.Optional(Type.Union([Type.String(), Type.Null()])),
      scheduleItems: Type.Optional(
        Type.Union([
          Type.Array(
            Type.Object({
              status: Type.Enum(['unknown', 'free', 'tentative', 'busy', 'oof', 'workingElsewhere']),
              start: DateTimeTimeZone,
              end: DateTimeTimeZone,
            }),
          ),
          Type.Null(),
        ]),
      ),
      error: Type.Optional(
        Type.Union([
          Type.Object({
            message: Type.Optional(Type.String()),
            responseCode: Type.Optional(Type.String()),
          }),
          Type.Null(),
        ]),
      ),
    }),
  ),
});

export const GraphErrorBody = Type.Object({
  error: Type.Object({
    code: Type.Optional(Type.String()),
    message: Type.Optional(Type.String()),
    innerError: Type.Optional(
      Type.Object({
        'request-id': Type.Optional(Type.String()),
        'client-request-id': Type.Optional(Type.String()),
      }),
    ),
  }),
});
