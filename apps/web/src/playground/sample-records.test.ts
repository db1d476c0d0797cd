import { describe, expect, it } from 'vitest';
import { contactSchema } from '@sluice/graph';
import { sampleRecords } from './sample-records';

describe('sampleRecords', () => {
  it('makes valid canonical contacts, the same ones every time', () => {
    const a = sampleRecords(200);
    expect(a).toHaveLength(200);
    for (const c of a) expect(contactSchema.safeParse(c).success).toBe(true);
    expect(sampleRecords(200)).toEqual(a);
    expect(new Set(a.map((c) => c.id)).size).toBe(200);
  });

  it('is varied enough to exercise rules', () => {
    const a = sampleRecords(200);
    expect(a.some((c) => c.deals?.count === 0)).toBe(true);
    expect(a.some((c) => (c.deals?.count ?? 0) > 0)).toBe(true);
    expect(a.some((c) => c.unsubscribed)).toBe(true);
    expect(a.some((c) => !c.email)).toBe(true);
    expect(a.some((c) => c.tags.includes('customer'))).toBe(true);
  });
});
