import { useId, useState } from 'react';
import { Link } from '../app/Link';
import { AccessKeyForm } from './AccessKeyForm';
import { AppLogo } from './AppLogo';
import { AppSettingsFields } from './AppSettingsFields';
import { OAuthNotConfigured, SettingNames } from './OAuthNotConfigured';
import { configFieldsOf, withoutAccountSettings, type Access, type AppInfo, type SettingChoiceInfo } from './wizard.model';

interface AppAccessProps {
  app: AppInfo;
  access: Access | undefined;
  onChange: (access: Access) => void;
  /** Checks the secret against the app at once and stores it; rejects with the app's reason. */
  onCheckKey: (secret: Record<string, string>, config: Record<string, unknown>) => Promise<{ id: string; label: string }>;
  /** The app's OAuth consent on this server (absent when the app has none). */
  oauth?: { configured: boolean; missing: string[] };
  /** Sends the browser to the app's consent page; rejects with the server's reason. */
  onConnect?: () => Promise<void>;
  /** What became of the last consent when it failed (e.g. "You did not allow…"). */
  notice?: string | null;
  /** The values an app setting may take in the account of this credential (a Mailchimp key's audiences). */
  onLoadChoices?: (key: string, credentialId: string) => Promise<SettingChoiceInfo[]>;
}

/**
 * Step 2, one app: "Connect with <App>" where the operator set up the app's OAuth client (else which
 * variables to set), or an API key field with where-to-find-it help and the app's address folded
 * under "Advanced", checked at once with the error shown inline; apps that need no key say so (file
 * apps ask for their file).
 */
export function AppAccess({ app, access, onChange, onCheckKey, oauth, onConnect, notice, onLoadChoices }: AppAccessProps) {
  const id = useId();
  const config = access?.config ?? {};
  const [connectError, setConnectError] = useState<string | null>(null);
  const [connecting, setConnecting] = useState(false);
  const configFields = configFieldsOf(app.id);
  const canConnect = Boolean(oauth?.configured && onConnect);

  const connect = async () => {
    setConnecting(true);
    setConnectError(null);
    try {
      await onConnect?.();
    } catch (e) {
      setConnectError(e instanceof Error ? e.message : 'The consent could not start.');
      setConnecting(false);
    }
  };
  const keyForm = (
    <AccessKeyForm
      id={id}
      app={app}
      besideConsent={canConnect}
      onCheck={async (secret, address) => {
        // The address goes with the key only: the credential is bound to it, the connection need not name it.
        const cred = await onCheckKey(secret, address ? { ...config, baseUrl: address } : config);
        onChange({ config, credentialId: cred.id, credentialLabel: cred.label });
      }}
    />
  );

  return (
    <section className="settings-group" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="access-title">
        <AppLogo svg={app.logo} size={24} /> {app.name}
      </h2>
      {app.filesFolder && (
        <p className="hint" id={`${id}-folder`}>
          Files live in your workspace&apos;s folder on the server, <code className="path">{app.filesFolder}</code>: put the file there (or name a new one) and
          give its name below.
        </p>
      )}
      {configFields.map((f) => (
        <div key={f.key} className="field">
          <label htmlFor={`${id}-${f.key}`}>{f.label}</label>
          <input
            id={`${id}-${f.key}`}
            className="input"
            {...(app.filesFolder ? { 'aria-describedby': `${id}-folder` } : {})}
            placeholder={f.placeholder}
            value={String(config[f.key] ?? '')}
            onChange={(e) => onChange({ ...access, config: { ...config, [f.key]: e.target.value } })}
          />
        </div>
      ))}
      {app.auth.kind === 'none' ? (
        <p className="hint">
          {app.auth.help ?? 'No key needed.'}
          {app.id.startsWith('sandbox-') && (
            <>
              {' '}
              <Link to={{ name: 'sandbox', app: app.id === 'sandbox-crm' ? 'crm' : 'outreach' }} target="_blank" rel="noopener">
                Open the {app.name} records
              </Link>{' '}
              (in a new tab).
            </>
          )}
        </p>
      ) : access?.credentialId ? (
        <>
          <p className="success-text" role="status">
            ✓ Access granted ({access.credentialLabel}).{' '}
            <button type="button" className="link-button" onClick={() => onChange({ config: withoutAccountSettings(app, config) })}>
              {app.auth.kind === 'oauth2' ? 'Use another account' : 'Use another key'}
            </button>
          </p>
          {onLoadChoices && (
            <AppSettingsFields
              id={id}
              app={app}
              credentialId={access.credentialId}
              config={config}
              onChange={(next) => onChange({ ...access, config: next })}
              loadChoices={(key) => onLoadChoices(key, access.credentialId!)}
            />
          )}
        </>
      ) : (
        <>
          {(connectError ?? notice) && (
            <p className="error-text" role="alert">
              {connectError ?? notice}
            </p>
          )}
          {canConnect && (
            <div className="settings-actions">
              <button type="button" className="btn btn-primary" disabled={connecting} onClick={() => void connect()}>
                {connecting ? 'Opening…' : `Connect with ${app.name}`}
              </button>
              {/* An OAuth-only app's help says which account to sign in with and what to allow. */}
              <span className="hint">{(app.auth.kind === 'oauth2' && app.auth.help) || `${app.name} asks you to allow access, then sends you back here.`}</span>
            </div>
          )}
          {app.auth.kind === 'oauth2' ? (
            // An OAuth app is reached only through its consent screen: a person is never asked for tokens.
            !canConnect && <OAuthNotConfigured appName={app.name} missing={oauth?.missing ?? []} />
          ) : (
            <>
              {oauth && !oauth.configured && (
                <p className="hint">
                  One-click connect with {app.name} is off: the server&apos;s operator must set <SettingNames names={oauth.missing} /> (docs/operations.md, “OAuth
                  apps”). Until then, paste an API key.
                </p>
              )}
              {canConnect && <p className="hint">Or paste an API key:</p>}
              {keyForm}
            </>
          )}
        </>
      )}
    </section>
  );
}
