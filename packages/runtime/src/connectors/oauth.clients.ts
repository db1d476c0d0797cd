import { googleOAuth, hubspotOAuth, microsoftOAuth, pipedriveOAuth, type OAuthProvider } from '@sluice/connectors';

/** The apps Sluice can connect through an OAuth consent, in the order the docs list them. */
export const oauthProviders: readonly OAuthProvider[] = [googleOAuth, hubspotOAuth, microsoftOAuth, pipedriveOAuth];

/**
 * The operator's OAuth settings by variable name (`SLUICE_GOOGLE_CLIENT_ID` → value), as the server
 * read them at start-up; only the ones set. Names come from `oauthEnvNames`.
 */
export type OAuthSettings = Readonly<Record<string, string | undefined>>;

/** One app's OAuth client as the operator configured it: the vendor's settings plus id, secret and overrides. */
export interface OAuthClient {
  provider: OAuthProvider;
  clientId: string;
  clientSecret: string;
  authorizeUrl: string;
  tokenUrl: string;
  /** The app's API base URL when the operator overrides it (a proxy, or a local fake in tests). */
  apiBaseUrl?: string;
}

/**
 * The environment variables of one app's OAuth client. Pure.
 * @example oauthEnvNames(googleOAuth).clientId // 'SLUICE_GOOGLE_CLIENT_ID'
 */
export function oauthEnvNames(provider: OAuthProvider) {
  const base = `SLUICE_${provider.envPrefix}`;
  return {
    clientId: `${base}_CLIENT_ID`,
    clientSecret: `${base}_CLIENT_SECRET`,
    authorizeUrl: `${base}_AUTHORIZE_URL`,
    tokenUrl: `${base}_TOKEN_URL`,
    apiBaseUrl: `${base}_API_URL`,
  };
}

export function oauthProviderOf(appId: string): OAuthProvider | undefined {
  return oauthProviders.find((p) => p.appId === appId);
}

/** The operator's OAuth client for an app, or null when its id or secret is not set. Pure. */
export function oauthClientOf(appId: string, env: OAuthSettings): OAuthClient | null {
  const provider = oauthProviderOf(appId);
  if (!provider) return null;
  const names = oauthEnvNames(provider);
  const clientId = env[names.clientId]?.trim();
  const clientSecret = env[names.clientSecret]?.trim();
  if (!clientId || !clientSecret) return null;
  const apiBaseUrl = env[names.apiBaseUrl]?.trim();
  return {
    provider,
    clientId,
    clientSecret,
    authorizeUrl: env[names.authorizeUrl]?.trim() || provider.authorizeUrl,
    tokenUrl: env[names.tokenUrl]?.trim() || provider.tokenUrl,
    ...(apiBaseUrl ? { apiBaseUrl } : {}),
  };
}

/**
 * The operator's token URL per OAuth app id, where one is set (`SLUICE_GOOGLE_TOKEN_URL` → `google-contacts`):
 * what refreshes use instead of the app's own. A credential never names its token URL. Pure.
 */
export function oauthTokenUrls(env: OAuthSettings): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of oauthProviders) {
    const url = env[oauthEnvNames(p).tokenUrl]?.trim();
    if (url) out[p.appId] = url;
  }
  return out;
}

/**
 * Per app that offers OAuth: whether the operator configured it, and if not which variables to set
 * (the wizard says so instead of showing a button that cannot work). Pure.
 */
export function oauthStatus(env: OAuthSettings): { app: string; configured: boolean; missing: string[] }[] {
  return oauthProviders.map((p) => {
    const names = oauthEnvNames(p);
    const missing = [names.clientId, names.clientSecret].filter((n) => !env[n]?.trim());
    return { app: p.appId, configured: missing.length === 0, missing };
  });
}
