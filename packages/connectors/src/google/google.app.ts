import { type FieldCatalog, canonicalCatalog } from '@sluice/graph';
import type { AppDescription } from '@sluice/engine';

const paths = [
  'id', 'email', 'firstName', 'lastName', 'phone', 'mobile', 'company', 'jobTitle', 'website',
  'address.street', 'address.city', 'address.zip', 'address.state', 'address.country', 'tags', 'deleted', 'updatedAt',
];

/** The fields of a Google contact Sluice syncs (custom fields are the contact's "custom" labels: `custom.<label>`). */
export const googleFields: FieldCatalog = canonicalCatalog.filter((f) => paths.includes(f.path));

/** How Google Contacts appears in Sluice. */
export const googleApp: AppDescription = {
  id: 'google-contacts',
  name: 'Google Contacts',
  logo: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="#1a73e8"/><circle cx="32" cy="24" r="10" fill="#fff"/><path d="M14 50c3-10 10-14 18-14s15 4 18 14z" fill="#fff"/></svg>',
  auth: {
    kind: 'oauth2',
    help: 'Click "Connect with Google" and allow Sluice to see and edit your contacts. Sluice keeps a refresh token and renews access on its own.',
  },
  fields: googleFields,
  capabilities: { incremental: true, deletions: true, deals: false, tags: true, lists: false, owner: false, unsubscribe: false, webhooks: false },
  // people:batchCreateContacts and people:batchUpdateContacts take at most 200 contacts.
  batchLimit: 200,
};
