import { OperationalError, isOperationalError } from '@sluice/core';
import type { AddressPins } from './address-pins';
import { type HostLookup, assertPublicUrl } from './ssrf-guard';

// Node's and undici's codes for "the address does not exist" and "nothing answered": people get the
// meaning, the code stays in the error's cause for the log.
const UNRESOLVED = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_NODATA', 'EAI_FAIL']);
const TIMED_OUT = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const DROPPED = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);
const UNROUTABLE = new Set(['ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'EHOSTDOWN']);

const unresolved = (url: URL) => `the address ${url.hostname.replace(/^\[(.*)\]$/, '$1')} does not resolve (DNS)`;

/** The innermost `code` of an error chain (`fetch failed` ← `getaddrinfo ENOTFOUND`). */
function causeCode(error: unknown): string | undefined {
  let code: string | undefined;
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const c = (e as { code?: unknown }).code;
    if (typeof c === 'string') code = c;
  }
  return code;
}

/**
 * Why a request never got an answer, in words: the name does not resolve, the connection was
 * refused, timed out, dropped, or the network has no route. Pure.
 * @example whyUnreachable(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }), new URL('https://api.hubapi.com/crm')) // 'api.hubapi.com refused the connection'
 */
export function whyUnreachable(error: unknown, url: URL): string {
  const host = url.host;
  const code = causeCode(error);
  if (code && UNRESOLVED.has(code)) return unresolved(url);
  if (code === 'ECONNREFUSED') return `${host} refused the connection`;
  if (code && TIMED_OUT.has(code)) return `the connection to ${host} timed out`;
  if (code && DROPPED.has(code)) return `the connection to ${host} was dropped`;
  if (code && UNROUTABLE.has(code)) return `there is no network route to ${host}`;
  const inner = (error as { cause?: { message?: unknown } } | undefined)?.cause?.message;
  return `${host}: ${typeof inner === 'string' && inner ? inner : (error as Error | undefined)?.message ?? String(error)}`;
}

/**
 * The error for an app Sluice could not reach (DNS, refused connection, timeout): an
 * `OperationalError` (retried later, never "the app refused the key"), `E_TIMEOUT` when the time ran
 * out, else `E_NETWORK`, saying "Could not reach <App> (network)" and why.
 * @example throw unreachable('HubSpot', new URL('https://api.hubapi.com/crm'), error, false)
 */
export function unreachable(appName: string, url: URL, error: unknown, timedOut: boolean): OperationalError {
  const why = timedOut ? `no answer from ${url.host} in time` : whyUnreachable(error, url);
  return new OperationalError(timedOut ? 'E_TIMEOUT' : 'E_NETWORK', `Could not reach ${appName} (network): ${why}.`, undefined, { cause: error });
}

/**
 * The SSRF guard on a URL of `appName`: guarded, the host is checked (and its addresses pinned when
 * `pins` are given, before a request); with private URLs allowed only the scheme is. A name that does not resolve comes out as
 * `unreachable` in the app's name; the guard's refusals (`E_URL_NOT_ALLOWED`) as they are.
 */
export async function guardRequestUrl(appName: string, url: URL, options: { allowPrivateUrls?: boolean; pins?: AddressPins; lookup?: HostLookup }): Promise<void> {
  try {
    if (options.allowPrivateUrls !== true && options.pins) await options.pins.check(url, options.lookup);
    else await assertPublicUrl(url, { allowPrivate: options.allowPrivateUrls === true, ...(options.lookup ? { lookup: options.lookup } : {}) });
  } catch (error) {
    // The guard's only network failure is a name that does not resolve, whatever the resolver's error says.
    if (isOperationalError(error) && error.code === 'E_NETWORK') {
      throw new OperationalError('E_NETWORK', `Could not reach ${appName} (network): ${unresolved(url)}.`, undefined, { cause: error.cause });
    }
    throw error;
  }
}
