import { lazy, Suspense } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc';
import { Link } from '../app/Link';
import { connectionTabs, type ConnectionTab } from '../app/route';
import { HealthLine } from '../history/HealthSummary';
import { ErrorState, errorMessage } from '../ui/ErrorState';
import { LoadingState } from '../ui/LoadingState';
import { useAppNames } from './useAppNames';
import { stateLabel } from '../connections/connection-state.label';
import { ConnectionProblemNote } from '../connections/ConnectionProblemNote';
import { LastRun } from '../connections/LastRun';
import { useLiveConnections } from '../connections/useLiveConnections';
import { ReconnectAccess } from '../wizard/ReconnectAccess';
import { UnsavedChangesGuard } from '../drafts/UnsavedChangesGuard';
import { useDraftParts } from '../drafts/useDraft';

// Each tab loads its own code when opened; the editor is the heavy part of the app.
const ConnectionRules = lazy(() => import('./ConnectionRules').then((m) => ({ default: m.ConnectionRules })));
const ConnectionSettingsTab = lazy(() => import('../settings/ConnectionSettingsTab').then((m) => ({ default: m.ConnectionSettingsTab })));
const HistoryTab = lazy(() => import('../history/HistoryTab').then((m) => ({ default: m.HistoryTab })));
const VersionsTab = lazy(() => import('../versions/VersionsTab').then((m) => ({ default: m.VersionsTab })));
const ConnectionTemplates = lazy(() => import('../templates/ConnectionTemplates').then((m) => ({ default: m.ConnectionTemplates })));

const modeArrow: Record<string, string> = { 'two-way': '⇄', 'a-to-b': '→', 'b-to-a': '←' };

/** While the live stream is down, how often the header's state and counts are fetched instead. */
const POLL_MS = 5_000;
/** The element id of the "Access" panel, which a refused access links to. */
const ACCESS_ANCHOR = 'connection-access';

/**
 * One connection's screens (rules, mappings, conflicts, history, versions, templates) under a tab bar, with its
 * state, last run and health kept current by the live stream, and why it does not sync, if it does not.
 */
export function ConnectionPage({ id, tab }: { id: string; tab: ConnectionTab }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const conn = useQuery(trpc.connections.get.queryOptions({ id }));
  // State and last run follow the live stream; fetched every few seconds only while it is down.
  const stream = useLiveConnections();
  const status = useQuery({ ...trpc.connections.status.queryOptions({ id }), refetchInterval: stream.reconnecting ? POLL_MS : false });
  const appName = useAppNames();
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.connections.pathKey() });
  };
  const start = useMutation(trpc.connections.start.mutationOptions({ onSuccess: refresh }));
  const pause = useMutation(trpc.connections.pause.mutationOptions({ onSuccess: refresh }));
  const syncNow = useMutation(trpc.connections.syncNow.mutationOptions({ onSuccess: refresh }));
  const names = conn.data ? { a: appName(conn.data.apps.a), b: appName(conn.data.apps.b) } : { a: 'A', b: 'B' };
  const live = status.data ?? conn.data;
  const drafts = useDraftParts(id);
  const tabHasDraft = (t: ConnectionTab) => (t === 'rules' ? drafts.some((p) => p.startsWith('rules:')) : (t === 'mappings' || t === 'conflicts') && drafts.includes('settings'));
  return (
    <div className={`page ${tab === 'rules' ? 'page-editor' : ''}`}>
      <header className="page-header">
        <div>
          <h1>{conn.data?.name ?? 'Connection'}</h1>
          {conn.data && live && (
            <p>
              {names.a} {modeArrow[conn.data.mode] ?? ''} {names.b} · <span data-testid="connection-state" title={live.state}>
                {stateLabel(live.state).text}
              </span>
            </p>
          )}
          {live && (
            <p className="hint" data-testid="connection-last-run">
              Last run: <LastRun run={live.lastRun} inFlight={stream.progress[id]?.counts} />
            </p>
          )}
          {status.data && <HealthLine counts={status.data.health} />}
        </div>
        {conn.data && (
          <div className="settings-actions">
            {(start.isError || pause.isError || syncNow.isError) && (
              <span className="error-text" role="alert">
                {errorMessage(start.error ?? pause.error ?? syncNow.error)}
              </span>
            )}
            {live?.status === 'active' ? (
              <button type="button" className="btn" disabled={pause.isPending} onClick={() => pause.mutate({ id })}>
                Pause
              </button>
            ) : (
              <button type="button" className="btn btn-primary" disabled={start.isPending} onClick={() => start.mutate({ id })}>
                {live?.status === 'paused' ? 'Resume syncing' : 'Start syncing'}
              </button>
            )}
          </div>
        )}
      </header>
      {live && (
        <ConnectionProblemNote
          connectionId={id}
          state={live.state}
          stateError={live.stateError}
          lastRun={live.lastRun}
          accessAnchor={ACCESS_ANCHOR}
          {...(live.status === 'active' ? { onRetryNow: () => syncNow.mutate({ id }), retrying: syncNow.isPending } : {})}
        />
      )}
      {conn.data && live && <ReconnectAccess id={id} apps={conn.data.config.apps} state={live.state} anchor={ACCESS_ANCHOR} />}
      {conn.data && <UnsavedChangesGuard connectionId={id} connectionName={conn.data.name} names={names} />}
      <nav className="tabs" aria-label="Connection">
        {connectionTabs.map((t) => (
          <Link key={t.tab} to={{ name: 'connection', id, tab: t.tab }} aria-current={t.tab === tab ? 'page' : undefined}>
            {t.label}
            {tabHasDraft(t.tab) && (
              <span className="draft-dot" title="Unsaved changes">
                <span className="visually-hidden"> (unsaved changes)</span>
              </span>
            )}
          </Link>
        ))}
      </nav>
      {conn.isPending ? (
        <LoadingState label="Loading the connection…" minHeight="50vh" />
      ) : conn.isError ? (
        <ErrorState title="Could not load this connection" error={conn.error} onRetry={() => void conn.refetch()} />
      ) : (
        <Suspense fallback={<LoadingState label="Loading…" minHeight="50vh" />}>
          {tab === 'rules' && <ConnectionRules id={id} apps={conn.data.config.apps} mode={conn.data.config.mode} rules={conn.data.config.rules} />}
          {(tab === 'mappings' || tab === 'conflicts') && (
            <ConnectionSettingsTab
              key={tab}
              id={id}
              version={conn.data.version}
              sides={conn.data.config.apps}
              names={names}
              saved={{ mode: conn.data.config.mode, conflict: conn.data.config.conflict, mappings: conn.data.config.mappings }}
              parts={tab === 'mappings' ? ['mode', 'mappings'] : ['conflict']}
            />
          )}
          {tab === 'history' && <HistoryTab connectionId={id} names={names} />}
          {tab === 'versions' && <VersionsTab connectionId={id} />}
          {tab === 'templates' && (
            <ConnectionTemplates
              connectionId={id}
              names={names}
              directions={conn.data.mode === 'two-way' ? ['aToB', 'bToA'] : conn.data.mode === 'a-to-b' ? ['aToB'] : ['bToA']}
              withRules={(['aToB', 'bToA'] as const).filter((d) => conn.data.config.rules[d])}
            />
          )}
        </Suspense>
      )}
    </div>
  );
}
