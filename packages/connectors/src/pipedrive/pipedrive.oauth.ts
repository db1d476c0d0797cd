import type { OAuthProvider } from '../google/oauth-provider';

/**
 * Pipedrive's OAuth for Marketplace apps: scopes are chosen on the app in Developer Hub (the
 * authorize URL takes none), the client authenticates with HTTP Basic on the token endpoint, and the
 * token answer names the company's `api_domain` that API calls must use. No PKCE documented.
 */
export const pipedriveOAuth: OAuthProvider = {
  appId: 'pipedrive',
  envPrefix: 'PIPEDRIVE',
  authorizeUrl: 'https://oauth.pipedrive.com/oauth/authorize',
  tokenUrl: 'https://oauth.pipedrive.com/oauth/token',
  scopes: [],
  pkce: false,
  clientAuth: 'basic',
  consoleHelp: 'Pipedrive Developer Hub → your app → OAuth & access scopes (callback URL; scopes "Contacts: full access" and "Deals: read only")',
};
