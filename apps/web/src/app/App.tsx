import { lazy, Suspense } from 'react';
import { AppShell } from './AppShell';
import { useRoute } from './useRoute';
import type { Route } from './route';
import { ConnectionsPage } from '../pages/ConnectionsPage';
import { ConnectionPage } from '../pages/ConnectionPage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { LoadingState } from '../ui/LoadingState';
import { ErrorBoundary } from '../ui/ErrorBoundary';
import { ToastProvider } from '../ui/Toast';
import { TooltipProvider } from '../ui/Tooltip';
import { ApiProvider } from '../api/ApiProvider';
import { AuthGate } from '../api/AuthGate';

// The editor (React Flow, dagre, the graph compiler) is the heavy part: load it only when opened.
const PlaygroundPage = lazy(() => import('../playground/PlaygroundPage'));
const ConnectionWizard = lazy(() => import('../wizard/ConnectionWizard'));
const TemplatesPage = lazy(() => import('../pages/TemplatesPage').then((m) => ({ default: m.TemplatesPage })));
const AccountPage = lazy(() => import('../account/AccountPage'));
const JoinPage = lazy(() => import('../account/JoinPage'));
const SandboxPage = lazy(() => import('../sandbox/SandboxPage'));
const AuditPage = lazy(() => import('../audit/AuditPage'));
const AlertsPage = lazy(() => import('../alerts/AlertsPage'));

/** What the screen being loaded is called, for the line shown while its code arrives. */
const loadingLabel: Partial<Record<Route['name'], string>> = {
  playground: 'Loading the playground…',
  newConnection: 'Loading the wizard…',
  templates: 'Loading the templates…',
  account: 'Loading your account…',
  join: 'Opening the invitation…',
  sandbox: 'Loading the sandbox apps…',
  audit: 'Loading the audit log…',
  alerts: 'Loading the alert settings…',
  connection: 'Loading the connection…',
};

/** The root component: picks the screen for the URL inside the shell. */
export function App() {
  const route = useRoute();
  return (
    <ApiProvider>
      <TooltipProvider>
        <ToastProvider>
          <AppShell route={route}>
            <ErrorBoundary key={route.name}>
              <Suspense fallback={<LoadingState label={loadingLabel[route.name] ?? 'Loading…'} minHeight="60vh" />}>
                {/* The playground needs no server and the join page signs people in itself; everything else is behind sign-in. */}
                {route.name === 'playground' && <PlaygroundPage />}
                {route.name === 'notFound' && <NotFoundPage path={route.path} />}
                {route.name === 'join' && <JoinPage />}
                {route.name !== 'playground' && route.name !== 'notFound' && route.name !== 'join' && (
                  <AuthGate>
                    {route.name === 'connections' && <ConnectionsPage />}
                    {route.name === 'newConnection' && <ConnectionWizard />}
                    {route.name === 'connection' && <ConnectionPage id={route.id} tab={route.tab} />}
                    {route.name === 'templates' && <TemplatesPage />}
                    {route.name === 'account' && <AccountPage />}
                    {route.name === 'sandbox' && <SandboxPage app={route.app} />}
                    {route.name === 'audit' && <AuditPage />}
                    {route.name === 'alerts' && <AlertsPage />}
                  </AuthGate>
                )}
              </Suspense>
            </ErrorBoundary>
          </AppShell>
        </ToastProvider>
      </TooltipProvider>
    </ApiProvider>
  );
}
