import { UserError } from '@sluice/core';
import { type AddressPins, sharedAddressPins } from './address-pins';
import type { HostLookup } from './ssrf-guard';
import { guardRequestUrl, unreachable } from './network-failure';

export interface TokenRequestOptions {
  /** For messages: "Google's token endpoint …". */
  appName: string;
  /** Lets loopback and private addresses through (the operator's `SLUICE_ALLOW_PRIVATE_URLS`); default off. */
  allowPrivateUrls?: boolean;
  lookup?: HostLookup;
  pins?: AddressPins;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface TokenAnswer {
  status: number;
  /** The JSON object the endpoint answered, or `{}` when it sent anything else. Never shown to people. */
  body: Record<string, unknown>;
  /**
   * The OAuth error code of a refusal (RFC 6749 §5.2 `error`; HubSpot's `status`) when it is a plain
   * token such as `invalid_grant`, else `unknown_error`: the only part of an answer a message may quote,
   * since a body can echo what was sent (a refresh token, a client secret).
   */
  errorCode: string;
}

function codeOf(body: Record<string, unknown>): string {
  const value = body.error ?? body.status;
  return typeof value === 'string' && /^[\w.-]{1,64}$/.test(value) ? value : 'unknown_error';
}

/**
 * POSTs a form to an OAuth token endpoint (code exchange, token refresh) the way the API client
 * calls vendors: the URL passes the SSRF guard, the socket connects only to the addresses the guard
 * checked, and a redirect is never followed, so a refresh token and client secret go to the token
 * URL of the app's definition and nowhere else. Throws `UserError('E_URL_NOT_ALLOWED')`,
 * `UserError('E_TOKEN_REDIRECT')` on a 3xx, `OperationalError('E_NETWORK' | 'E_TIMEOUT')`.
 * @example const answer = await postTokenForm('https://oauth2.googleapis.com/token', form, headers, { appName: 'Google' });
 */
export async function postTokenForm(url: string, form: URLSearchParams, headers: Record<string, string>, options: TokenRequestOptions): Promise<TokenAnswer> {
  const { appName } = options;
  const pins = options.pins ?? sharedAddressPins;
  const guarded = options.allowPrivateUrls !== true;
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new UserError('E_URL_NOT_ALLOWED', `The token URL of ${appName} is not a valid URL.`);
  }
  await guardRequestUrl(appName, target, { allowPrivateUrls: options.allowPrivateUrls, pins, ...(options.lookup ? { lookup: options.lookup } : {}) });
  const doFetch = options.fetch ?? (guarded ? pins.fetch : fetch);
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 30_000);
  let res: Response;
  let text: string;
  try {
    res = await doFetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...headers },
      body: form.toString(),
      redirect: 'manual',
      signal: timeout,
    });
    text = await res.text();
  } catch (cause) {
    throw unreachable(appName, target, cause, timeout.aborted);
  }
  if (res.status >= 300 && res.status < 400) {
    throw new UserError(
      'E_TOKEN_REDIRECT',
      `${appName}'s token endpoint answered with a redirect (HTTP ${res.status}). Sluice does not follow redirects for token requests, so tokens and client secrets cannot be sent elsewhere; the operator should check the app's token URL.`,
    );
  }
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
  } catch {
    // Not JSON: the status and the missing access token say enough.
  }
  return { status: res.status, body, errorCode: codeOf(body) };
}
