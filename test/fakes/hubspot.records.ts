/** Contacts and properties as HubSpot CRM v3 returns them (the parts the HubSpot fake keeps). */
export interface HsContact {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
}
export interface HsProperty {
  name: string;
  label: string;
  type: 'bool' | 'enumeration' | 'date' | 'datetime' | 'string' | 'number' | 'phone_number';
  fieldType: string;
  groupName: string;
  hubspotDefined?: boolean;
  calculated?: boolean;
  modificationMetadata: { archivable: boolean; readOnlyDefinition: boolean; readOnlyValue: boolean };
  /** An enumeration's choices, as the properties API lists them. */
  options?: { label: string; value: string; displayOrder: number; hidden: boolean }[];
}

/** A contact property as the properties API describes it (HubSpot-defined unless changed by the caller). */
export const std = (name: string, label: string, type: HsProperty['type'] = 'string', readOnlyValue = false): HsProperty => ({
  name,
  label,
  type,
  fieldType: type === 'string' ? 'text' : type === 'number' ? 'number' : type === 'bool' ? 'booleancheckbox' : type === 'datetime' ? 'date' : 'text',
  groupName: 'contactinformation',
  hubspotDefined: true,
  calculated: readOnlyValue,
  modificationMetadata: { archivable: false, readOnlyDefinition: true, readOnlyValue },
});

/** The HubSpot-defined contact properties a new portal has (the ones Sluice reads). */
export function standardProperties(): HsProperty[] {
  return [
    std('email', 'Email'),
    std('firstname', 'First Name'),
    std('lastname', 'Last Name'),
    std('phone', 'Phone Number', 'string'),
    std('mobilephone', 'Mobile Phone Number'),
    std('company', 'Company Name'),
    std('jobtitle', 'Job Title'),
    std('website', 'Website URL'),
    std('address', 'Street Address'),
    std('city', 'City'),
    std('zip', 'Postal Code'),
    std('state', 'State/Region'),
    std('country', 'Country/Region'),
    std('hubspot_owner_id', 'Contact owner', 'enumeration'),
    std('hs_email_optout', 'Unsubscribed from all email', 'bool', true),
    std('lastmodifieddate', 'Last Modified Date', 'datetime', true),
    std('createdate', 'Create Date', 'datetime', true),
    std('hs_object_id', 'Record ID', 'number', true),
    std('num_associated_deals', 'Number of Associated Deals', 'number', true),
  ];
}
