import type { FieldCatalog } from '@sluice/graph';
import type { AppDescription, SettingChoice } from '@sluice/engine';
import { appCatalog } from '../sdk/app-catalog';

/** The member fields every Mailchimp audience has: the FNAME, LNAME, PHONE and ADDRESS merge fields, tags and status. */
export const mailchimpFields: FieldCatalog = [
  ...appCatalog(
    ['id', 'email', 'firstName', 'lastName', 'phone', 'address.street', 'address.city', 'address.zip', 'address.state', 'address.country', 'tags', 'unsubscribed', 'deleted', 'updatedAt'],
    {
      firstName: { label: 'First name (FNAME)' },
      lastName: { label: 'Last name (LNAME)' },
      phone: { label: 'Phone (PHONE)' },
      unsubscribed: { label: 'Unsubscribed or cleaned' },
      deleted: { label: 'Archived' },
    },
  ),
  {
    path: 'custom.status',
    type: 'string',
    label: 'Mailchimp status',
    readOnly: true,
    custom: true,
    options: ['subscribed', 'unsubscribed', 'cleaned', 'pending', 'transactional', 'archived'],
  },
];

/** How a contact Sluice adds to an audience starts out: Mailchimp's `status_if_new`. */
export const STATUS_IF_NEW: readonly SettingChoice[] = [
  {
    value: 'subscribed',
    label: 'Subscribed',
    help: 'Added as subscribers at once, without a confirmation e-mail: only for people who agreed to hear from you.',
  },
  {
    value: 'transactional',
    label: 'Non-subscribed (transactional)',
    help: 'Kept in the audience without marketing consent: no e-mail is sent, and campaigns do not reach them.',
  },
  {
    value: 'pending',
    label: 'Pending (double opt-in)',
    help: 'Mailchimp e-mails each new contact a confirmation request; they become subscribers when they confirm. The first sync sends one per contact.',
  },
];
export type StatusIfNew = 'subscribed' | 'transactional' | 'pending';

/** How Mailchimp appears in Sluice. */
export const mailchimpApp: AppDescription = {
  id: 'mailchimp',
  name: 'Mailchimp',
  logo: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="#ffe01b"/><path d="M16 44V22l10 12 10-12v22" fill="none" stroke="#241c15" stroke-width="5" stroke-linejoin="round"/><circle cx="46" cy="40" r="5" fill="#241c15"/></svg>',
  auth: {
    kind: 'apiKey',
    help: 'In Mailchimp open your profile → Extras → API keys, click "Create A Key" and paste it here, with its ending such as "-us6" (your data centre). Account owners and admins can create keys.',
  },
  fields: mailchimpFields,
  // Archived members are reported as deletions. List webhooks exist but Sluice does not receive them yet.
  capabilities: { incremental: true, deletions: true, deals: false, tags: true, lists: false, owner: false, unsubscribe: true, webhooks: false },
  // Batch subscribe (`POST /lists/{list_id}`) takes at most 500 members a call.
  batchLimit: 500,
  settings: [
    { key: 'listId', label: 'Audience', help: 'The Mailchimp audience (list) this side of the connection syncs.', choices: 'account', required: true },
    {
      key: 'statusIfNew',
      label: 'New contacts are added as',
      help: 'Only contacts Sluice creates get this status; Sluice never re-subscribes anyone who unsubscribed or was cleaned.',
      choices: STATUS_IF_NEW,
      default: 'subscribed',
    },
  ],
};
