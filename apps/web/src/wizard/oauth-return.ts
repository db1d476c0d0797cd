import type { Side } from '../settings/settings.model';
import type { WizardState } from './wizard.model';

/** Where the wizard keeps itself while the browser is away at the app's consent page. */
const DRAFT_KEY = 'sluice.wizard.draft';

/** What the server's `/oauth/callback` put in the URL when it sent the browser back. */
export type OAuthReturn = { side: Side; app: string; ok: true; credentialId: string } | { side: Side; app: string; ok: false; code: string };

/**
 * Reads the outcome of a consent from the wizard's URL query; null when the page was not opened
 * by the callback. Pure.
 * @example parseOAuthReturn('?side=a&oauth=ok&app=google-contacts&credential=k1') // { side: 'a', app: 'google-contacts', ok: true, credentialId: 'k1' }
 */
export function parseOAuthReturn(search: string): OAuthReturn | null {
  const q = new URLSearchParams(search);
  const oauth = q.get('oauth');
  const side = q.get('side') === 'b' ? 'b' : 'a';
  const app = q.get('app') ?? '';
  if (oauth === 'ok' && q.get('credential')) return { side, app, ok: true, credentialId: q.get('credential')! };
  if (oauth === 'error') return { side, app, ok: false, code: q.get('code') ?? 'E_OAUTH_FAILED' };
  return null;
}

/**
 * The sentence the wizard shows for a consent that failed, by the server's stable code (the URL
 * carries codes only, so a crafted link cannot put its own words on the page). Pure.
 */
export function oauthErrorText(code: string, appName: string): string {
  switch (code) {
    case 'E_OAUTH_DENIED':
      return `You did not allow Sluice to use ${appName}. Click the button again and choose Allow to connect.`;
    case 'E_OAUTH_STATE_EXPIRED':
      return 'The consent took longer than 10 minutes. Start it again.';
    case 'E_OAUTH_STATE_MISSING':
    case 'E_OAUTH_STATE_INVALID':
      return 'This consent was already used or did not come from Sluice. Start it again.';
    case 'E_OAUTH_OTHER_SESSION':
      return 'This consent was started in another browser or session. Start it again here.';
    case 'E_OAUTH_SIGNED_OUT':
      return 'You were signed out during the consent. Sign in and start it again.';
    case 'E_OAUTH_TOKEN':
      return `${appName} did not hand out access for this consent. Try again; if it keeps failing, the operator should check the OAuth client id, secret and redirect URL.`;
    case 'E_OAUTH_UNREACHABLE':
      return `${appName} could not be reached. Try again in a moment.`;
    case 'E_AUTH_REJECTED':
      return `${appName} gave access but refused Sluice's first call (a scope is missing, or the API is not enabled for the OAuth client).`;
    default:
      return `${appName} refused the consent request. The operator should check the OAuth app's settings (redirect URL, scopes).`;
  }
}

/** Keeps the wizard in this tab's sessionStorage (nothing secret: apps, settings, credential ids). */
export function saveDraft(state: WizardState, storage: Storage = sessionStorage): void {
  storage.setItem(DRAFT_KEY, JSON.stringify(state));
}

/**
 * The kept wizard, left in storage; null when there is none or it is unreadable. A page reads it
 * while rendering and removes it (`clearDraft`) once that render is on screen: React may render a
 * component more than once before it commits (a render that suspends is thrown away and started
 * again, state initialisers included), and each of those renders must find the same draft.
 */
export function readDraft(storage: Storage = sessionStorage): WizardState | null {
  const text = storage.getItem(DRAFT_KEY);
  if (!text) return null;
  try {
    const draft = JSON.parse(text) as WizardState;
    return typeof draft === 'object' && draft !== null && typeof draft.step === 'number' && typeof draft.apps === 'object' ? draft : null;
  } catch {
    return null;
  }
}

/** Forgets the kept wizard. */
export function clearDraft(storage: Storage = sessionStorage): void {
  storage.removeItem(DRAFT_KEY);
}

/**
 * The wizard after a consent: the kept draft (else a fresh one at step 2 with the app picked) with
 * the new credential on its side (unlabelled: the page names it after the app), or unchanged when the
 * consent failed. Pure.
 */
export function resumeAfterConsent(draft: WizardState | null, back: OAuthReturn, fresh: WizardState): WizardState {
  const base: WizardState = draft ?? { ...fresh, step: 2, apps: { [back.side]: back.app } };
  if (!back.ok) return { ...base, step: 2 };
  const config = base.access[back.side]?.config ?? {};
  return { ...base, step: 2, access: { ...base.access, [back.side]: { config, credentialId: back.credentialId } } };
}

/**
 * Asks the server for the app's consent URL (which also sets the browser-binding cookie); rejects
 * with the server's message (e.g. which variables the operator must set).
 */
export async function startConsent(body: { app: string; returnTo: { kind: 'wizard'; side: Side } | { kind: 'connection'; id: string }; credentialId?: string }): Promise<string> {
  const res = await fetch('/oauth/start', { method: 'POST', headers: { 'content-type': 'application/json' }, credentials: 'same-origin', body: JSON.stringify(body) });
  const answer = (await res.json().catch(() => ({}))) as { url?: string; message?: string };
  if (!res.ok || !answer.url) throw new Error(answer.message ?? `The consent could not start (${res.status}).`);
  return answer.url;
}
