import { describe, expect, it } from 'vitest';
import { createMemorySandboxStore } from './memory-sandbox.store';
import { generateSandboxData } from './sandbox-data';
import { ensureSandboxSeeded } from './sandbox-seed';

describe('sandbox seed', () => {
  it('is deterministic and realistic: 500 people, overlaps, deals, blacklisted prospects, varied tags', () => {
    const a = generateSandboxData();
    const b = generateSandboxData();
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(generateSandboxData({ seed: 7 }))).not.toBe(JSON.stringify(a));
    expect(a.people).toHaveLength(350);
    expect(a.prospects).toHaveLength(300);
    expect(a.shared).toBe(150);
    const crmEmails = new Set(a.people.map((p) => p.emailKey));
    const matched = a.prospects.filter((p) => crmEmails.has(p.emailKey));
    expect(matched.length).toBeGreaterThanOrEqual(140);
    expect(matched.some((p) => p.email !== p.emailKey)).toBe(true); // spelled differently, same key
    const withDeals = new Set(a.deals.map((d) => d.personId));
    expect(withDeals.size).toBeGreaterThan(100);
    expect(withDeals.size).toBeLessThan(250);
    expect(a.prospects.filter((p) => p.status === 'BLACKLIST').length).toBeGreaterThan(5);
    expect(new Set(a.prospects.flatMap((p) => p.tags)).size).toBeGreaterThanOrEqual(5);
    expect(a.people.every((p) => p.email?.includes('@') && p.firstName && p.orgId)).toBe(true);
  });

  it('seeds a workspace once', async () => {
    const store = createMemorySandboxStore();
    expect(await ensureSandboxSeeded(store, 'w')).toMatchObject({ people: 350, prospects: 300 });
    expect(await ensureSandboxSeeded(store, 'w')).toBeUndefined();
    expect(await store.count('w', 'people')).toBe(350);
  });
});
