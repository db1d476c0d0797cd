import { createHash, randomBytes } from 'node:crypto';
import type { FakeRequest, FakeResponse, FakeServer } from './fake-server';

/** How one vendor runs its OAuth 2.0 authorization server (RFC 6749 §4.1, RFC 7636). */
export interface FakeOAuthOptions {
  client: { id: string; secret: string };
  /** Client credentials on the token endpoint: form body (Google, HubSpot) or HTTP Basic (Pipedrive). */
  clientAuth: 'body' | 'basic';
  authorizePath: string;
  /** Scopes every authorize request must ask for (Pipedrive asks for none: they are set on the app). */
  requiredScopes: readonly string[];
  /** Whether the vendor checks a PKCE challenge when the client sends one. */
  pkce: boolean;
  /** Mints the tokens the vendor's API fake will accept for a granted code. */
  issue: () => { accessToken: string; refreshToken: string; extra?: Record<string, unknown> };
  /** The vendor's error body on the token endpoint. */
  errorBody?: (error: string, description: string) => unknown;
}

interface IssuedCode {
  redirectUri: string;
  challenge?: string;
  expiresAt: number;
}

const form = (r: FakeRequest) => new URLSearchParams(typeof r.body === 'string' ? r.body : '');

/**
 * A fake authorization server to mount on a vendor fake: an authorize page that consents at once
 * (or denies, with `consent = 'deny'`) and redirects back with `code` and `state`, and the
 * authorization-code grant of the token endpoint: client authentication, one-time codes that expire
 * after ten minutes, the same redirect_uri, and the S256 PKCE verifier when a challenge was sent.
 * The vendor's own token route hands `authorization_code` requests to `exchange`.
 */
export class FakeOAuthServer {
  consent: 'allow' | 'deny' = 'allow';
  /** The query of every authorize request, in order (tests check scopes, PKCE, redirect_uri). */
  readonly authorizeRequests: URLSearchParams[] = [];
  /** Codes exchanged for tokens so far. */
  exchanges = 0;
  private readonly codes = new Map<string, IssuedCode>();

  constructor(private readonly options: FakeOAuthOptions) {}

  /** Adds the authorize page to `server`; the token route stays the vendor fake's own. */
  mount(server: FakeServer): this {
    server.route('GET', this.options.authorizePath, (r) => this.authorize(r));
    return this;
  }

  private error(status: number, error: string, description: string): FakeResponse {
    return { status, body: this.options.errorBody?.(error, description) ?? { error, error_description: description } };
  }

  private authorize(r: FakeRequest): FakeResponse {
    const q = r.query;
    this.authorizeRequests.push(q);
    const redirect = q.get('redirect_uri') ?? '';
    // Vendors show their own error page (no redirect) when the client or the redirect URL is wrong.
    if (q.get('client_id') !== this.options.client.id) return this.error(401, 'invalid_client', 'The OAuth client was not found.');
    if (!/^https?:\/\//.test(redirect)) return this.error(400, 'redirect_uri_mismatch', 'The redirect URI is not registered.');
    const back = new URL(redirect);
    const state = q.get('state');
    if (state) back.searchParams.set('state', state);
    const scopes = new Set((q.get('scope') ?? '').split(' ').filter(Boolean));
    const missing = this.options.requiredScopes.filter((s) => !scopes.has(s));
    if (q.get('response_type') !== 'code' || missing.length > 0) {
      back.searchParams.set('error', missing.length > 0 ? 'invalid_scope' : 'unsupported_response_type');
    } else if (this.consent === 'deny') {
      back.searchParams.set('error', 'access_denied');
    } else {
      const code = randomBytes(12).toString('base64url');
      const challenge = this.options.pkce ? q.get('code_challenge') ?? undefined : undefined;
      if (challenge && q.get('code_challenge_method') !== 'S256') return this.error(400, 'invalid_request', 'Only S256 is accepted.');
      this.codes.set(code, { redirectUri: redirect, expiresAt: Date.now() + 10 * 60_000, ...(challenge ? { challenge } : {}) });
      back.searchParams.set('code', code);
    }
    return { status: 302, headers: { location: back.toString() }, body: {} };
  }

  /** The `authorization_code` grant of the vendor's token endpoint. */
  exchange(r: FakeRequest): FakeResponse {
    const f = form(r);
    let id = f.get('client_id');
    let secret = f.get('client_secret');
    if (this.options.clientAuth === 'basic') {
      const basic = /^Basic (.+)$/.exec(String(r.headers.authorization ?? ''))?.[1];
      [id, secret] = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':') : [null, null];
    }
    if (id !== this.options.client.id || secret !== this.options.client.secret) return this.error(401, 'invalid_client', 'Client authentication failed.');
    const code = f.get('code') ?? '';
    const issued = this.codes.get(code);
    // A code works once, whatever happens next (RFC 6749 §4.1.2).
    this.codes.delete(code);
    if (!issued || issued.expiresAt < Date.now()) return this.error(400, 'invalid_grant', 'The authorization code is invalid, used or expired.');
    if (f.get('redirect_uri') !== issued.redirectUri) return this.error(400, 'invalid_grant', 'redirect_uri does not match the authorize request.');
    if (issued.challenge) {
      const verifier = f.get('code_verifier') ?? '';
      if (createHash('sha256').update(verifier).digest('base64url') !== issued.challenge) return this.error(400, 'invalid_grant', 'The PKCE code verifier does not match the challenge.');
    }
    this.exchanges++;
    const tokens = this.options.issue();
    return { status: 200, body: { access_token: tokens.accessToken, refresh_token: tokens.refreshToken, expires_in: 3599, token_type: 'Bearer', ...tokens.extra } };
  }
}
