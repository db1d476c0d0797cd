import type { OAuthProvider } from '../google/oauth-provider';

/**
 * The Microsoft identity platform (v2.0 endpoints) for web apps: PKCE S256; `offline_access` so the
 * token answer holds a refresh token (Microsoft sends a new one with each refresh: the refresher
 * stores it); `Contacts.ReadWrite` for the signed-in user's personal contacts. The `common` tenant
 * takes work, school and personal accounts; an app registered for one organisation only sets
 * `SLUICE_MICROSOFT_AUTHORIZE_URL` and `SLUICE_MICROSOFT_TOKEN_URL` to its tenant's endpoints.
 */
export const microsoftOAuth: OAuthProvider = {
  appId: 'microsoft-365',
  envPrefix: 'MICROSOFT',
  authorizeUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
  tokenUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
  scopes: ['offline_access', 'Contacts.ReadWrite'],
  pkce: true,
  clientAuth: 'body',
  // Asks the account to choose each time, so a reconnect can switch mailboxes.
  authorizeParams: { prompt: 'select_account' },
  consoleHelp: 'Microsoft Entra admin center → App registrations → New registration (platform "Web", redirect URI), then Certificates & secrets → New client secret, and API permissions → Microsoft Graph → Delegated → Contacts.ReadWrite',
};
