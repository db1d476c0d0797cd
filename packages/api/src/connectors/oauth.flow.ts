import { createHash, timingSafeEqual } from 'node:crypto';
import { isOperationalError, isUserError, UserError } from '@sluice/core';
import { actorOf } from '../audit/audit.recorder';
import { refusalFor, roleAtLeast } from '../auth/roles';
import type { Store } from '@sluice/store';
import { userForSession } from '../auth/session.resolver';
import type { ApiUser } from '../context';
import type { SyncRuntime } from '@sluice/runtime';
import type { ConnectorDirectory } from '@sluice/runtime';
import { oauthClientOf, oauthEnvNames, oauthProviderOf, type OAuthSettings } from '@sluice/runtime';
import { exchangeCode, type OAuthSecret } from './oauth-token.exchange';
import { randomToken, tokenHash, type OAuthReturn, type OAuthStateStore } from './oauth-state.store';

/** What the consent flow needs from the server: storage, the workers, the apps, pending states, the OAuth clients. */
export interface OAuthDeps {
  db: Store;
  engine: SyncRuntime;
  connectors: ConnectorDirectory;
  states: OAuthStateStore;
  oauth: OAuthSettings;
  fetch?: typeof fetch;
}

/** Why a consent did not end in a stored credential; stable codes the web app turns into words. */
export type OAuthFailure =
  | 'E_OAUTH_STATE_MISSING'
  | 'E_OAUTH_STATE_INVALID'
  | 'E_OAUTH_STATE_EXPIRED'
  | 'E_OAUTH_OTHER_SESSION'
  | 'E_OAUTH_SIGNED_OUT'
  | 'E_OAUTH_DENIED'
  | 'E_OAUTH_FAILED'
  | 'E_OAUTH_TOKEN'
  | 'E_OAUTH_UNREACHABLE'
  | 'E_AUTH_REJECTED';

export type OAuthOutcome =
  | { ok: true; app: string; credentialId: string; returnTo: OAuthReturn }
  | { ok: false; code: OAuthFailure; app?: string; returnTo?: OAuthReturn };

/** RFC 7636 S256 challenge of a verifier. Pure. */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/**
 * Starts a consent: checks the app is configured (else names the variables to set) and, for a
 * reconnect, that the credential is this workspace's and this app's; issues a one-time state bound to
 * the session and to a browser-binding secret the caller sets as a cookie; returns the vendor's
 * authorize URL (scopes, PKCE S256 where supported).
 */
export async function startOAuth(
  deps: OAuthDeps,
  input: { user: ApiUser; sessionToken: string; app: string; label?: string; credentialId?: string; returnTo: OAuthReturn; publicUrl: string },
): Promise<{ url: string; binding: string }> {
  // The same rights as credentials.add (editor) and credentials.reauthorize (admin).
  const needed = input.credentialId ? 'admin' : 'editor';
  if (!roleAtLeast(input.user.role, needed)) throw new UserError('E_FORBIDDEN', refusalFor(needed, input.user.role));
  const provider = oauthProviderOf(input.app);
  const factory = deps.connectors.get(input.app);
  if (!provider || !factory) throw new UserError('E_NOT_FOUND', `"${input.app}" has no OAuth consent in Sluice.`);
  const client = oauthClientOf(input.app, deps.oauth);
  if (!client) {
    const names = oauthEnvNames(provider);
    throw new UserError('E_OAUTH_NOT_CONFIGURED', `Connecting ${factory.app.name} needs the operator to set ${names.clientId} and ${names.clientSecret} (see docs/operations.md, "OAuth apps").`);
  }
  let label = input.label ?? `${factory.app.name} account`;
  if (input.credentialId) {
    const existing = await deps.db.credentials.get(input.user.workspaceId, input.credentialId);
    if (!existing || existing.app !== input.app) throw new UserError('E_NOT_FOUND', `No ${factory.app.name} credential "${input.credentialId}" in this workspace.`);
    label = existing.label;
  }
  const binding = randomToken();
  const codeVerifier = provider.pkce ? randomToken(48) : undefined;
  const redirectUri = `${input.publicUrl.replace(/\/+$/, '')}/oauth/callback`;
  const state = deps.states.issue({
    app: input.app,
    userId: input.user.id,
    workspaceId: input.user.workspaceId,
    sessionToken: input.sessionToken,
    bindingHash: tokenHash(binding),
    label,
    ...(input.credentialId ? { credentialId: input.credentialId } : {}),
    returnTo: input.returnTo,
    redirectUri,
    ...(codeVerifier ? { codeVerifier } : {}),
  });
  const url = new URL(client.authorizeUrl);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', client.clientId);
  url.searchParams.set('redirect_uri', redirectUri);
  if (provider.scopes.length > 0) url.searchParams.set('scope', provider.scopes.join(' '));
  url.searchParams.set('state', state);
  if (codeVerifier) {
    url.searchParams.set('code_challenge', pkceChallenge(codeVerifier));
    url.searchParams.set('code_challenge_method', 'S256');
  }
  for (const [k, v] of Object.entries(provider.authorizeParams ?? {})) url.searchParams.set(k, v);
  return { url: url.toString(), binding };
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Finishes a consent on the vendor's redirect: the state must be known, unused and fresh, presented
 * by the browser that started it (binding cookie) whose session is still signed in; then the code
 * is exchanged, the tokens checked against the app at once, and stored encrypted as a new credential
 * or as the new secret of the one being re-authorised (its connections are told). Never throws for
 * the user's mistakes: the outcome says what went wrong.
 */
export async function completeOAuth(
  deps: OAuthDeps,
  input: { query: { state?: string; code?: string; error?: string }; binding: string | null; sessionToken: string | null },
): Promise<OAuthOutcome> {
  const { state, code, error } = input.query;
  if (!state) return { ok: false, code: 'E_OAUTH_STATE_MISSING' };
  const taken = deps.states.take(state);
  if (!taken) return { ok: false, code: 'E_OAUTH_STATE_INVALID' };
  const { pending } = taken;
  const fail = (failure: OAuthFailure): OAuthOutcome => ({ ok: false, code: failure, app: pending.app, returnTo: pending.returnTo });
  if (taken.expired) return fail('E_OAUTH_STATE_EXPIRED');
  // The SameSite=Strict session cookie is absent when the vendor is another site; when a browser does
  // send one, it must be the session that started the flow.
  if (!input.binding || !sameSecret(tokenHash(input.binding), pending.bindingHash)) return fail('E_OAUTH_OTHER_SESSION');
  if (input.sessionToken && !sameSecret(input.sessionToken, pending.sessionToken)) return fail('E_OAUTH_OTHER_SESSION');
  const user = await userForSession(deps.db, pending.sessionToken);
  if (!user || user.id !== pending.userId) return fail('E_OAUTH_SIGNED_OUT');
  if (error) return fail(error === 'access_denied' ? 'E_OAUTH_DENIED' : 'E_OAUTH_FAILED');
  if (!code) return fail('E_OAUTH_FAILED');
  const client = oauthClientOf(pending.app, deps.oauth);
  if (!client) return fail('E_OAUTH_FAILED');

  let secret: OAuthSecret;
  try {
    secret = await exchangeCode(client, { code, redirectUri: pending.redirectUri, ...(pending.codeVerifier ? { codeVerifier: pending.codeVerifier } : {}) }, { fetch: deps.fetch, allowPrivateUrls: deps.connectors.allowPrivateUrls });
    await checkTokens(deps.connectors, pending.app, secret);
  } catch (e) {
    if (isUserError(e)) return fail(e.code === 'E_AUTH_REJECTED' ? 'E_AUTH_REJECTED' : 'E_OAUTH_TOKEN');
    if (isOperationalError(e)) return fail('E_OAUTH_UNREACHABLE');
    throw e;
  }

  const workspaceId = pending.workspaceId;
  if (pending.credentialId) {
    const existing = await deps.db.credentials.get(workspaceId, pending.credentialId);
    if (!existing) return fail('E_OAUTH_STATE_INVALID');
    await deps.db.credentials.replaceSecret(workspaceId, pending.credentialId, secret);
    await deps.db.credentials.markChecked(workspaceId, pending.credentialId, 'ok');
    for (const connectionId of await deps.db.connections.usingCredential(workspaceId, pending.credentialId)) {
      await deps.engine.send({ workspaceId, connectionId }, 'reauthorized');
    }
    const target = { type: 'credential' as const, id: existing.id, name: existing.label };
    await deps.db.audit.append(workspaceId, { actor: actorOf(user), action: 'credential.reauthorized', target, summary: `Gave the ${existing.app} credential “${existing.label}” new access (OAuth consent).` }, Date.now());
    return { ok: true, app: pending.app, credentialId: pending.credentialId, returnTo: pending.returnTo };
  }
  const created = await deps.db.credentials.create(workspaceId, { app: pending.app, label: pending.label, secret, status: 'ok', checkedAt: Date.now() });
  const target = { type: 'credential' as const, id: created.id, name: created.label };
  await deps.db.audit.append(workspaceId, { actor: actorOf(user), action: 'credential.added', target, summary: `Added the ${pending.app} credential “${created.label}” (OAuth consent).`, details: { app: pending.app } }, Date.now());
  return { ok: true, app: pending.app, credentialId: created.id, returnTo: pending.returnTo };
}

/** The new tokens must work before they are stored: one authenticated call to the app. */
async function checkTokens(connectors: ConnectorDirectory, app: string, secret: OAuthSecret): Promise<void> {
  const factory = connectors.get(app);
  if (!factory) throw new UserError('E_NOT_FOUND', `There is no app "${app}".`);
  const connector = factory.create({ config: {}, credential: secret });
  try {
    await connector.checkAuth(AbortSignal.timeout(20_000));
  } finally {
    await connector.close?.();
  }
}
