import type { OAuthProvider } from './oauth-provider';

/**
 * Google's OAuth 2.0 for web server apps: PKCE S256 supported; `access_type=offline` so the token
 * answer holds a refresh token, and `prompt=consent` because Google only sends a refresh token on the
 * first consent otherwise (a reconnect would then get none).
 */
export const googleOAuth: OAuthProvider = {
  appId: 'google-contacts',
  envPrefix: 'GOOGLE',
  authorizeUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
  tokenUrl: 'https://oauth2.googleapis.com/token',
  scopes: ['https://www.googleapis.com/auth/contacts'],
  pkce: true,
  clientAuth: 'body',
  authorizeParams: { access_type: 'offline', prompt: 'consent', include_granted_scopes: 'true' },
  consoleHelp: 'Google Cloud console → APIs & Services → Credentials → OAuth client ID (type "Web application"), with the People API enabled',
};
