import { useEffect, useId, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC, useTRPCClient } from '../api/trpc';
import type { Side } from '../settings/settings.model';
import { AccessKeyForm } from './AccessKeyForm';
import { OAuthNotConfigured } from './OAuthNotConfigured';
import { oauthErrorText, parseOAuthReturn, startConsent, type OAuthReturn } from './oauth-return';
import type { AppInfo } from './wizard.model';

/** One side of a connection whose access can be renewed. */
export interface ReconnectSide {
  side: Side;
  app: AppInfo;
  credentialId: string;
  /** The app's OAuth consent on this server (absent when the app has none). */
  oauth?: { configured: boolean; missing: string[] };
  /** The credential holds tokens from a consent, not a pasted key. */
  viaConsent?: boolean;
  /** The credential was bound to another address than the app's own when it was added. */
  boundElsewhere?: boolean;
}

interface ReconnectPanelProps {
  sides: ReconnectSide[];
  /** The connection stopped because an app refused its access (`needsReauth`). */
  needsReauth: boolean;
  /** What the consent this page came back from ended in, if any. */
  returned: OAuthReturn | null;
  onConnect: (side: ReconnectSide) => Promise<void>;
  /** A new key for the side's credential, bound to `address` when given (else the app's own). */
  onReauthorize: (side: ReconnectSide, secret: Record<string, string>, address: string | undefined) => Promise<void>;
  /** The section's element id, for links to it. */
  anchor?: string;
}

/**
 * "Needs new access" made actionable, per side with a credential: an OAuth app (or a key app whose
 * credential came from a consent) gets "Reconnect <App>", the consent renewing the same credential,
 * where the operator configured it; an OAuth app where they did not says what the operator must set
 * (a person is never asked for tokens); an API-key app takes a new key, checked at once. Also says how
 * a consent the page came back from ended. Renders nothing when all is well.
 */
export function ReconnectPanel({ sides, needsReauth, returned, onConnect, onReauthorize, anchor }: ReconnectPanelProps) {
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const [renewed, setRenewed] = useState<string | null>(null);
  const failed = returned && !returned.ok ? returned : null;
  const failedApp = failed ? sides.find((s) => s.app.id === failed.app)?.app.name ?? failed.app : '';
  const doneApp = returned?.ok ? sides.find((s) => s.app.id === returned.app)?.app.name ?? returned.app : null;
  if (!needsReauth && !failed && !doneApp && !renewed) return null;

  const renewal = (s: ReconnectSide) => {
    const consent = Boolean(s.oauth?.configured) && (s.app.auth.kind === 'oauth2' || s.viaConsent === true);
    const button = consent && (
      <div className="settings-actions">
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => {
            setError(null);
            onConnect(s).catch((e: unknown) => setError(e instanceof Error ? e.message : 'The consent could not start.'));
          }}
        >
          Reconnect {s.app.name}
        </button>
        <span className="hint">{s.app.name} asks you to allow access again, then sends you back here.</span>
      </div>
    );
    if (s.app.auth.kind === 'oauth2') return button || <OAuthNotConfigured appName={s.app.name} missing={s.oauth?.missing ?? []} />;
    return (
      <>
        {button}
        {button && <p className="hint">Or give {s.app.name} a new API key:</p>}
        <AccessKeyForm
          id={`${id}-${s.side}`}
          app={s.app}
          besideConsent={Boolean(button)}
          boundElsewhere={s.boundElsewhere === true}
          onCheck={async (secret, address) => {
            await onReauthorize(s, secret, address);
            setRenewed(s.app.name);
          }}
        />
      </>
    );
  };

  return (
    <section id={anchor} className="settings-group" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Access</h2>
      {(doneApp ?? renewed) && (
        <p className="success-text" role="status">
          ✓ Access to {renewed ?? doneApp} renewed; syncing resumes.
        </p>
      )}
      {(error ?? failed) && (
        <p className="error-text" role="alert">
          {error ?? (failed ? oauthErrorText(failed.code, failedApp) : '')}
        </p>
      )}
      {needsReauth &&
        sides.map((s) => (
          <div key={s.side} className="field">
            {renewal(s)}
          </div>
        ))}
    </section>
  );
}

/**
 * The panel for one connection, wired to the API: the apps' names and OAuth status, the consent
 * (back to this connection), `credentials.reauthorize` for new keys.
 * @example <ReconnectAccess id={id} apps={conn.data.config.apps} state={live.state} />
 */
export function ReconnectAccess({ id, apps, state, anchor }: { id: string; apps: Record<Side, { connector: string; credentialId?: string }>; state: string; anchor?: string }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const catalog = useQuery({ ...trpc.apps.list.queryOptions(), staleTime: 10 * 60_000 });
  const oauthApps = useQuery(trpc.credentials.oauthApps.queryOptions());
  const credentials = useQuery(trpc.credentials.list.queryOptions());
  const [returned] = useState(() => parseOAuthReturn(window.location.search));
  useEffect(() => {
    if (returned) window.history.replaceState(window.history.state, '', window.location.pathname);
  }, [returned]);

  const sides: ReconnectSide[] = [];
  for (const side of ['a', 'b'] as const) {
    const app = (catalog.data as AppInfo[] | undefined)?.find((a) => a.id === apps[side].connector);
    const credentialId = apps[side].credentialId;
    // Only the names of a credential's fields reach the browser: enough to tell tokens from a key, and a bound address.
    const fields = credentials.data?.find((c) => c.id === credentialId)?.fields ?? [];
    if (app && credentialId && app.auth.kind !== 'none') {
      sides.push({
        side,
        app,
        credentialId,
        oauth: oauthApps.data?.find((o) => o.app === app.id),
        viaConsent: fields.includes('refreshToken') || fields.includes('accessToken'),
        boundElsewhere: fields.includes('apiBaseUrl') && !fields.includes('accessToken'),
      });
    }
  }
  return (
    <ReconnectPanel
      sides={sides}
      needsReauth={state === 'needsReauth'}
      returned={returned}
      anchor={anchor}
      onConnect={async (s) => window.location.assign(await startConsent({ app: s.app.id, credentialId: s.credentialId, returnTo: { kind: 'connection', id } }))}
      onReauthorize={async (s, secret, address) => {
        await client.credentials.reauthorize.mutate({ id: s.credentialId, secret, config: address ? { baseUrl: address } : {} });
        void queryClient.invalidateQueries({ queryKey: trpc.connections.pathKey() });
      }}
    />
  );
}
