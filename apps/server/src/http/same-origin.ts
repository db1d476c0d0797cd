const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface OriginHeaders {
  method: string;
  host?: string;
  origin?: string;
  secFetchSite?: string;
}

/**
 * Whether a request may change state: safe methods always; otherwise a browser must say the request
 * comes from our own pages (`Sec-Fetch-Site: same-origin`, or an `Origin` whose host is ours).
 * Requests with neither header come from scripts, not browsers, and carry no ambient cookie risk. Pure.
 */
export function isSameOriginWrite(h: OriginHeaders): boolean {
  if (SAFE_METHODS.has(h.method.toUpperCase())) return true;
  if (h.secFetchSite && h.secFetchSite !== 'same-origin' && h.secFetchSite !== 'none') return false;
  if (h.origin !== undefined) {
    if (h.origin === 'null') return false;
    try {
      return new URL(h.origin).host === h.host;
    } catch {
      return false;
    }
  }
  return true;
}
