import { OperationalError, UserError, isUserError } from '@sluice/core';
import type { ConnectorContext } from '@sluice/engine';
import { type Clock, systemClock } from '../http/clock';
import type { AddressPins } from '../http/address-pins';
import type { HostLookup } from '../http/ssrf-guard';
import { postTokenForm } from '../http/token-request';

/** OAuth 2.0 tokens as Sluice stores them in the credential vault (all strings). */
export interface OAuthCredential {
  accessToken: string;
  refreshToken?: string;
  /** Epoch milliseconds, as text. */
  expiresAt?: string;
  clientId?: string;
  clientSecret?: string;
}

export interface OAuthRefresherOptions {
  appName: string;
  /** The token endpoint of the app's definition (or the operator's override), never one from a credential. */
  tokenUrl: string;
  credential: OAuthCredential;
  /** Where the client id/secret go: the form body (Google, HubSpot) or HTTP Basic (Pipedrive). */
  clientAuth?: 'body' | 'basic';
  /** Told about every refresh so the new tokens can be stored (encrypted). */
  onRefresh?: (credential: Record<string, string>) => Promise<void>;
  /** What the user should do when the refresh token itself is refused. */
  reconnectHelp: string;
  clock?: Clock;
  fetch?: typeof fetch;
  /** As the HTTP client's: private addresses allowed (default off); the DNS lookup and pins the guard uses. */
  allowPrivateUrls?: boolean;
  lookup?: HostLookup;
  pins?: AddressPins;
}

/**
 * Keeps an OAuth 2.0 access token fresh: refreshes shortly before it expires, or when the app answers
 * 401, with ONE refresh in flight however many calls find the token stale at once; reports the new
 * tokens through `onRefresh`.
 * @example
 * const auth = new OAuthRefresher({ appName: 'Google Contacts', tokenUrl, credential, onRefresh, reconnectHelp });
 * const res = await auth.withToken((headers) => http.get('/v1/people/me/connections', { headers }));
 */
export class OAuthRefresher {
  private credential: OAuthCredential;
  private inflight?: Promise<void>;
  private readonly clock: Clock;
  /** How many refreshes this instance performed (tests, diagnostics). */
  refreshes = 0;

  constructor(private readonly options: OAuthRefresherOptions) {
    this.credential = { ...options.credential };
    this.clock = options.clock ?? systemClock;
  }

  /** The Authorization header for the current token, refreshing first when it is about to expire. */
  async headers(): Promise<Record<string, string>> {
    const expiresAt = Number(this.credential.expiresAt ?? NaN);
    if (Number.isFinite(expiresAt) && expiresAt - 60_000 <= this.clock.now() && this.credential.refreshToken) {
      await this.refresh(this.credential.accessToken);
    }
    return { authorization: `Bearer ${this.credential.accessToken}` };
  }

  /**
   * Runs `call`; when the app rejects the token (E_AUTH_REJECTED) and a refresh token is at hand,
   * refreshes once (shared with concurrent callers) and runs `call` again.
   */
  async withToken<T>(call: () => Promise<T>): Promise<T> {
    const used = this.credential.accessToken;
    try {
      return await call();
    } catch (error) {
      if (!isUserError(error) || error.code !== 'E_AUTH_REJECTED' || !this.credential.refreshToken) throw error;
      await this.refresh(used);
      return call();
    }
  }

  /** Refreshes unless another caller already replaced `staleToken`; concurrent callers share one request. */
  async refresh(staleToken: string): Promise<void> {
    if (this.credential.accessToken !== staleToken) return;
    this.inflight ??= this.doRefresh().finally(() => {
      this.inflight = undefined;
    });
    await this.inflight;
  }

  private async doRefresh(): Promise<void> {
    const { refreshToken, clientId, clientSecret } = this.credential;
    const { appName, tokenUrl, reconnectHelp } = this.options;
    if (!refreshToken) throw new UserError('E_AUTH_REJECTED', `${appName} rejected the access token and there is no refresh token. ${reconnectHelp}`);
    const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken });
    const headers: Record<string, string> = {};
    if (this.options.clientAuth === 'basic') {
      headers.authorization = `Basic ${Buffer.from(`${clientId ?? ''}:${clientSecret ?? ''}`).toString('base64')}`;
    } else {
      if (clientId) form.set('client_id', clientId);
      if (clientSecret) form.set('client_secret', clientSecret);
    }
    const { fetch, allowPrivateUrls, lookup, pins } = this.options;
    const { status, body, errorCode } = await postTokenForm(tokenUrl, form, headers, { appName, fetch, allowPrivateUrls, lookup, pins });
    if (status >= 500 || status === 429) {
      throw new OperationalError(status === 429 ? 'E_RATE_LIMITED' : 'E_APP_UNAVAILABLE', `${appName}'s token endpoint answered ${status} while refreshing access.`);
    }
    if (status >= 400) {
      throw new UserError('E_AUTH_REJECTED', `${appName} refused to renew Sluice's access (HTTP ${status}, ${errorCode}). ${reconnectHelp}`);
    }
    if (typeof body.access_token !== 'string' || body.access_token === '') {
      throw new OperationalError('E_BAD_RESPONSE', `${appName}'s token endpoint answered without an access token.`);
    }
    this.credential = {
      ...this.credential,
      accessToken: body.access_token,
      refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : refreshToken,
      expiresAt: typeof body.expires_in === 'number' ? String(this.clock.now() + body.expires_in * 1000) : undefined,
    };
    this.refreshes++;
    const stored = Object.fromEntries(Object.entries(this.credential).filter((e): e is [string, string] => typeof e[1] === 'string'));
    await this.options.onRefresh?.(stored);
  }
}

/**
 * The refresher of a connector whose credential holds OAuth tokens (`accessToken`, `refreshToken`,
 * `expiresAt`, `clientId`, `clientSecret`): refreshes at `config.tokenUrl` (the operator's override)
 * or the app's own `tokenUrl`, never at one a credential names, and reports new tokens through the
 * context's `onCredentialRefresh`.
 * @example const oauth = refresherOfContext(context, { appName: 'Google', tokenUrl: googleOAuth.tokenUrl, reconnectHelp }, deps);
 */
export function refresherOfContext(
  context: ConnectorContext,
  app: Pick<OAuthRefresherOptions, 'appName' | 'tokenUrl' | 'reconnectHelp'>,
  deps: Pick<OAuthRefresherOptions, 'clock' | 'fetch' | 'allowPrivateUrls'>,
): OAuthRefresher {
  const cred = context.credential ?? {};
  return new OAuthRefresher({
    ...app,
    tokenUrl: String(context.config.tokenUrl ?? app.tokenUrl),
    credential: { accessToken: cred.accessToken ?? '', refreshToken: cred.refreshToken, expiresAt: cred.expiresAt, clientId: cred.clientId, clientSecret: cred.clientSecret },
    onRefresh: context.onCredentialRefresh,
    clock: deps.clock,
    fetch: deps.fetch,
    allowPrivateUrls: deps.allowPrivateUrls,
  });
}
