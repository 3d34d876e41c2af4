import {
  createNestablePublicClientApplication,
  InteractionRequiredAuthError,
  type IPublicClientApplication,
} from '@azure/msal-browser';
import type { EntraSettings } from '../hosts/types.js';

let pca: Promise<IPublicClientApplication> | null = null;

/**
 * Nested app authentication (MSAL's nestable client): inside Outlook and Teams the host brokers the
 * token, in a plain browser MSAL falls back to its ordinary popup flow. Loaded lazily: only tenants
 * with Entra ID configured pay for MSAL's bytes.
 */
export async function acquireEntraToken(entra: EntraSettings): Promise<string> {
  pca ??= createNestablePublicClientApplication({
    auth: { clientId: entra.clientId, authority: entra.authority },
    cache: { cacheLocation: 'localStorage' },
  });
  const app = await pca;
  const request = { scopes: entra.scopes };
  const account = app.getActiveAccount() ?? app.getAllAccounts()[0];
  try {
    if (account) return (await app.acquireTokenSilent({ ...request, account })).accessToken;
  } catch (error) {
    if (!(error instanceof InteractionRequiredAuthError)) throw error;
  }
  const result = await app.acquireTokenPopup(request);
  if (result.account) app.setActiveAccount(result.account);
  return result.accessToken;
}
