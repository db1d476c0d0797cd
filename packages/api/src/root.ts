import { alertsRouter } from './alerts/alerts.router';
import { appsRouter } from './apps/apps.router';
import { auditRouter } from './audit/audit.router';
import { authRouter } from './auth/auth.router';
import { invitationsRouter } from './auth/invitations.router';
import { membersRouter } from './auth/members.router';
import { workspaceRouter } from './auth/workspace.router';
import { connectionsRouter } from './connections/connections.router';
import { credentialsRouter } from './connectors/credentials.router';
import { graphsRouter } from './graphs/graphs.router';
import { historyRouter } from './history/history.router';
import { liveRouter } from './live/live.router';
import { previewRouter } from './preview/preview.router';
import { sandboxRouter } from './sandbox/sandbox.router';
import { templatesRouter } from './templates/templates.router';
import { versionsRouter } from './versions/versions.router';
import { createCallerFactory, router } from './trpc';

/** The whole API. The web app imports only its type. */
export const appRouter = router({
  auth: authRouter,
  workspace: workspaceRouter,
  members: membersRouter,
  invitations: invitationsRouter,
  apps: appsRouter,
  credentials: credentialsRouter,
  connections: connectionsRouter,
  graphs: graphsRouter,
  preview: previewRouter,
  history: historyRouter,
  templates: templatesRouter,
  sandbox: sandboxRouter,
  live: liveRouter,
  versions: versionsRouter,
  audit: auditRouter,
  alerts: alertsRouter,
});

/** Calls procedures in-process with a context from `createContextInner` (tests, scripts). */
export const createCaller = createCallerFactory(appRouter);

export type AppRouter = typeof appRouter;
