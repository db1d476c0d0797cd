import type { FieldCatalog } from '@sluice/graph';
import type { AppDescription, SettingChoice } from '@sluice/engine';
import { appCatalog } from '../sdk/app-catalog';

/** The contact fields every Intercom workspace has. */
export const intercomFields: FieldCatalog = [
  ...appCatalog(['id', 'email', 'firstName', 'lastName', 'phone', 'company', 'tags', 'unsubscribed', 'updatedAt'], {
    firstName: { label: 'First name (first word of name)' },
    lastName: { label: 'Last name (rest of name)' },
    company: { label: 'Company (first attached)' },
    unsubscribed: { label: 'Unsubscribed from emails' },
  }),
  { path: 'custom.role', type: 'string', label: 'Intercom role', readOnly: true, custom: true, options: ['user', 'lead'] },
  { path: 'custom.external_id', type: 'string', label: 'External id (users)', custom: true },
];

/** The role of contacts Sluice adds to Intercom. */
export const ROLE_IF_NEW: readonly SettingChoice[] = [
  { value: 'lead', label: 'Leads', help: 'People who have not signed up to your product: Intercom creates them without an external id.' },
  { value: 'user', label: 'Users', help: 'People who use your product. Each new contact needs an email address (or an external id).' },
];
export type RoleIfNew = 'lead' | 'user';

/** Where the Intercom workspace is hosted: its token works only there. */
export const REGIONS: readonly SettingChoice[] = [
  { value: 'us', label: 'United States', help: 'api.intercom.io (most workspaces)' },
  { value: 'eu', label: 'Europe', help: 'api.eu.intercom.io' },
  { value: 'au', label: 'Australia', help: 'api.au.intercom.io' },
];

/** How Intercom appears in Sluice. */
export const intercomApp: AppDescription = {
  id: 'intercom',
  name: 'Intercom',
  logo: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="#1f8ded"/><rect x="14" y="14" width="36" height="32" rx="6" fill="#fff"/><path d="M22 22v12M28 20v16M34 20v16M40 22v12M22 40c6 4 14 4 20 0" stroke="#1f8ded" stroke-width="3" stroke-linecap="round" fill="none"/></svg>',
  auth: {
    kind: 'apiKey',
    help: 'In Intercom open Settings → Integrations → Developer Hub, create or open your app, then Configure → Authentication: copy the access token. Choose the region your workspace is hosted in (US, EU or Australia).',
    keySettings: [{ key: 'region', label: 'Region', help: 'Where your Intercom workspace is hosted (Settings → Workspace → General shows it): its token works there only.', choices: REGIONS, default: 'us' }],
  },
  fields: intercomFields,
  // Intercom's API lists no archived or deleted contacts (they only vanish), and its webhooks are
  // configured in the Developer Hub, which Sluice does not receive yet.
  capabilities: { incremental: true, deletions: false, deals: false, tags: true, lists: false, owner: false, unsubscribe: true, webhooks: false },
  // Intercom writes one contact a request; a batch of 50 keeps one call's work within a minute at the rate limit.
  batchLimit: 50,
  settings: [
    { key: 'roleIfNew', label: 'New contacts are added as', help: 'The role contacts Sluice creates in Intercom get; contacts already there keep theirs.', choices: ROLE_IF_NEW, default: 'lead' },
  ],
};
