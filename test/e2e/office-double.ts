/**
 * A test double of office.js's `Office` global, injected before the add-in loads (so the Outlook host
 * never fetches office.js). It follows the shapes and callback conventions of the real API for the calls
 * the add-in makes, and records every write in `window.__officeCalls`.
 */
export interface SampleMessage {
  subject: string;
  from: { displayName: string; emailAddress: string };
  to: { displayName: string; emailAddress: string }[];
  cc: { displayName: string; emailAddress: string }[];
  internetMessageId: string;
  dateTimeCreated: string;
  body: string;
}

export type OfficeCall = { method: string; args: unknown[] };

function install(mode: 'read' | 'organizer', message: SampleMessage | null) {
  const calls: { method: string; args: unknown[] }[] = [];
  (window as unknown as { __officeCalls: typeof calls }).__officeCalls = calls;
  const ok = (value?: unknown) => ({ status: 'succeeded', value, error: null });
  const callbackOf = (args: unknown[]) =>
    args.find((a) => typeof a === 'function') as ((r: unknown) => void) | undefined;
  const setter = (method: string) => ({
    setAsync: (...args: unknown[]) => {
      // Dates cross into the record as ISO strings, as a spy would see them.
      calls.push({
        method,
        args: args
          .filter((a) => typeof a !== 'function')
          .map((a) => (a instanceof Date ? a.toISOString() : a)),
      });
      setTimeout(() => callbackOf(args)?.(ok()), 5);
    },
  });
  const item =
    mode === 'read' && message
      ? {
          itemType: 'message',
          subject: message.subject,
          from: message.from,
          to: message.to,
          cc: message.cc,
          internetMessageId: message.internetMessageId,
          dateTimeCreated: new Date(message.dateTimeCreated),
          body: {
            getAsync: (coercion: string, cb: (r: unknown) => void) => {
              calls.push({ method: 'body.getAsync', args: [coercion] });
              setTimeout(() => cb(ok(message.body)), 5);
            },
          },
        }
      : {
          itemType: 'appointment',
          requiredAttendees: {
            addAsync: (...args: unknown[]) => {
              calls.push({ method: 'requiredAttendees.addAsync', args: [args[0]] });
              setTimeout(() => callbackOf(args)?.(ok()), 5);
            },
          },
          subject: setter('subject.setAsync'),
          location: setter('location.setAsync'),
          start: setter('start.setAsync'),
          end: setter('end.setAsync'),
          body: {
            setSelectedDataAsync: (...args: unknown[]) => {
              calls.push({
                method: 'body.setSelectedDataAsync',
                args: args.filter((a) => typeof a !== 'function'),
              });
              setTimeout(() => callbackOf(args)?.(ok()), 5);
            },
            setAsync: (...args: unknown[]) => {
              calls.push({ method: 'body.setAsync', args: args.filter((a) => typeof a !== 'function') });
              setTimeout(() => callbackOf(args)?.(ok()), 5);
            },
          },
        };
  const info = { host: 'Outlook', platform: 'OfficeOnline' };
  (window as unknown as { Office: unknown }).Office = {
    HostType: { Outlook: 'Outlook' },
    PlatformType: { OfficeOnline: 'OfficeOnline' },
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    CoercionType: { Text: 'text', Html: 'html' },
    MailboxEnums: { ItemType: { Message: 'message', Appointment: 'appointment' } },
    onReady: (cb?: (i: typeof info) => void) => {
      setTimeout(() => cb?.(info), 10);
      return Promise.resolve(info);
    },
    context: { mailbox: { item } },
  };
}

/** The init script for page.addInitScript: installs the double in the given mode. */
export const officeDouble = (mode: 'read' | 'organizer', message: SampleMessage | null = null) =>
  `(${install.toString()})(${JSON.stringify(mode)}, ${JSON.stringify(message)});`;
