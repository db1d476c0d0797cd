import type { ConnectorRegistry } from '@sluice/connectors';
import type { AppDescription, ConnectorFactory } from '@sluice/engine';

/**
 * The apps this server can connect, as the API sees them: the connector registry plus factories
 * bound to this server's resources (the sandbox apps' database). Built once by the server.
 */
export interface ConnectorDirectory {
  list(): AppDescription[];
  get(appId: string): ConnectorFactory | undefined;
  /** Folder that file apps (jsonl, csv) may read and write; paths outside it are refused. */
  filesRoot?: string;
  /** The operator's token URL per OAuth app id (`SLUICE_<APP>_TOKEN_URL`); else the app's own. */
  tokenUrls?: Readonly<Record<string, string>>;
  /** Whether users may point apps at loopback/private addresses (`SLUICE_ALLOW_PRIVATE_URLS`); default off. */
  allowPrivateUrls?: boolean;
}

export type DirectoryOptions = Pick<ConnectorDirectory, 'filesRoot' | 'tokenUrls' | 'allowPrivateUrls'>;

/** A directory over a fixed list of factories (later ones replace earlier ones with the same id). */
export function connectorDirectory(factories: readonly ConnectorFactory[], options: DirectoryOptions = {}): ConnectorDirectory {
  const byId = new Map<string, ConnectorFactory>();
  for (const f of factories) byId.set(f.app.id, f);
  return {
    list: () => [...byId.values()].map((f) => f.app),
    get: (id) => byId.get(id),
    filesRoot: options.filesRoot,
    tokenUrls: options.tokenUrls,
    allowPrivateUrls: options.allowPrivateUrls,
  };
}

/** A directory over the connectors' registry (every built-in app). */
export function directoryFromRegistry(registry: ConnectorRegistry, options: DirectoryOptions = {}): ConnectorDirectory {
  return connectorDirectory(
    registry.listApps().map((app) => registry.getConnectorFactory(app.id)),
    options,
  );
}
