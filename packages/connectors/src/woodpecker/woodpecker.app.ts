import { type FieldCatalog, type FieldDef, canonicalCatalog } from '@sluice/graph';
import type { AppDescription } from '@sluice/engine';
import { EXTRA_FIELDS, SNIPPETS } from './woodpecker.mapping';

const paths = [
  'id', 'email', 'firstName', 'lastName', 'phone', 'company', 'jobTitle', 'website',
  'address.street', 'address.city', 'address.state', 'address.country', 'tags', 'unsubscribed', 'updatedAt',
];

const extra: FieldDef[] = [
  ...SNIPPETS.map((s, i): FieldDef => ({ path: `custom.${s}`, type: 'string', label: `Snippet ${i + 1}`, custom: true })),
  { path: `custom.${EXTRA_FIELDS[0]}`, type: 'string', label: 'Industry', custom: true },
  { path: `custom.${EXTRA_FIELDS[1]}`, type: 'string', label: 'LinkedIn URL', custom: true },
  { path: 'custom.status', type: 'string', label: 'Prospect status (ACTIVE, BLACKLIST, BOUNCED, INVALID, REPLIED)', readOnly: true, custom: true },
];

/** Every Woodpecker prospect field Sluice reads and writes; `unsubscribed` (status BLACKLIST) is read-only. */
export const woodpeckerFields: FieldCatalog = [
  ...canonicalCatalog.filter((f) => paths.includes(f.path)).map((f) => (f.path === 'unsubscribed' ? { ...f, readOnly: true } : f)),
  ...extra,
];

/** How Woodpecker appears in Sluice. */
export const woodpeckerApp: AppDescription = {
  id: 'woodpecker',
  name: 'Woodpecker',
  logo: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="#2b2d42"/><path d="M18 18l6 28 8-18 8 18 6-28" fill="none" stroke="#f4a259" stroke-width="5" stroke-linejoin="round"/></svg>',
  auth: { kind: 'apiKey', help: 'In Woodpecker open Marketplace → Integrations → API keys, create a key and paste it here.' },
  fields: woodpeckerFields,
  capabilities: { incremental: true, deletions: false, deals: false, tags: true, lists: false, owner: false, unsubscribe: true, webhooks: false },
  batchLimit: 100,
};
