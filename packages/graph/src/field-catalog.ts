/** The value types a field can hold; rules check ops against them (e.g. `gt` needs number or date). */
export type FieldType = 'string' | 'number' | 'boolean' | 'date' | 'string[]';

/** One field an app exposes, by its dotted canonical path. */
export interface FieldDef {
  path: string;
  type: FieldType;
  label: string;
  /** The app computes it (e.g. deals.count, updatedAt): rules may read it, mappings may not write it. */
  readOnly?: boolean;
  /** A field the account defined itself (HubSpot property, Pipedrive custom field...). */
  custom?: boolean;
  /**
   * The values the app allows, in its order, when it offers a fixed choice (a Mailchimp dropdown or
   * radio merge field): what a value table can offer on this side.
   */
  options?: readonly string[];
}

export type FieldCatalog = readonly FieldDef[];

/** Every field of the canonical contact, with its type. Apps expose a subset plus their custom fields. */
export const canonicalCatalog: FieldCatalog = [
  { path: 'id', type: 'string', label: 'Record id', readOnly: true },
  { path: 'email', type: 'string', label: 'Email' },
  { path: 'firstName', type: 'string', label: 'First name' },
  { path: 'lastName', type: 'string', label: 'Last name' },
  { path: 'phone', type: 'string', label: 'Phone' },
  { path: 'mobile', type: 'string', label: 'Mobile phone' },
  { path: 'company', type: 'string', label: 'Company' },
  { path: 'jobTitle', type: 'string', label: 'Job title' },
  { path: 'website', type: 'string', label: 'Website' },
  { path: 'address.street', type: 'string', label: 'Street' },
  { path: 'address.city', type: 'string', label: 'City' },
  { path: 'address.zip', type: 'string', label: 'ZIP / postal code' },
  { path: 'address.state', type: 'string', label: 'State / region' },
  { path: 'address.country', type: 'string', label: 'Country' },
  { path: 'tags', type: 'string[]', label: 'Tags' },
  { path: 'lists', type: 'string[]', label: 'Lists' },
  { path: 'owner', type: 'string', label: 'Owner' },
  { path: 'unsubscribed', type: 'boolean', label: 'Unsubscribed' },
  { path: 'deleted', type: 'boolean', label: 'Deleted', readOnly: true },
  { path: 'deals.count', type: 'number', label: 'Number of deals', readOnly: true },
  { path: 'deals.open', type: 'number', label: 'Open deals', readOnly: true },
  { path: 'deals.won', type: 'number', label: 'Won deals', readOnly: true },
  { path: 'deals.value', type: 'number', label: 'Deal value', readOnly: true },
  { path: 'updatedAt', type: 'date', label: 'Last updated', readOnly: true },
];

/** Looks a path up in a catalog; `custom.*` paths not listed are unknown. Pure. */
export function findField(catalog: FieldCatalog, path: string): FieldDef | undefined {
  return catalog.find((f) => f.path === path);
}
