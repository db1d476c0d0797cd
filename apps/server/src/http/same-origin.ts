const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface OriginHeaders {
  method: string;
  host?: string;
  origin?: string;
  secFetchSite?: string;
  /** `http` or `https`, as the request arrived (behind a trusted proxy: its X-Forwarded-Proto). */
  protocol?: string;
  /** The origin of `SLUICE_PUBLIC_URL` (`https://sluice.example.com`), accepted as ours too. */
  publicOrigin?: string;
}

/**
 * Whether a request may change state: safe methods always; otherwise a browser must say the request
 * comes from our own pages (`Sec-Fetch-Site: same-origin`, or an `Origin` whose scheme and host are
 * ours: `http://` pages of the same name are another origin, e.g. a network attacker's injected page
 * writing to the https site). Requests with neither header come from scripts, not browsers, and carry
 * no ambient cookie risk. Pure.
 */
export function isSameOriginWrite(h: OriginHeaders): boolean {
  if (SAFE_METHODS.has(h.method.toUpperCase())) return true;
  if (h.secFetchSite && h.secFetchSite !== 'same-origin' && h.secFetchSite !== 'none') return false;
  if (h.origin !== undefined) {
    if (h.origin === 'null') return false;
    try {
      const origin = new URL(h.origin);
      if (h.publicOrigin !== undefined && origin.origin === h.publicOrigin) return true;
      return origin.host === h.host?.toLowerCase() && (h.protocol === undefined || origin.protocol === `${h.protocol}:`);
    } catch {
      return false;
    }
  }
  return true;
}
