import { useState } from 'react';
import { accessErrorText } from './access-error';
import { secretFieldOf, type AppInfo } from './wizard.model';

interface AccessKeyFormProps {
  /** Prefix of the form's element ids (from the access section's `useId`). */
  id: string;
  app: AppInfo;
  /** Whether a "Connect with…" button sits above, so the paste prompt need not repeat the steps. */
  besideConsent: boolean;
  /** Checks the secret at once; resolves when it is stored, rejects with the app's reason (the API's error, with `data.appCode`). */
  onCheck: (secret: Record<string, string>) => Promise<void>;
}

/** A pasted API key (or, for OAuth apps, access and refresh tokens), checked against the app at once. */
export function AccessKeyForm({ id, app, besideConsent, onCheck }: AccessKeyFormProps) {
  const [key, setKey] = useState('');
  const [refresh, setRefresh] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const oauth = app.auth.kind === 'oauth2';

  const check = async () => {
    setChecking(true);
    setError(null);
    try {
      await onCheck(oauth ? { accessToken: key.trim(), ...(refresh.trim() ? { refreshToken: refresh.trim() } : {}) } : { [secretFieldOf(app.id)]: key.trim() });
      setKey('');
      setRefresh('');
    } catch (e) {
      setError(accessErrorText(app.name, e));
    } finally {
      setChecking(false);
    }
  };

  return (
    <form
      className="access-form"
      onSubmit={(e) => {
        e.preventDefault();
        void check();
      }}
    >
      {oauth && !besideConsent && <p className="hint">Sign in with {app.name} and allow Sluice to read and write your contacts, then paste the tokens the consent screen gives.</p>}
      <div className="field">
        <label htmlFor={`${id}-key`}>{oauth ? `${app.name} access token` : `${app.name} API key`}</label>
        <input
          id={`${id}-key`}
          className="input"
          type="password"
          autoComplete="off"
          value={key}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-help${error ? ` ${id}-error` : ''}`}
          onChange={(e) => setKey(e.target.value)}
        />
        <p id={`${id}-help`} className="hint">
          {oauth ? 'Sluice keeps the refresh token and renews access on its own.' : (app.auth.help ?? 'Find the key in the app’s settings.')}
        </p>
      </div>
      {oauth && (
        <div className="field">
          <label htmlFor={`${id}-refresh`}>Refresh token (optional)</label>
          <input id={`${id}-refresh`} className="input" type="password" autoComplete="off" value={refresh} onChange={(e) => setRefresh(e.target.value)} />
        </div>
      )}
      <div className="settings-actions">
        <button type="submit" className={besideConsent ? 'btn' : 'btn btn-primary'} disabled={!key.trim() || checking}>
          {checking ? 'Checking…' : oauth ? (besideConsent ? 'Check tokens' : `Connect ${app.name}`) : 'Check key'}
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
