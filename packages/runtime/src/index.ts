/**
 * @sluice/runtime — the sync workers of one process: `SyncWorker` takes connections by lease and runs
 * each one's XState connection machine (`ConnectionSupervisor`), the live publisher carries their
 * events to every API process through the database, and alerts follow their outcomes. The server
 * runs it beside the API; `sluice worker` runs it alone, without loading the tRPC routers.
 */
export type { SyncRuntime, RuntimeEvent, RuntimeCommand } from './runtime.port';
export type { ConnectionState } from '@sluice/engine';
export { SyncWorker, type SyncWorkerOptions } from './worker/sync-worker';
export type { WorkerLog } from './worker/worker.log';
export { isDatabaseOutage, asOperationalOnOutage } from './worker/database-outage';
export { livePublisher, attachLivePublisher, publisherOf, liveTail } from './live/live.feeds';
export { LivePublisher, type LivePublisherOptions } from './live/live.publisher';
export { LiveTail, type LiveTailOptions } from './live/live.tail';
export { AlertNotifier, ALERT_WINDOW_MS, followWithAlerts, outcomesOf, type AlertNotifierOptions } from './alerts/alert.notifier';
export { createAlertSenders, type AlertMessage, type AlertSenders, type AlertSenderSettings } from './alerts/alert.senders';
export { loadConnection, loadConnectionRecent, getConnection, pointedGraphs, forgetConnection, type LoadedConnection } from './connections/connection-config.loader';
export { connectorDirectory, directoryFromRegistry, type ConnectorDirectory, type DirectoryOptions } from './connectors/connector-directory';
export { openConnector, openConnectors, closeConnectors, checkAppConfig } from './connectors/connector.opener';
export { ENDPOINT_FIELDS, credentialEndpoint, endpointSettings, secretWithEndpoint } from './connectors/credential-endpoint';
export { FILE_APPS, WORKSPACE_ID, workspaceFilesFolder, workspaceFilesPath, confineFileConfig } from './connectors/workspace-files';
export { moveSharedFiles, type SharedFilesReport } from './connectors/shared-files.migration';
export {
  oauthClientOf,
  oauthProviderOf,
  oauthStatus,
  oauthTokenUrls,
  oauthEnvNames,
  oauthProviders,
  type OAuthClient,
  type OAuthSettings,
} from './connectors/oauth.clients';
