import { useId, useState } from 'react';
import { AppLogo } from './AppLogo';
import { configFieldsOf, secretFieldOf, type Access, type AppInfo } from './wizard.model';

interface AppAccessProps {
  app: AppInfo;
  access: Access | undefined;
  onChange: (access: Access) => void;
  /** Checks the secret against the app at once and stores it; rejects with the app's reason. */
  onCheckKey: (secret: Record<string, string>, config: Record<string, unknown>) => Promise<{ id: string; label: string }>;
}

/**
 * Step 2, one app: an API key field with where-to-find-it help, or the OAuth prompt, checked at once
 * with the error shown inline; apps that need no key say so (file apps ask for their file).
 */
export function AppAccess({ app, access, onChange, onCheckKey }: AppAccessProps) {
  const id = useId();
  const config = access?.config ?? {};
  const [key, setKey] = useState('');
  const [refresh, setRefresh] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const configFields = configFieldsOf(app.id);

  const check = async () => {
    setChecking(true);
    setError(null);
    try {
      const secret = app.auth.kind === 'oauth2' ? { accessToken: key.trim(), ...(refresh.trim() ? { refreshToken: refresh.trim() } : {}) } : { [secretFieldOf(app.id)]: key.trim() };
      const cred = await onCheckKey(secret, config);
      onChange({ config, credentialId: cred.id, credentialLabel: cred.label });
      setKey('');
      setRefresh('');
    } catch (e) {
      setError(e instanceof Error ? e.message : 'The key could not be checked.');
    } finally {
      setChecking(false);
    }
  };

  return (
    <section className="settings-group" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="access-title">
        <AppLogo svg={app.logo} size={24} /> {app.name}
      </h2>
      {configFields.map((f) => (
        <div key={f.key} className="field">
          <label htmlFor={`${id}-${f.key}`}>{f.label}</label>
          <input
            id={`${id}-${f.key}`}
            className="input"
            placeholder={f.placeholder}
            value={String(config[f.key] ?? '')}
            onChange={(e) => onChange({ ...access, config: { ...config, [f.key]: e.target.value } })}
          />
        </div>
      ))}
      {app.auth.kind === 'none' ? (
        <p className="hint">{app.auth.help ?? 'No key needed.'}</p>
      ) : access?.credentialId ? (
        <p className="success-text" role="status">
          ✓ Access granted ({access.credentialLabel}).{' '}
          <button type="button" className="link-button" onClick={() => onChange({ config })}>
            Use another key
          </button>
        </p>
      ) : (
        <form
          className="access-form"
          onSubmit={(e) => {
            e.preventDefault();
            void check();
          }}
        >
          {app.auth.kind === 'oauth2' && <p className="hint">Sign in with {app.name} and allow Sluice to read and write your contacts, then paste the tokens the consent screen gives.</p>}
          <div className="field">
            <label htmlFor={`${id}-key`}>{app.auth.kind === 'oauth2' ? `${app.name} access token` : `${app.name} API key`}</label>
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
              {app.auth.kind === 'oauth2' ? 'Sluice keeps the refresh token and renews access on its own.' : (app.auth.help ?? 'Find the key in the app’s settings.')}
            </p>
          </div>
          {app.auth.kind === 'oauth2' && (
            <div className="field">
              <label htmlFor={`${id}-refresh`}>Refresh token (optional)</label>
              <input id={`${id}-refresh`} className="input" type="password" autoComplete="off" value={refresh} onChange={(e) => setRefresh(e.target.value)} />
            </div>
          )}
          <div className="settings-actions">
            <button type="submit" className="btn btn-primary" disabled={!key.trim() || checking}>
              {checking ? 'Checking…' : app.auth.kind === 'oauth2' ? `Connect ${app.name}` : 'Check key'}
            </button>
          </div>
          {error && (
            <p id={`${id}-error`} className="error-text" role="alert">
              {app.name} refused this key: {error}
            </p>
          )}
        </form>
      )}
    </section>
  );
}
