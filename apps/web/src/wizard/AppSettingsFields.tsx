import { useEffect, useState } from 'react';
import { settingValue, type AppInfo, type AppSettingInfo, type SettingChoiceInfo } from './wizard.model';

interface AppSettingsFieldsProps {
  /** Prefix of the element ids (from the access section's `useId`). */
  id: string;
  app: AppInfo;
  /** The checked credential the account's choices are read with. */
  credentialId: string;
  config: Record<string, unknown>;
  onChange: (config: Record<string, unknown>) => void;
  /** The values of a setting read from the account (`choices: 'account'`); rejects with the reason. */
  loadChoices: (key: string) => Promise<SettingChoiceInfo[]>;
}

/**
 * The app's own settings for this side, once its key is checked: one choice each (a Mailchimp
 * audience read from the account, how new contacts are added), with the chosen value's consequence.
 */
export function AppSettingsFields({ id, app, credentialId, config, onChange, loadChoices }: AppSettingsFieldsProps) {
  return (
    <>
      {(app.settings ?? []).map((setting) => (
        <SettingField
          key={`${credentialId}:${setting.key}`}
          id={`${id}-setting-${setting.key}`}
          setting={setting}
          value={settingValue(setting, config)}
          onChange={(value) => onChange({ ...config, [setting.key]: value })}
          load={() => loadChoices(setting.key)}
        />
      ))}
    </>
  );
}

type Loaded = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; choices: readonly SettingChoiceInfo[] };

function SettingField({ id, setting, value, onChange, load }: { id: string; setting: AppSettingInfo; value: string; onChange: (value: string) => void; load: () => Promise<SettingChoiceInfo[]> }) {
  const fixed = setting.choices !== 'account' ? setting.choices : undefined;
  const [loaded, setLoaded] = useState<Loaded>(fixed ? { state: 'ready', choices: fixed } : { state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (fixed) return;
    let current = true;
    setLoaded({ state: 'loading' });
    load().then(
      (choices) => current && setLoaded({ state: 'ready', choices }),
      (e: unknown) => current && setLoaded({ state: 'failed', message: e instanceof Error ? e.message : 'The app did not answer.' }),
    );
    return () => {
      current = false;
    };
    // Read once per credential (the parent keys this field by it) and per retry.
  }, [attempt]);

  const chosen = loaded.state === 'ready' ? loaded.choices.find((c) => c.value === value) : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{setting.label}</label>
      {loaded.state === 'failed' ? (
        <p className="error-text" role="alert">
          Could not read the choices: {loaded.message}{' '}
          <button type="button" className="link-button" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </button>
        </p>
      ) : (
        <select
          id={id}
          className="input"
          value={value}
          disabled={loaded.state === 'loading'}
          aria-describedby={`${id}-help`}
          aria-required={setting.required ? true : undefined}
          onChange={(e) => onChange(e.target.value)}
        >
          {loaded.state === 'loading' && <option value={value}>Loading…</option>}
          {loaded.state === 'ready' && !chosen && <option value="">{loaded.choices.length === 0 ? 'None in this account' : 'Choose…'}</option>}
          {loaded.state === 'ready' &&
            loaded.choices.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
        </select>
      )}
      <p id={`${id}-help`} className="hint">
        {chosen?.help ?? setting.help}
      </p>
    </div>
  );
}
