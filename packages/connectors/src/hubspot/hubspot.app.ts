import { type FieldCatalog, canonicalCatalog } from '@sluice/graph';
import type { AppDescription } from '@sluice/engine';

const paths = [
  'id', 'email', 'firstName', 'lastName', 'phone', 'mobile', 'company', 'jobTitle', 'website',
  'address.street', 'address.city', 'address.zip', 'address.state', 'address.country', 'owner', 'unsubscribed', 'lists', 'deleted',
  'deals.count', 'deals.open', 'deals.won', 'deals.value', 'updatedAt',
];

/** The contact fields every HubSpot portal has; custom properties come from `fieldCatalog()`. */
export const hubspotFields: FieldCatalog = canonicalCatalog
  .filter((f) => paths.includes(f.path))
  // Email opt-out is managed through HubSpot's subscription preferences, and list membership by lists.
  .map((f) => (f.path === 'unsubscribed' || f.path === 'lists' ? { ...f, readOnly: true } : f));

/** How HubSpot appears in Sluice. */
export const hubspotApp: AppDescription = {
  id: 'hubspot',
  name: 'HubSpot',
  logo: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="#ff7a59"/><circle cx="38" cy="36" r="9" fill="none" stroke="#fff" stroke-width="5"/><path d="M38 27V16M18 20l14 11" stroke="#fff" stroke-width="5" stroke-linecap="round"/></svg>',
  auth: {
    kind: 'apiKey',
    help: 'In HubSpot open Settings → Integrations → Private apps, create an app with the crm.objects.contacts.read/write, crm.schemas.contacts.read and crm.objects.deals.read scopes (add crm.lists.read and crm.lists.write for lists), and paste its access token. OAuth access tokens work too.',
  },
  fields: hubspotFields,
  capabilities: { incremental: true, deletions: true, deals: true, tags: false, lists: true, owner: true, unsubscribe: true, webhooks: false },
  // CRM batch endpoints take at most 100 inputs.
  batchLimit: 100,
};
