import { useState } from 'react';
import { accessErrorText, appCodeOf } from './access-error';
import { appAddressProblem } from './app-address';
import { secretFieldOf, type AppInfo } from './wizard.model';

interface AccessKeyFormProps {
  /** Prefix of the form's element ids (from the access section's `useId`). */
  id: string;
  app: AppInfo;
  /** Whether a "Connect with…" button sits above, so this form's button is the secondary one. */
  besideConsent: boolean;
  /**
   * Checks the key at once, against `address` when one is given (else the app's own); resolves when
   * it is stored, rejects with the app's reason (the API's error, with `data.appCode`).
   */
  onCheck: (secret: Record<string, string>, address: string | undefined) => Promise<void>;
  /** A new key for a credential that was bound to another address than the app's own: the address is asked again, unfolded. */
  boundElsewhere?: boolean;
}

/**
 * A pasted API key, checked against the app at once, with "Advanced: app address" (folded) for an
 * account reached at another address than the app's own: the key is then bound to that address.
 * OAuth apps never come here: they are reached through their consent screen.
 */
export function AccessKeyForm({ id, app, besideConsent, onCheck, boundElsewhere = false }: AccessKeyFormProps) {
  const [key, setKey] = useState('');
  const [address, setAddress] = useState('');
  const [advanced, setAdvanced] = useState(boundElsewhere);
  const [addressError, setAddressError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Only a key the app refused is marked wrong: when the app was not reached, the key was never checked.
  const [keyRefused, setKeyRefused] = useState(false);
  const [checking, setChecking] = useState(false);
  const keySettings = app.auth.keySettings ?? [];
  const [extras, setExtras] = useState<Record<string, string>>(() => Object.fromEntries(keySettings.map((k) => [k.key, k.default ?? ''])));

  const check = async () => {
    const problem = appAddressProblem(address);
    setAddressError(problem);
    setError(null);
    setKeyRefused(false);
    if (problem) {
      setAdvanced(true);
      return;
    }
    setChecking(true);
    try {
      // What goes with the key (a region) is part of the credential: the key works only with it.
      const chosen = Object.fromEntries(Object.entries(extras).filter(([, v]) => v !== ''));
      await onCheck({ [secretFieldOf(app.id)]: key.trim(), ...chosen }, address.trim() || undefined);
      setKey('');
    } catch (e) {
      setError(accessErrorText(app.name, e));
      setKeyRefused(appCodeOf(e) === 'E_AUTH_REJECTED');
    } finally {
      setChecking(false);
    }
  };

  return (
    <form
      className="access-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void check();
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-key`}>{`${app.name} API key`}</label>
        <input
          id={`${id}-key`}
          className="input"
          type="password"
          autoComplete="off"
          value={key}
          aria-invalid={keyRefused ? true : undefined}
          aria-describedby={`${id}-help${error ? ` ${id}-error` : ''}`}
          onChange={(e) => setKey(e.target.value)}
        />
        <p id={`${id}-help`} className="hint">
          {app.auth.help ?? 'Find the key in the app’s settings.'}
        </p>
      </div>
      {keySettings.map((k) => (
        <div key={k.key} className="field">
          <label htmlFor={`${id}-${k.key}`}>{k.label}</label>
          <select
            id={`${id}-${k.key}`}
            className="input"
            value={extras[k.key] ?? ''}
            aria-describedby={`${id}-${k.key}-help`}
            onChange={(e) => setExtras({ ...extras, [k.key]: e.target.value })}
          >
            {k.choices !== 'account' &&
              k.choices.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
          </select>
          <p id={`${id}-${k.key}-help`} className="hint">
            {(k.choices !== 'account' && k.choices.find((c) => c.value === extras[k.key])?.help) || k.help}
          </p>
        </div>
      ))}
      <details className="access-advanced" open={advanced} onToggle={(e) => setAdvanced(e.currentTarget.open)}>
        <summary>Advanced: app address</summary>
        <div className="field">
          <label htmlFor={`${id}-address`}>App address</label>
          <input
            id={`${id}-address`}
            className="input"
            type="url"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            placeholder="https://"
            value={address}
            aria-invalid={addressError ? true : undefined}
            aria-describedby={`${id}-address-help${addressError ? ` ${id}-address-error` : ''}`}
            onChange={(e) => {
              setAddress(e.target.value);
              setAddressError(null);
            }}
          />
          <p id={`${id}-address-help`} className="hint">
            {boundElsewhere && <>The old key was added for another address than {app.name}&apos;s own: give that address again if the new key goes there too. </>}
            Only if your {app.name} account is reached at another address than {app.name}&apos;s own, such as a company proxy: Sluice checks the key there and
            sends it nowhere else. Leave it empty to use {app.name}&apos;s own address.
          </p>
          {addressError && (
            <p id={`${id}-address-error`} className="error-text" role="alert">
              {addressError}
            </p>
          )}
        </div>
      </details>
      <div className="settings-actions">
        <button type="submit" className={besideConsent ? 'btn' : 'btn btn-primary'} disabled={!key.trim() || checking}>
          {checking ? 'Checking…' : 'Check key'}
        </button>
      </div>
      {error && (
        <p id={`${id}-error`} className="error-text" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
