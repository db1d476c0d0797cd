import type { AppDescription, ConnectorFactory } from '@sluice/engine';
import { fileBatchLimit, fileCapabilities, fileCatalog } from './file-apps';
import { createFileConnector } from './file.connector';
import { jsonlFormat } from './jsonl.format';

const logo = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="#1f2937"/><path d="M22 16c-5 0-6 3-6 7v5c0 3-2 4-4 4 2 0 4 1 4 4v5c0 4 1 7 6 7M42 16c5 0 6 3 6 7v5c0 3 2 4 4 4-2 0-4 1-4 4v5c0 4-1 7-6 7" fill="none" stroke="#fbbf24" stroke-width="4" stroke-linecap="round"/><path d="M26 26h12M26 32h12M26 38h8" stroke="#e5e7eb" stroke-width="3" stroke-linecap="round"/></svg>`;

export const jsonlApp: AppDescription = {
  id: 'jsonl',
  name: 'JSON Lines file',
  logo,
  auth: {
    kind: 'none',
    help: 'No key needed: give the path of a .jsonl file on the Sluice server, one contact per line. It is created if missing.',
  },
  fields: fileCatalog,
  capabilities: fileCapabilities,
  batchLimit: fileBatchLimit,
};

/**
 * The `jsonl` app: one canonical contact per line. Config `{ path, stateDir?, baseDir? }`.
 * @example jsonlConnectorFactory.create({ config: { path: 'a.jsonl' } })
 */
export const jsonlConnectorFactory: ConnectorFactory = {
  app: jsonlApp,
  create: (context) => createFileConnector(jsonlApp, jsonlFormat, context),
};
