import { describe, expect, it } from 'vitest';
import { LOOKBACK_S, changeKey, searchBody, stepPage } from './intercom.cursor';

const contact = (id: string, updated_at: number) => ({ id, updated_at });

describe('Intercom read position', () => {
  it('searches everyone on a first pass, then from LOOKBACK_S before the newest change read', () => {
    expect(searchBody({}, 150)).toMatchObject({ query: { field: 'updated_at', operator: '>', value: 0 }, pagination: { per_page: 150 } });
    const end = stepPage({}, [contact('a', 1000), contact('b', 200_000)], null);
    expect(end.done).toBe(true);
    expect(end.cursor).toMatchObject({ since: 200_000 - LOOKBACK_S, top: 200_000 });
    // a is older than the window: its fingerprint is not kept; b's is.
    expect(end.cursor.seen).toMatch(new RegExp(`^${changeKey(contact('b', 200_000))}\\w{7}$`));
  });

  it('skips a change already read, hands over a later change of the same contact', () => {
    const after = stepPage({}, [contact('a', 100)], null).cursor;
    const again = stepPage({ ...after }, [contact('a', 100), contact('a2', 100)], null);
    expect(again.fresh.map((c) => c.id)).toEqual(['a2']);
    expect(stepPage(again.cursor, [contact('a', 101)], null).fresh.map((c) => c.id)).toEqual(['a']);
  });

  it('keeps the next page’s cursor mid-pass, and the fingerprints of earlier pages to the end of the pass', () => {
    const mid = stepPage({}, [contact('a', 100), contact('b', 200)], 'next-1');
    expect(mid).toMatchObject({ done: false, cursor: { after: 'next-1', top: 200 } });
    const end = stepPage(mid.cursor, [contact('b', 200), contact('c', 300)], null);
    expect(end.fresh.map((c) => c.id)).toEqual(['c']);
    expect(end.cursor.after).toBeUndefined();
    // The next pass meets all three again (they are within its window) and hands over none.
    expect(stepPage(end.cursor, [contact('a', 100), contact('b', 200), contact('c', 300)], null).fresh).toEqual([]);
  });

  it('keeps an empty workspace’s first pass a first pass', () => {
    expect(stepPage({}, [], null)).toEqual({ fresh: [], cursor: {}, done: true });
  });
});
