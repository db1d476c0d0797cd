import { lazy, Suspense } from 'react';
import { AppShell } from './AppShell';
import { useRoute } from './useRoute';
import { ConnectionsPage } from '../pages/ConnectionsPage';
import { ConnectionPage } from '../pages/ConnectionPage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { LoadingState } from '../ui/LoadingState';
import { ErrorBoundary } from '../ui/ErrorBoundary';
import { ApiProvider } from '../api/ApiProvider';
import { AuthGate } from '../api/AuthGate';

// The editor (React Flow, dagre, the graph compiler) is the heavy part: load it only when opened.
const PlaygroundPage = lazy(() => import('../playground/PlaygroundPage'));
const ConnectionWizard = lazy(() => import('../wizard/ConnectionWizard'));
const TemplatesPage = lazy(() => import('../pages/TemplatesPage').then((m) => ({ default: m.TemplatesPage })));

/** The root component: picks the screen for the URL inside the shell. */
export function App() {
  const route = useRoute();
  return (
    <ApiProvider>
      <AppShell route={route}>
        <ErrorBoundary key={route.name}>
          <Suspense fallback={<LoadingState label="Loading the editor…" minHeight="60vh" />}>
            {/* The playground needs no server; everything else is behind sign-in. */}
            {route.name === 'playground' && <PlaygroundPage />}
            {route.name === 'notFound' && <NotFoundPage path={route.path} />}
            {(route.name === 'connections' || route.name === 'newConnection' || route.name === 'connection' || route.name === 'templates') && (
              <AuthGate>
                {route.name === 'connections' && <ConnectionsPage />}
                {route.name === 'newConnection' && <ConnectionWizard />}
                {route.name === 'connection' && <ConnectionPage id={route.id} tab={route.tab} />}
                {route.name === 'templates' && <TemplatesPage />}
              </AuthGate>
            )}
          </Suspense>
        </ErrorBoundary>
      </AppShell>
    </ApiProvider>
  );
}
