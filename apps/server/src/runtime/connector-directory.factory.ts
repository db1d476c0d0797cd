import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { connectorDirectory, type ConnectorDirectory } from '@sluice/api';
import { csvConnectorFactory, jsonlConnectorFactory } from '@sluice/connectors';
import type { ConnectorFactory } from '@sluice/engine';
import type { Store } from '@sluice/store';

/** Every connector factory that needs nothing but its config and credential. */
export function registeredFactories(): ConnectorFactory[] {
  return [jsonlConnectorFactory, csvConnectorFactory];
}

/**
 * The apps this server offers: every registered connector, with the file apps confined to
 * `<data>/files`.
 */
export function buildConnectorDirectory(_store: Store, dataDir: string): ConnectorDirectory {
  const filesRoot = join(dataDir, 'files');
  mkdirSync(filesRoot, { recursive: true });
  return connectorDirectory(registeredFactories(), { filesRoot });
}
