import type { FieldCatalog } from '@sluice/graph';
import type { AppDescription } from '@sluice/engine';
import { appCatalog } from '../sdk/app-catalog';

/**
 * An Outlook contact's fields as Sluice sees them: the first e-mail address, business phone, mobile,
 * company, job title, web page, business address and categories (as tags) are canonical; the second
 * and third e-mail addresses, the home phone and the department are `custom.*`; the home address is
 * read as one line.
 */
export const microsoftFields: FieldCatalog = [
  ...appCatalog(
    ['id', 'email', 'firstName', 'lastName', 'phone', 'mobile', 'company', 'jobTitle', 'website', 'address.street', 'address.city', 'address.zip', 'address.state', 'address.country', 'tags', 'deleted', 'updatedAt'],
    {
      phone: { label: 'Business phone' },
      mobile: { label: 'Mobile phone' },
      website: { label: 'Business home page' },
      'address.street': { label: 'Business address: street' },
      'address.city': { label: 'Business address: city' },
      'address.zip': { label: 'Business address: postal code' },
      'address.state': { label: 'Business address: state or province' },
      'address.country': { label: 'Business address: country or region' },
      tags: { label: 'Categories' },
    },
  ),
  { path: 'custom.email2', type: 'string', label: 'E-mail address 2', custom: true },
  { path: 'custom.email3', type: 'string', label: 'E-mail address 3', custom: true },
  { path: 'custom.homePhone', type: 'string', label: 'Home phone', custom: true },
  { path: 'custom.department', type: 'string', label: 'Department', custom: true },
  { path: 'custom.homeAddress', type: 'string', label: 'Home address (one line)', custom: true, readOnly: true },
];

/** How Outlook contacts (Microsoft 365, Outlook.com) appear in Sluice. */
export const microsoftApp: AppDescription = {
  id: 'microsoft-365',
  name: 'Outlook (Microsoft 365)',
  logo: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="#0f6cbd"/><rect x="10" y="18" width="26" height="28" rx="3" fill="#fff"/><ellipse cx="23" cy="32" rx="7" ry="9" fill="none" stroke="#0f6cbd" stroke-width="4"/><path d="M38 22h16v20H38" fill="none" stroke="#fff" stroke-width="4" stroke-linejoin="round"/><path d="M38 24l8 7 8-7" fill="none" stroke="#fff" stroke-width="3"/></svg>',
  auth: {
    kind: 'oauth2',
    help: 'Click "Connect with Outlook (Microsoft 365)", sign in with the work, school or personal Microsoft account whose contacts you sync, and allow Sluice to read and write your contacts. Sluice keeps a refresh token and renews access on its own.',
  },
  fields: microsoftFields,
  // Deletions come from delta queries (`@removed`). Change notifications are not received yet: runs poll the delta link.
  capabilities: { incremental: true, deletions: true, deals: false, tags: true, lists: false, owner: false, unsubscribe: false, webhooks: false },
  // Writes go one contact a request; 20 a batch is what one Graph JSON batch would carry, so a run's
  // batches stay small enough for Outlook's four requests at once per mailbox.
  batchLimit: 20,
  settings: [
    {
      key: 'folderId',
      label: 'Contacts folder',
      help: 'The Outlook contacts folder this side of the connection syncs: the default "Contacts" folder, or one of its own folders.',
      choices: 'account',
      default: 'default',
    },
  ],
};
