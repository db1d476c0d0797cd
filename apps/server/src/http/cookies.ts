/** Name of the session cookie. */
export const SESSION_COOKIE = 'sluice_session';

/**
 * Reads one cookie from a `Cookie` header. Pure.
 * @example readCookie('a=1; sluice_session=abc', 'sluice_session') // 'abc'
 */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      const raw = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(raw);
      } catch {
        return null;
      }
    }
  }
  return null;
}

/**
 * The `Set-Cookie` value of the session: httpOnly, SameSite=Strict, path /, Secure when served
 * over https. `expiresAt: null` deletes the cookie. Pure.
 */
export function sessionCookie(token: string | null, expiresAt: Date | null, secure: boolean): string {
  const parts = [`${SESSION_COOKIE}=${token ? encodeURIComponent(token) : ''}`, 'Path=/', 'HttpOnly', 'SameSite=Strict'];
  if (token && expiresAt) parts.push(`Expires=${expiresAt.toUTCString()}`);
  else parts.push('Max-Age=0');
  if (secure) parts.push('Secure');
  return parts.join('; ');
}
