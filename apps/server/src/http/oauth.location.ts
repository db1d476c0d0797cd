import type { OAuthOutcome, OAuthReturn } from '@sluice/api';

/** Name of the cookie that binds a pending consent to the browser that started it. */
export const OAUTH_BINDING_COOKIE = 'sluice_oauth';

/**
 * The binding cookie: httpOnly, only sent to /oauth, ten minutes. SameSite=Lax rather than the
 * session's Strict because the vendor's redirect back is a cross-site top-level GET, which Lax
 * cookies survive and Strict ones do not. `null` deletes it. Pure.
 */
export function bindingCookie(binding: string | null, secure: boolean): string {
  const parts = [`${OAUTH_BINDING_COOKIE}=${binding ?? ''}`, 'Path=/oauth', 'HttpOnly', 'SameSite=Lax', binding ? 'Max-Age=600' : 'Max-Age=0'];
  if (secure) parts.push('Secure');
  return parts.join('; ');
}

function basePath(returnTo: OAuthReturn | undefined): { path: string; params: URLSearchParams } {
  if (returnTo?.kind === 'connection') return { path: `/connections/${encodeURIComponent(returnTo.id)}/rules`, params: new URLSearchParams() };
  return { path: '/connections/new', params: new URLSearchParams(returnTo ? { side: returnTo.side } : {}) };
}

/**
 * Where the browser goes after the callback: the wizard step or the connection it came from, with
 * `oauth=ok` and the new credential's id, or `oauth=error` and a stable code (never a free text a
 * crafted link could put on our page). Pure.
 * @example oauthReturnLocation({ ok: false, code: 'E_OAUTH_DENIED', app: 'hubspot', returnTo: { kind: 'wizard', side: 'b' } })
 * // '/connections/new?side=b&oauth=error&code=E_OAUTH_DENIED&app=hubspot'
 */
export function oauthReturnLocation(outcome: OAuthOutcome): string {
  const { path, params } = basePath(outcome.returnTo);
  if (outcome.ok) {
    params.set('oauth', 'ok');
    params.set('app', outcome.app);
    params.set('credential', outcome.credentialId);
  } else {
    params.set('oauth', 'error');
    params.set('code', outcome.code);
    if (outcome.app) params.set('app', outcome.app);
  }
  return `${path}?${params.toString()}`;
}
