import { describe, expect, it } from 'vitest';
import { defaultPairs } from '@sluice/engine';
import { listApps } from '@sluice/connectors';

// Every app maps its own fields onto the canonical contact, so any two apps get a default field
// mapping for free: the fields both have, in the directions each side can write.
describe('default field mappings between every pair of apps', () => {
  const apps = listApps();
  const byId = new Map(apps.map((a) => [a.id, a]));

  it('covers the API apps, the two sandbox apps and the file apps', () => {
    expect([...byId.keys()].sort()).toEqual(['csv', 'google-contacts', 'hubspot', 'intercom', 'jsonl', 'mailchimp', 'microsoft-365', 'pipedrive', 'sandbox-crm', 'sandbox-outreach', 'woodpecker']);
  });

  it.each(apps.flatMap((a) => apps.filter((b) => b.id !== a.id).map((b) => [a.id, b.id] as const)))('%s ↔ %s maps at least email and names', (a, b) => {
    const pairs = defaultPairs(byId.get(a)!.fields, byId.get(b)!.fields);
    for (const path of ['email', 'firstName', 'lastName']) {
      expect(pairs.find((p) => p.a === path), path).toMatchObject({ b: path, aToB: true, bToA: true });
    }
    expect(pairs.some((p) => p.a === 'updatedAt' || p.a === 'id')).toBe(false);
  });

  it('maps the pairs PieSync users relied on', () => {
    const pair = (a: string, b: string, path: string) => defaultPairs(byId.get(a)!.fields, byId.get(b)!.fields).find((p) => p.a === path);
    // Pipedrive organization name ↔ Woodpecker company
    expect(pair('pipedrive', 'woodpecker', 'company')).toMatchObject({ b: 'company', aToB: true, bToA: true });
    // HubSpot firstname ↔ Google givenName
    expect(pair('hubspot', 'google-contacts', 'firstName')).toMatchObject({ b: 'firstName', aToB: true, bToA: true });
    // Pipedrive labels ↔ Google contact groups, both as tags
    expect(pair('pipedrive', 'google-contacts', 'tags')).toMatchObject({ b: 'tags', aToB: true, bToA: true });
    // Woodpecker's blacklist is read-only: it flows out of Woodpecker only
    expect(pair('woodpecker', 'pipedrive', 'unsubscribed')).toMatchObject({ aToB: true, bToA: false });
    // Deal counts are computed by Pipedrive and never written anywhere
    expect(pair('pipedrive', 'sandbox-crm', 'deals.count')).toBeUndefined();
    // Mailchimp: names, phone, address and tags both ways; its unsubscribes flow out to a CRM, and a
    // CRM's unsubscribes in (the connector only ever writes `true`: nobody is re-subscribed).
    for (const path of ['phone', 'address.city', 'tags', 'unsubscribed']) {
      expect(pair('mailchimp', 'pipedrive', path), path).toMatchObject({ b: path, aToB: true, bToA: true });
    }
    expect(pair('mailchimp', 'woodpecker', 'unsubscribed')).toMatchObject({ aToB: false, bToA: true });
    // Its status is Mailchimp's own and never written
    expect(pair('mailchimp', 'sandbox-crm', 'custom.status')).toBeUndefined();
    // Intercom: names (its one name, split), phone, company, tags and unsubscribes both ways with a CRM
    for (const path of ['phone', 'company', 'tags', 'unsubscribed']) {
      expect(pair('intercom', 'pipedrive', path), path).toMatchObject({ b: path, aToB: true, bToA: true });
    }
    // Its role is Intercom's own and never written; it keeps no address or job title
    expect(pair('intercom', 'sandbox-crm', 'custom.role')).toBeUndefined();
    expect(pair('intercom', 'hubspot', 'jobTitle')).toBeUndefined();
    // Outlook: mobile, company, job title, web page, business address and categories (as tags) both ways with a CRM
    for (const path of ['mobile', 'company', 'jobTitle', 'website', 'address.street']) {
      expect(pair('microsoft-365', 'hubspot', path), path).toMatchObject({ b: path, aToB: true, bToA: true });
    }
    for (const other of ['pipedrive', 'google-contacts']) expect(pair('microsoft-365', other, 'tags'), other).toMatchObject({ b: 'tags', aToB: true, bToA: true });
    // Outlook keeps no unsubscribes
    expect(pair('microsoft-365', 'mailchimp', 'unsubscribed')).toBeUndefined();
  });
});
