/**
 * @sluice/api — the tRPC routers behind Sluice's web app. The web app imports only
 * `type AppRouter`; the server mounts `appRouter` with a context from `createContextInner`.
 */
export { appRouter, createCaller, type AppRouter } from './root';
export { createContextInner, memorySessionCookie, type ApiContext, type ApiUser, type SessionCookie } from './context';
export { REQUEST_LIMITS, RequestWork, unlimitedWork, type RequestLimits } from './request-work';
export { userForSession, SESSION_TTL_MS } from './auth/session.resolver';
export { defaultAuthLimits, defaultAuthSettings, type AuthLimits, type AuthSettings, type SignUpMode } from './auth/auth.settings';
export { roleAtLeast, refusalFor, type Access } from './auth/roles';
export { passwordProblem } from './auth/password.policy';
export { hashPassword, verifyPassword, DEFAULT_SCRYPT_COST } from './auth/password.hasher';
export { toTRPCError, describeIssues } from './error.mapper';
export { buildPreview, type PreviewResult, type PreviewItem, type PreviewInput } from './preview/preview.builder';
export { templateGallery, galleryTemplate, type GalleryTemplate } from './templates/template-gallery';
export { checkTemplateImport, type CheckedImport } from './templates/template.importer';
export { templateBundleSchema, TEMPLATE_BUNDLE_FORMAT, type TemplateBundle } from './templates/template.bundle';
export { diffGraphs, type GraphDiff } from './graphs/graph.diff';
export { startOAuth, completeOAuth, pkceChallenge, type OAuthDeps, type OAuthOutcome, type OAuthFailure } from './connectors/oauth.flow';
export { OAuthStateStore, type OAuthReturn, type OAuthPending } from './connectors/oauth-state.store';
export { defaultApiSettings, type ApiSettings } from './api.settings';

// The worker runtime moved to @sluice/runtime; these names stay importable from here for the tools
// and scripts that used them before (the API's own code imports them from @sluice/runtime).
export {
  SyncWorker,
  livePublisher,
  attachLivePublisher,
  connectorDirectory,
  directoryFromRegistry,
  openConnector,
  openConnectors,
  closeConnectors,
  checkAppConfig,
  moveSharedFiles,
  workspaceFilesFolder,
  workspaceFilesPath,
  loadConnection,
  getConnection,
  AlertNotifier,
  ALERT_WINDOW_MS,
  followWithAlerts,
  outcomesOf,
  createAlertSenders,
  oauthClientOf,
  oauthStatus,
  oauthTokenUrls,
  oauthEnvNames,
  oauthProviders,
  type SyncRuntime,
  type RuntimeEvent,
  type RuntimeCommand,
  type ConnectionState,
  type SyncWorkerOptions,
  type WorkerLog,
  type LivePublisher,
  type ConnectorDirectory,
  type DirectoryOptions,
  type SharedFilesReport,
  type LoadedConnection,
  type AlertMessage,
  type AlertSenders,
  type AlertSenderSettings,
  type OAuthClient,
  type OAuthSettings,
} from '@sluice/runtime';
