import { describe, expect, it } from 'vitest';
import { PagesInFlight } from './pages-in-flight';

const settled = async (p: Promise<unknown> | undefined): Promise<boolean> => {
  if (!p) return true;
  let done = false;
  void p.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
};

describe('PagesInFlight', () => {
  it('makes a page holding a record of an earlier page wait for its links, and only that page', async () => {
    const pages = new PagesInFlight();
    expect(pages.open(0, new Set(['a1', 'a2']))).toBeUndefined();
    expect(pages.open(1, new Set(['a3']))).toBeUndefined();
    const wait = pages.open(2, new Set(['a2', 'a4']));
    expect(await settled(wait)).toBe(false);
    pages.linked(1);
    expect(await settled(wait)).toBe(false);
    pages.linked(0);
    expect(await settled(wait)).toBe(true);
  });

  it("shows a page what the planned pages before it will link, until their links are stored", () => {
    const pages = new PagesInFlight();
    const busy = { targets: new Set(['b1']), values: new Map() };
    pages.open(0, new Set(['a1']));
    pages.open(1, new Set(['a2']));
    pages.claim(0, busy);
    expect(pages.busyBefore(1)).toEqual([busy]);
    expect(pages.busyBefore(0)).toEqual([]);
    pages.linked(0);
    expect(pages.busyBefore(1)).toEqual([]);
  });

  it('orders the history of pages holding the same record, and forgets a page once its history is stored', async () => {
    const pages = new PagesInFlight();
    pages.open(0, new Set(['a1']));
    pages.open(1, new Set(['a2']));
    pages.open(2, new Set(['a1']));
    expect(await settled(pages.historyBefore(1))).toBe(true);
    const after = pages.historyBefore(2);
    expect(await settled(after)).toBe(false);
    pages.stored(0);
    expect(await settled(after)).toBe(true);
    // Page 0 is gone: a later page holding a1 waits only for page 2.
    expect(pages.open(3, new Set(['a1']))).toBeDefined();
    pages.stored(2);
    expect(await settled(pages.historyBefore(3))).toBe(true);
  });
});
