type OfficeInfo = { host: Office.HostType; platform: Office.PlatformType };

import type { AppointmentFill, Host, MailboxAddress, MailMessage } from './types.js';

/** The only place office.js comes from: Microsoft's CDN, as AppSource requires. */
export const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';

/**
 * Loads office.js unless an `Office` global is already there (the e2e tests inject a double), then waits
 * for Office.onReady. office.js nulls history.pushState/replaceState; they are put back afterwards.
 */
export async function loadOffice(): Promise<OfficeInfo | null> {
  if (typeof Office === 'undefined') {
    const { pushState, replaceState } = window.history;
    await new Promise<void>((resolve, reject) => {
      const script = document.createElement('script');
      script.src = OFFICE_JS;
      script.onload = () => resolve();
      script.onerror = () => reject(new Error('office.js could not be loaded'));
      document.head.append(script);
    });
    window.history.pushState ??= pushState;
    window.history.replaceState ??= replaceState;
  }
  return officeReady(10_000);
}

/** Office.onReady with a time limit, so a page outside Office never waits forever. */
export function officeReady(timeoutMs: number): Promise<OfficeInfo | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), timeoutMs);
    Office.onReady((info) => {
      clearTimeout(timer);
      resolve(info);
    });
  });
}

/** Turns office.js's callback style into promises; a failed AsyncResult becomes an Error with its message. */
function call<T>(start: (callback: (result: Office.AsyncResult<T>) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    start((result) => {
      if (result.status === Office.AsyncResultStatus.Succeeded) resolve(result.value);
      else reject(new Error(result.error?.message ?? 'Outlook refused the change'));
    });
  });
}

const address = (d: Office.EmailAddressDetails): MailboxAddress => ({
  email: d.emailAddress,
  ...(d.displayName && d.displayName !== d.emailAddress ? { name: d.displayName } : {}),
});

type ReadItem = Office.MessageRead;
type OrganizerItem = Office.AppointmentCompose;

function surfaceOf(item: Office.Item | undefined): 'message-read' | 'appointment-organizer' | 'page' {
  if (!item) return 'page';
  const any = item as unknown as Record<string, unknown>;
  if (any.itemType === Office.MailboxEnums.ItemType.Appointment) {
    // The organizer surface has setters; attendees of a received invitation only read.
    const attendees = any.requiredAttendees as { addAsync?: unknown } | undefined;
    return typeof attendees?.addAsync === 'function' ? 'appointment-organizer' : 'page';
  }
  return 'message-read';
}

export function createOutlookHost(_info: OfficeInfo | null): Host {
  const mailbox = Office.context?.mailbox;
  const item = mailbox?.item ?? undefined;
  const surface = surfaceOf(item);

  return {
    name: 'outlook',
    surface,
    canFillAppointment: surface === 'appointment-organizer',

    async currentMessage(): Promise<MailMessage | null> {
      if (surface !== 'message-read' || !item) return null;
      const message = item as ReadItem;
      const body = await call<string>((cb) => message.body.getAsync(Office.CoercionType.Text, cb));
      return {
        subject: message.subject ?? '',
        from: message.from ? address(message.from) : null,
        to: (message.to ?? []).map(address),
        cc: (message.cc ?? []).map(address),
        internetMessageId: message.internetMessageId ?? null,
        receivedAt: message.dateTimeCreated ? new Date(message.dateTimeCreated).toISOString() : null,
        body,
      };
    },

    async fillAppointment(fill: AppointmentFill) {
      if (surface !== 'appointment-organizer' || !item) {
        throw new Error('Open the add-in from a meeting you are organising to fill it.');
      }
      const appt = item as OrganizerItem;
      // addAsync, not get-then-set: setAsync with the read list duplicates the organizer on Windows.
      await call<void>((cb) =>
        appt.requiredAttendees.addAsync(
          fill.attendees.map((a) => ({ emailAddress: a.email, displayName: a.name ?? a.email })),
          cb,
        ),
      );
      await call<void>((cb) => appt.subject.setAsync(fill.subject, cb));
      await call<void>((cb) => appt.location.setAsync(fill.location, cb));
      // Start first, then end: Outlook keeps the duration when only the start moves.
      await call<void>((cb) => appt.start.setAsync(fill.start, cb));
      await call<void>((cb) => appt.end.setAsync(fill.end, cb));
      try {
        await call<void>((cb) =>
          appt.body.setSelectedDataAsync(fill.bodyHtml, { coercionType: Office.CoercionType.Html }, cb),
        );
      } catch {
        // No cursor in the body (e.g. focus elsewhere): replace the body instead.
        await call<void>((cb) =>
          appt.body.setAsync(fill.bodyHtml, { coercionType: Office.CoercionType.Html }, cb),
        );
      }
    },

    async entraToken(entra) {
      try {
        return await (await import('../auth/naa.js')).acquireEntraToken(entra);
      } catch (naaError) {
        // Documented fallback for clients without nested app authentication: legacy Office SSO.
        const getAccessToken = Office.auth?.getAccessToken;
        if (!getAccessToken) throw naaError;
        return getAccessToken({ allowSignInPrompt: true, allowConsentPrompt: true });
      }
    },
  };
}
