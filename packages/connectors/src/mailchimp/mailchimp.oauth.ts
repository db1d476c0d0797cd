import type { OAuthProvider } from '../google/oauth-provider';

/**
 * Mailchimp's OAuth 2 for registered apps: no scopes (an app gets the account's full access), client
 * credentials in the form body, no PKCE documented. Access tokens do not expire and come without a
 * refresh token; the data centre they work in is read from `OAUTH_METADATA_URL`.
 */
export const mailchimpOAuth: OAuthProvider = {
  appId: 'mailchimp',
  envPrefix: 'MAILCHIMP',
  authorizeUrl: 'https://login.mailchimp.com/oauth2/authorize',
  tokenUrl: 'https://login.mailchimp.com/oauth2/token',
  scopes: [],
  pkce: false,
  clientAuth: 'body',
  consoleHelp: 'Mailchimp → profile → Extras → Registered apps → Register An App (redirect URI)',
};

/** Answers `{ dc, api_endpoint, ... }` for a token sent as `Authorization: OAuth <token>`. */
export const OAUTH_METADATA_URL = 'https://login.mailchimp.com/oauth2/metadata';
