import { describe, expect, it } from 'vitest';
import { defaultPairs } from '@sluice/engine';
import { listApps } from '@sluice/connectors';

// Every app maps its own fields onto the canonical contact, so any two apps get a default field
// mapping for free: the fields both have, in the directions each side can write.
describe('default field mappings between every pair of apps', () => {
  const apps = listApps();
  const byId = new Map(apps.map((a) => [a.id, a]));

  it('covers the four API apps, the two sandbox apps and the file apps', () => {
    expect([...byId.keys()].sort()).toEqual(['csv', 'google-contacts', 'hubspot', 'jsonl', 'pipedrive', 'sandbox-crm', 'sandbox-outreach', 'woodpecker']);
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
  });
});
