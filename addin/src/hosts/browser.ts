import type { Host } from './types.js';

/** A plain browser tab against the API: no e-mail, no appointment; Entra sign-in through MSAL popups. */
export function createBrowserHost(): Host {
  return {
    name: 'browser',
    surface: 'page',
    canFillAppointment: false,
    currentMessage: async () => null,
    fillAppointment: async () => {
      throw new Error('Filling an appointment needs Outlook: open the add-in from a new meeting.');
    },
    entraToken: async (entra) => (await import('../auth/naa.js')).acquireEntraToken(entra),
  };
}
