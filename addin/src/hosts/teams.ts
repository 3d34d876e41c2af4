import type { Host } from './types.js';

/**
 * The Teams personal tab. teams-js is loaded only here (never outside Teams: its initialize() waits a
 * minute for a host that is not there). Teams shows no e-mail and cannot fill an Outlook appointment.
 */
export async function createTeamsHost(): Promise<Host> {
  const teams = await import('@microsoft/teams-js');
  await Promise.race([
    teams.app.initialize(),
    new Promise((_, reject) => setTimeout(() => reject(new Error('Teams did not answer')), 10_000)),
  ]);
  return {
    name: 'teams',
    surface: 'tab',
    canFillAppointment: false,
    currentMessage: async () => null,
    fillAppointment: async () => {
      throw new Error('Filling an appointment needs Outlook: open the add-in from a new meeting.');
    },
    async entraToken(entra) {
      try {
        return await (await import('../auth/naa.js')).acquireEntraToken(entra);
      } catch (naaError) {
        // Documented fallback for Teams clients without nested app authentication: Teams SSO.
        try {
          return await teams.authentication.getAuthToken();
        } catch {
          throw naaError;
        }
      }
    },
  };
}
