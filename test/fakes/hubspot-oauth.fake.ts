import type { FakeRequest, FakeResponse, FakeServer } from './fake-server';
import { FakeOAuthServer } from './oauth-server.fake';

const STATUS_OF: Record<string, string> = { invalid_grant: 'BAD_AUTH_CODE', invalid_client: 'BAD_CLIENT_ID' };

/**
 * HubSpot's OAuth as its docs describe it: the install/consent page (`GET /oauth/authorize`, scopes
 * space-separated, `optional_scope`), and `POST /oauth/v1/token` with the authorization-code and
 * refresh grants, client id/secret in the form body, errors as `{ status, message }`. Access tokens
 * it issues go into `tokens`, the set the CRM fake accepts.
 */
export class HubSpotOAuthFake {
  readonly client = { id: 'hs-client', secret: 'hs-secret' };
  readonly refreshTokens = new Set<string>();
  refreshCount = 0;
  readonly oauth: FakeOAuthServer;

  constructor(private readonly tokens: Set<string>) {
    this.oauth = new FakeOAuthServer({
      client: this.client,
      clientAuth: 'body',
      authorizePath: '/oauth/authorize',
      requiredScopes: ['crm.objects.contacts.read', 'crm.objects.contacts.write'],
      pkce: false,
      issue: () => {
        const n: number = this.oauth.exchanges;
        this.tokens.add(`hs-oauth-code-${n}`);
        this.refreshTokens.add(`hs-refresh-code-${n}`);
        return { accessToken: `hs-oauth-code-${n}`, refreshToken: `hs-refresh-code-${n}` };
      },
      errorBody: (error, description) => ({ status: STATUS_OF[error] ?? 'BAD_REQUEST', message: description, error }),
    });
  }

  mount(server: FakeServer): void {
    this.oauth.mount(server);
    server.route('POST', '/oauth/v1/token', (r) => this.token(r));
  }

  private token(r: FakeRequest): FakeResponse {
    const form = new URLSearchParams(typeof r.body === 'string' ? r.body : '');
    if (form.get('grant_type') === 'authorization_code') return this.oauth.exchange(r);
    if (form.get('client_id') !== this.client.id || form.get('client_secret') !== this.client.secret) return { status: 400, body: { status: 'BAD_CLIENT_ID', message: 'missing or unknown client id' } };
    if (form.get('grant_type') !== 'refresh_token' || !this.refreshTokens.has(form.get('refresh_token') ?? '')) return { status: 400, body: { status: 'BAD_REFRESH_TOKEN', message: 'missing or unknown refresh token' } };
    const access = `hs-oauth-refreshed-${++this.refreshCount}`;
    this.tokens.add(access);
    return { status: 200, body: { access_token: access, refresh_token: form.get('refresh_token'), expires_in: 1800, token_type: 'bearer' } };
  }
}
