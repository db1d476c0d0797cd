import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { directoryFromRegistry, oauthTokenUrls, type ConnectorDirectory } from '@sluice/runtime';
import { createConnectorRegistry, createMemorySandboxStore, createSandboxEditor, type SandboxEditor, type SandboxStore } from '@sluice/connectors';
import type { ConnectorFactory } from '@sluice/engine';
import type { Store } from '@sluice/store';
import type { SluiceConfig } from '../config/config.schema';

/** Where the sandbox apps keep their records: the database (memory only without one). */
function sandboxStoreOf(store: Store | null): SandboxStore {
  return store ? store.sandbox : createMemorySandboxStore();
}

/** Every app (the sandbox apps with their records in memory): for commands that only need catalogs. */
export function registeredFactories(): ConnectorFactory[] {
  const registry = createConnectorRegistry();
  return registry.listApps().map((app) => registry.getConnectorFactory(app.id));
}

/**
 * The apps this server offers: every registered connector, the sandbox apps over the database, and
 * the file apps, each workspace's confined to `<data>/files/<workspace id>`; refreshes use the
 * operator's token URLs, and private addresses are reachable only when the operator allows them.
 * Also the sandbox editor over the same records.
 */
export function buildConnectorDirectory(
  store: Store | null,
  config: Pick<SluiceConfig, 'dataDir' | 'oauth' | 'allowPrivateUrls'>,
): { connectors: ConnectorDirectory; sandbox: SandboxEditor } {
  const filesRoot = join(config.dataDir, 'files');
  mkdirSync(filesRoot, { recursive: true, mode: 0o700 });
  const sandboxStore = sandboxStoreOf(store);
  const { allowPrivateUrls } = config;
  return {
    connectors: directoryFromRegistry(createConnectorRegistry({ sandboxStore, allowPrivateUrls }), { filesRoot, tokenUrls: oauthTokenUrls(config.oauth), allowPrivateUrls }),
    sandbox: createSandboxEditor(sandboxStore),
  };
}
