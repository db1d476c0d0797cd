import type { AppDescription, ConnectorFactory } from '@sluice/engine';
import { csvFormat } from './csv.format';
import { fileBatchLimit, fileCapabilities, fileCatalog } from './file-apps';
import { createFileConnector } from './file.connector';

const logo = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="#14532d"/><rect x="12" y="14" width="40" height="36" rx="3" fill="#f0fdf4"/><path d="M12 26h40M12 38h40M25 14v36M39 14v36" stroke="#16a34a" stroke-width="2.5"/></svg>`;

export const csvApp: AppDescription = {
  id: 'csv',
  name: 'CSV file',
  logo,
  auth: {
    kind: 'none',
    help: 'No key needed: give the path of a .csv file on the Sluice server. The header row names fields by dotted path (email, address.city, custom.industry); tags and lists are separated by ";". Exports from Google Contacts, Outlook, HubSpot, Mailchimp and Pipedrive are recognised by their header row; their other columns become fields you can map.',
  },
  fields: fileCatalog,
  capabilities: fileCapabilities,
  batchLimit: fileBatchLimit,
};

/**
 * The `csv` app: a header row of dotted field paths, then one contact per row.
 * Config `{ path, stateDir?, baseDir? }`.
 */
export const csvConnectorFactory: ConnectorFactory = {
  app: csvApp,
  create: (context) => createFileConnector(csvApp, csvFormat, context),
};
