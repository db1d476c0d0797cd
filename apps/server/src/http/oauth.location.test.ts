import { describe, expect, it } from 'vitest';
import { bindingCookie, oauthReturnLocation } from './oauth.location';

describe('oauth.location', () => {
  it('sends the browser back to the wizard side or the connection, with codes only', () => {
    expect(oauthReturnLocation({ ok: true, app: 'google-contacts', credentialId: 'k1', returnTo: { kind: 'wizard', side: 'a' } })).toBe('/connections/new?side=a&oauth=ok&app=google-contacts&credential=k1');
    expect(oauthReturnLocation({ ok: false, code: 'E_OAUTH_DENIED', app: 'hubspot', returnTo: { kind: 'connection', id: 'c/1' } })).toBe('/connections/c%2F1/rules?oauth=error&code=E_OAUTH_DENIED&app=hubspot');
    expect(oauthReturnLocation({ ok: false, code: 'E_OAUTH_STATE_INVALID' })).toBe('/connections/new?oauth=error&code=E_OAUTH_STATE_INVALID');
  });

  it('binds with an httpOnly Lax cookie on /oauth for ten minutes, and deletes it', () => {
    expect(bindingCookie('b1', true)).toBe('sluice_oauth=b1; Path=/oauth; HttpOnly; SameSite=Lax; Max-Age=600; Secure');
    expect(bindingCookie(null, false)).toBe('sluice_oauth=; Path=/oauth; HttpOnly; SameSite=Lax; Max-Age=0');
  });
});
