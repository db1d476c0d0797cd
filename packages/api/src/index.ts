/**
 * @sluice/api — the tRPC routers behind Sluice's web app. The web app imports only
 * `type AppRouter`; the server mounts `appRouter` with a context from `createContextInner`.
 */
export { appRouter, createCaller, type AppRouter } from './root';
export { createContextInner, memorySessionCookie, type ApiContext, type ApiUser, type SessionCookie } from './context';
export { REQUEST_LIMITS, RequestWork, unlimitedWork, type RequestLimits } from './request-work';
export type { SyncRuntime, RuntimeEvent, RuntimeCommand, ConnectionState } from './runtime.port';
export { userForSession, SESSION_TTL_MS } from './auth/session.resolver';
export { defaultAuthLimits, defaultAuthSettings, type AuthLimits, type AuthSettings, type SignUpMode } from './auth/auth.settings';
export { roleAtLeast, refusalFor, type Access } from './auth/roles';
export { passwordProblem } from './auth/password.policy';
export { hashPassword, verifyPassword, DEFAULT_SCRYPT_COST } from './auth/password.hasher';
export { toTRPCError, describeIssues } from './error.mapper';
export { connectorDirectory, directoryFromRegistry, type ConnectorDirectory, type DirectoryOptions } from './connectors/connector-directory';
export { openConnector, openConnectors, closeConnectors, checkAppConfig } from './connectors/connector.opener';
export { moveSharedFiles, type SharedFilesReport } from './connectors/shared-files.migration';
export { workspaceFilesFolder, workspaceFilesPath } from './connectors/workspace-files';
export { loadConnection, getConnection, type LoadedConnection } from './connections/connection-config.loader';
export { buildPreview, type PreviewResult, type PreviewItem, type PreviewInput } from './preview/preview.builder';
export { templateGallery, galleryTemplate, type GalleryTemplate } from './templates/template-gallery';
export { checkTemplateImport, type CheckedImport } from './templates/template.importer';
export { templateBundleSchema, TEMPLATE_BUNDLE_FORMAT, type TemplateBundle } from './templates/template.bundle';
export { diffGraphs, type GraphDiff } from './graphs/graph.diff';
export { AlertNotifier, ALERT_WINDOW_MS, followWithAlerts, outcomesOf } from './alerts/alert.notifier';
export { createAlertSenders, type AlertMessage, type AlertSenders, type AlertSenderSettings } from './alerts/alert.senders';
export { SyncWorker, type SyncWorkerOptions, type WorkerLog } from './runtime/sync-worker';
export { startOAuth, completeOAuth, pkceChallenge, type OAuthDeps, type OAuthOutcome, type OAuthFailure } from './connectors/oauth.flow';
export { OAuthStateStore, type OAuthReturn, type OAuthPending } from './connectors/oauth-state.store';
export { oauthClientOf, oauthStatus, oauthTokenUrls, oauthEnvNames, oauthProviders, type OAuthClient, type OAuthSettings } from './connectors/oauth.clients';
export { defaultApiSettings, type ApiSettings } from './api.settings';
export { livePublisher, attachLivePublisher } from './live/live.feeds';
export type { LivePublisher } from './live/live.publisher';
