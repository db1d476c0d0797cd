import { postTokenForm } from '@sluice/connectors';
import { OperationalError, UserError } from '@sluice/core';
import type { OAuthClient } from '@sluice/runtime';

/** What the token endpoint's answer becomes in the credential vault (all strings, as connectors read them). */
export type OAuthSecret = Record<string, string>;

/**
 * Exchanges an authorization code for tokens (RFC 6749 §4.1.3), with the PKCE verifier when one was
 * sent, and shapes the answer as the credential the connectors read: `accessToken`, `refreshToken`,
 * `expiresAt` (epoch ms), the client id/secret the refresher needs, and where the operator overrode
 * it the API URL the credential is bound to (`apiBaseUrl`; Pipedrive's `api_domain` as `apiDomain`).
 * The token URL is not stored: refreshes take it from the app's definition. The request goes through
 * the SSRF guard and pinned connections and follows no redirect (`postTokenForm`).
 * Throws `E_OAUTH_TOKEN` (UserError) when the vendor refuses the code, OperationalError when it is unreachable.
 */
export async function exchangeCode(
  client: OAuthClient,
  grant: { code: string; redirectUri: string; codeVerifier?: string },
  options: { fetch?: typeof fetch; now?: () => number; allowPrivateUrls?: boolean } = {},
): Promise<OAuthSecret> {
  const name = client.provider.appId;
  const form = new URLSearchParams({ grant_type: 'authorization_code', code: grant.code, redirect_uri: grant.redirectUri });
  if (grant.codeVerifier) form.set('code_verifier', grant.codeVerifier);
  const headers: Record<string, string> = {};
  if (client.provider.clientAuth === 'basic') {
    headers.authorization = `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`;
  } else {
    form.set('client_id', client.clientId);
    form.set('client_secret', client.clientSecret);
  }
  const { status, body, errorCode } = await postTokenForm(client.tokenUrl, form, headers, { appName: name, allowPrivateUrls: options.allowPrivateUrls, ...(options.fetch ? { fetch: options.fetch } : {}) });
  if (status >= 500) throw new OperationalError('E_APP_UNAVAILABLE', `The token endpoint of ${name} answered ${status}.`);
  // OAuth errors carry `error` (RFC 6749 §5.2); HubSpot's carry `status` (e.g. BAD_AUTH_CODE).
  if (status >= 400) throw new UserError('E_OAUTH_TOKEN', `The app refused to hand out tokens for this consent (${status} ${errorCode}).`);
  if (typeof body.access_token !== 'string' || body.access_token === '') throw new UserError('E_OAUTH_TOKEN', 'The app answered the token request without an access token.');
  const now = options.now ?? Date.now;
  const secret: OAuthSecret = { accessToken: body.access_token, clientId: client.clientId, clientSecret: client.clientSecret };
  if (typeof body.refresh_token === 'string' && body.refresh_token) secret.refreshToken = body.refresh_token;
  const expiresIn = Number(body.expires_in);
  if (Number.isFinite(expiresIn) && expiresIn > 0) secret.expiresAt = String(now() + expiresIn * 1000);
  if (client.apiBaseUrl) secret.apiBaseUrl = client.apiBaseUrl;
  if (typeof body.api_domain === 'string' && /^https?:\/\//.test(body.api_domain)) secret.apiDomain = body.api_domain;
  return secret;
}
