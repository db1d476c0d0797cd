import { describe, expect, it } from 'vitest';
import { initialWizard, type WizardState } from './wizard.model';
import { clearDraft, oauthErrorText, parseOAuthReturn, readDraft, resumeAfterConsent, saveDraft } from './oauth-return';

describe('coming back from a consent', () => {
  it('reads the outcome the callback put in the URL, and nothing from other URLs', () => {
    expect(parseOAuthReturn('?side=b&oauth=ok&app=google-contacts&credential=k1')).toEqual({ side: 'b', app: 'google-contacts', ok: true, credentialId: 'k1' });
    expect(parseOAuthReturn('?side=a&oauth=error&code=E_OAUTH_DENIED&app=hubspot')).toEqual({ side: 'a', app: 'hubspot', ok: false, code: 'E_OAUTH_DENIED' });
    expect(parseOAuthReturn('')).toBeNull();
    expect(parseOAuthReturn('?oauth=ok')).toBeNull();
  });

  it('puts the wizard back where it was, with the new credential on its side', () => {
    const draft: WizardState = { ...initialWizard, step: 2, apps: { a: 'google-contacts', b: 'sandbox-outreach' }, access: { b: { config: {} } }, name: 'Mine' };
    const resumed = resumeAfterConsent(draft, { side: 'a', app: 'google-contacts', ok: true, credentialId: 'k1' }, initialWizard);
    expect(resumed).toEqual({ ...draft, access: { a: { config: {}, credentialId: 'k1' }, b: { config: {} } } });
    expect(resumeAfterConsent(draft, { side: 'a', app: 'google-contacts', ok: false, code: 'E_OAUTH_DENIED' }, initialWizard)).toEqual(draft);
  });

  it('starts at step 2 with the app picked when the draft is gone (another tab, storage cleared)', () => {
    const resumed = resumeAfterConsent(null, { side: 'b', app: 'hubspot', ok: true, credentialId: 'k2' }, initialWizard);
    expect(resumed.step).toBe(2);
    expect(resumed.apps).toEqual({ b: 'hubspot' });
    expect(resumed.access.b?.credentialId).toBe('k2');
  });

  it('gives the same draft to every read until it is cleared (a render React throws away reads it too), and garbage reads as nothing', () => {
    saveDraft({ ...initialWizard, step: 2, apps: { a: 'hubspot' } });
    expect(readDraft()?.apps).toEqual({ a: 'hubspot' });
    expect(readDraft()?.apps).toEqual({ a: 'hubspot' });
    clearDraft();
    expect(readDraft()).toBeNull();
    sessionStorage.setItem('sluice.wizard.draft', '{not json');
    expect(readDraft()).toBeNull();
  });

  it('explains every failure in words, naming the app', () => {
    expect(oauthErrorText('E_OAUTH_DENIED', 'Google Contacts')).toMatch(/did not allow Sluice to use Google Contacts/);
    expect(oauthErrorText('E_OAUTH_STATE_EXPIRED', 'HubSpot')).toMatch(/10 minutes/);
    expect(oauthErrorText('E_OAUTH_OTHER_SESSION', 'HubSpot')).toMatch(/another browser/);
    expect(oauthErrorText('E_SOMETHING_NEW', 'Pipedrive')).toMatch(/Pipedrive refused/);
  });
});
