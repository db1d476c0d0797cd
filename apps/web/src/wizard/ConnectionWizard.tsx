import { useEffect, useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC, useTRPCClient } from '../api/trpc';
import { navigate } from '../app/useRoute';
import { Link } from '../app/Link';
import { SettingsEditors } from '../settings/SettingsEditors';
import { modeLabel, type Side } from '../settings/settings.model';
import { ErrorState, errorMessage } from '../ui/ErrorState';
import { LoadingState } from '../ui/LoadingState';
import { AppAccess } from './AppAccess';
import { AppPicker } from './AppPicker';
import { clearDraft, oauthErrorText, parseOAuthReturn, readDraft, resumeAfterConsent, saveDraft, startConsent, type OAuthReturn } from './oauth-return';
import { useSettingsData } from '../settings/useSettingsData';
import { canAdvance, initialWizard, sidesOf, toDraft, wizardSteps, type Access, type AppInfo, type WizardState } from './wizard.model';
import './wizard.css';

/** The quickstart as a wizard: select apps, grant access, configure, start syncing. */
export default function ConnectionWizard() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const apps = useQuery(trpc.apps.list.queryOptions());
  const oauthApps = useQuery(trpc.credentials.oauthApps.queryOptions());
  // Back from an app's consent page: the wizard as it was, with the new credential on its side.
  const [consent] = useState<OAuthReturn | null>(() => parseOAuthReturn(window.location.search));
  const [state, setState] = useState<WizardState>(() => (consent ? resumeAfterConsent(readDraft(), consent, initialWizard) : initialWizard));
  const [consentFailure, setConsentFailure] = useState(consent && !consent.ok ? consent : null);
  useEffect(() => {
    // The outcome and the kept wizard are used once, by the render now on screen (not while
    // rendering: a render React throws away must not use them up); a reload must not apply them again.
    if (!consent) return;
    window.history.replaceState(window.history.state, '', window.location.pathname);
    clearDraft();
  }, [consent]);
  // The apps' fields, read with the chosen files and keys from step 3 on (the editors share these queries).
  const sides = sidesOf(state);
  const settingsData = useSettingsData(state.step >= 3 ? sides : {});
  const heading = useRef<HTMLHeadingElement>(null);
  // Focus the step's heading when the step changes, so keyboard and screen-reader users land on it.
  useEffect(() => heading.current?.focus(), [state.step]);

  const create = useMutation({
    mutationFn: async (start: boolean) => {
      const list = apps.data ?? [];
      const names = { a: list.find((x) => x.id === state.apps.a)?.name ?? '', b: list.find((x) => x.id === state.apps.b)?.name ?? '' };
      if ([state.apps.a, state.apps.b].some((id) => id?.startsWith('sandbox-'))) await client.sandbox.seed.mutate();
      const created = await client.connections.create.mutate(toDraft(state, names));
      if (start) await client.connections.start.mutate({ id: created.id });
      return created;
    },
    onSuccess: (created, start) => {
      void queryClient.invalidateQueries({ queryKey: trpc.connections.list.queryKey() });
      navigate({ name: 'connection', id: created.id, tab: start ? 'history' : 'rules' });
    },
  });

  if (apps.isPending) return <LoadingState label="Loading the apps…" minHeight="60vh" />;
  if (apps.isError) return <ErrorState title="Could not load the apps" error={apps.error} onRetry={() => void apps.refetch()} />;
  const list = apps.data as AppInfo[];
  const appOf = (side: Side) => list.find((a) => a.id === state.apps[side]);
  const names = { a: appOf('a')?.name ?? 'App A', b: appOf('b')?.name ?? 'App B' };
  const ready = canAdvance(state, list, !settingsData.isPending && !settingsData.error);
  const go = (step: WizardState['step']) => setState((s) => ({ ...s, step }));

  return (
    <div className="page wizard">
      <header className="page-header">
        <div>
          <h1>Add a new connection</h1>
          <p>Four steps, then Sluice keeps both apps in sync. Everything stays editable later.</p>
        </div>
        <Link to={{ name: 'connections' }} className="btn">
          Cancel
        </Link>
      </header>
      <ol className="wizard-steps" aria-label="Steps">
        {wizardSteps.map((s) => (
          <li key={s.step} aria-current={s.step === state.step ? 'step' : undefined} className={s.step < state.step ? 'is-done' : ''}>
            <span className="wizard-step-number" aria-hidden="true">
              {s.step < state.step ? '✓' : s.step}
            </span>
            {s.label}
          </li>
        ))}
      </ol>
      <h2 ref={heading} tabIndex={-1} className="wizard-heading">
        {state.step}. {wizardSteps[state.step - 1]?.label}
      </h2>

      {state.step === 1 && (
        <div className="wizard-columns">
          {(['a', 'b'] as const).map((side) => (
            <AppPicker
              key={side}
              label={side === 'a' ? 'App A' : 'App B'}
              apps={list}
              value={state.apps[side]}
              onChange={(id) => setState((s) => ({ ...s, apps: { ...s.apps, [side]: id }, access: { ...s.access, [side]: undefined } }))}
            />
          ))}
        </div>
      )}

      {state.step === 2 && (
        <div className="wizard-columns">
          {(['a', 'b'] as const).map((side) => {
            const app = appOf(side);
            return app ? (
              <AppAccess
                key={side}
                app={app}
                access={withLabel(state.access[side], app.name)}
                onChange={(access) => setState((s) => ({ ...s, access: { ...s.access, [side]: access } }))}
                onCheckKey={(secret, config) => client.credentials.add.mutate({ app: app.id, label: `${app.name} key`, secret, config })}
                onLoadChoices={(key, credentialId) => client.apps.settingChoices.query({ id: app.id, key, credentialId })}
                oauth={oauthApps.data?.find((o) => o.app === app.id)}
                notice={consentFailure?.side === side && consentFailure.app === app.id ? oauthErrorText(consentFailure.code, app.name) : null}
                onConnect={async () => {
                  setConsentFailure(null);
                  const url = await startConsent({ app: app.id, returnTo: { kind: 'wizard', side } });
                  // Kept only now that the server agreed: the browser leaves the app for the consent page.
                  saveDraft(state);
                  window.location.assign(url);
                }}
              />
            ) : null;
          })}
        </div>
      )}

      {state.step === 3 && state.apps.a && state.apps.b && (
        <div className="settings-stack">
          <SettingsEditors sides={sides} names={names} value={state.settings} onChange={(settings) => setState((s) => ({ ...s, settings }))} />
          <section className="settings-group" aria-label="Rules">
            <h3>Rules per direction</h3>
            <p className="hint">
              Until you draw rules, every contact syncs. Choose <strong>Save and draw rules first</strong> on the next step to open the rule editor (IF/THEN graphs with a live
              preview) before anything syncs; rules stay editable on the connection&apos;s Rules tab.
            </p>
          </section>
        </div>
      )}

      {state.step === 4 && (
        <section className="settings-group wizard-review" aria-label="Review">
          <div className="field">
            <label htmlFor="wizard-name">Connection name</label>
            <input id="wizard-name" className="input" placeholder={`${names.a} ↔ ${names.b}`} value={state.name} onChange={(e) => setState((s) => ({ ...s, name: e.target.value }))} />
          </div>
          <ul className="review-list">
            <li>{modeLabel(state.settings.mode, names)}</li>
            <li>Conflicts: {names[state.settings.conflict.winner]} wins{Object.keys(state.settings.conflict.fields).length > 0 ? `, ${Object.keys(state.settings.conflict.fields).length} field override(s)` : ''}</li>
            <li>Field mappings: the default mapping{state.settings.mappings.length > 0 ? ` with ${state.settings.mappings.length} change(s)` : ''}</li>
            <li>Rules: every contact syncs until you draw rules</li>
          </ul>
          {create.isError && (
            <p className="error-text" role="alert">
              Not created: {errorMessage(create.error)}
            </p>
          )}
          <div className="settings-actions">
            <button type="button" className="btn btn-primary btn-lg" disabled={create.isPending} onClick={() => create.mutate(true)}>
              {create.isPending && create.variables ? 'Starting…' : 'Start syncing now!'}
            </button>
            <button type="button" className="btn" disabled={create.isPending} onClick={() => create.mutate(false)}>
              Save and draw rules first
            </button>
          </div>
        </section>
      )}

      <footer className="wizard-nav">
        <button type="button" className="btn" disabled={state.step === 1} onClick={() => go((state.step - 1) as WizardState['step'])}>
          Back
        </button>
        {state.step < 4 && (
          <button type="button" className="btn btn-primary" disabled={!ready} onClick={() => go((state.step + 1) as WizardState['step'])}>
            Next
          </button>
        )}
        {!ready && !(state.step === 3 && settingsData.isPending) && <span className="hint">{notReadyHint[state.step]}</span>}
      </footer>
    </div>
  );
}

/** Why Next is disabled, per step. */
const notReadyHint: Record<WizardState['step'], string> = {
  1: 'Pick app A and app B.',
  2: 'Grant access to both apps.',
  3: "The apps' fields must load first: fix the problem above (Back changes a file or key).",
  4: '',
};

/** A credential from a consent has no label in the URL that brought it: name it after the app. */
function withLabel(access: Access | undefined, appName: string): Access | undefined {
  return access?.credentialId && !access.credentialLabel ? { ...access, credentialLabel: `${appName} account` } : access;
}
