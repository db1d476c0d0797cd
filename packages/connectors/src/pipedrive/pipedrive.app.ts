import { type FieldCatalog, canonicalCatalog } from '@sluice/graph';
import type { AppDescription } from '@sluice/engine';

const paths = [
  'id', 'email', 'firstName', 'lastName', 'phone', 'mobile', 'company', 'jobTitle',
  'address.street', 'address.city', 'address.zip', 'address.state', 'address.country',
  'tags', 'owner', 'unsubscribed', 'deals.count', 'deals.open', 'deals.won', 'deals.value', 'updatedAt',
];

/** The fields every Pipedrive account has (custom person fields come from `fieldCatalog()`). */
export const pipedriveFields: FieldCatalog = canonicalCatalog.filter((f) => paths.includes(f.path));

/** How Pipedrive appears in Sluice. */
export const pipedriveApp: AppDescription = {
  id: 'pipedrive',
  name: 'Pipedrive',
  logo: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="#1a1a1a"/><path d="M24 14h12a12 12 0 0 1 0 24h-6v12h-6z" fill="#fff"/><circle cx="35" cy="26" r="5" fill="#1a1a1a"/></svg>',
  auth: {
    kind: 'apiKey',
    help: 'In Pipedrive open Settings → Personal preferences → API and copy "Your personal API token". Company admins can also connect through OAuth.',
  },
  fields: pipedriveFields,
  capabilities: { incremental: true, deletions: false, deals: true, tags: true, lists: false, owner: true, unsubscribe: true, webhooks: false },
  // Pipedrive has no bulk person endpoint: a batch is written one request per record, within the budget.
  batchLimit: 100,
};
