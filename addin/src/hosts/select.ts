import { createBrowserHost } from './browser.js';
import type { Host } from './types.js';

/**
 * Picks the host from the entry URL first (`?host=outlook|teams`, as the manifests point to it), then
 * from `Office.onReady` when an Office global is already present. teams-js is only loaded under
 * `?host=teams`: its initialize() hangs for a minute outside Teams. office.js is only loaded under
 * `?host=outlook` (a test double of the `Office` global may be injected instead).
 */
export async function selectHost(search: string = window.location.search): Promise<Host> {
  const requested = new URLSearchParams(search).get('host');
  if (requested === 'outlook') {
    const { createOutlookHost, loadOffice } = await import('./outlook.js');
    const info = await loadOffice();
    return createOutlookHost(info);
  }
  if (requested === 'teams') {
    const { createTeamsHost } = await import('./teams.js');
    return createTeamsHost();
  }
  if (typeof Office !== 'undefined') {
    const { createOutlookHost, officeReady } = await import('./outlook.js');
    const info = await officeReady(1500);
    if (info?.host === Office.HostType.Outlook) return createOutlookHost(info);
  }
  return createBrowserHost();
}
