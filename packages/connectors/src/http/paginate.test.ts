import { describe, expect, it } from 'vitest';
import { paginateCursor, paginatePages } from './paginate';

const data = Array.from({ length: 7 }, (_, i) => i);

describe('paginateCursor', () => {
  it('follows cursors until there is none, fetching only as pages are pulled', async () => {
    const calls: (string | undefined)[] = [];
    const pages = paginateCursor(async (cursor) => {
      calls.push(cursor);
      const from = Number(cursor ?? 0);
      return { items: data.slice(from, from + 3), next: from + 3 < data.length ? String(from + 3) : null };
    });
    const seen: number[] = [];
    for await (const page of pages) {
      seen.push(...page.items);
      if (seen.length === 3) expect(calls).toHaveLength(1);
    }
    expect(seen).toEqual(data);
    expect(calls).toEqual([undefined, '3', '6']);
  });

  it('throws instead of looping on a repeated cursor', async () => {
    const pages = paginateCursor(async () => ({ items: [1], next: 'same' }));
    await expect(async () => {
      for await (const _ of pages) void _;
    }).rejects.toThrow(/repeated/);
  });
});

describe('paginatePages', () => {
  it('stops on a short page', async () => {
    const asked: number[] = [];
    const out: number[] = [];
    for await (const page of paginatePages(async (p) => {
      asked.push(p);
      return { items: data.slice((p - 1) * 3, p * 3) };
    }, { pageSize: 3 })) out.push(...page.items);
    expect(out).toEqual(data);
    expect(asked).toEqual([1, 2, 3]);
  });

  it('stops when the app says there is no more, or on an empty page', async () => {
    const a: number[] = [];
    for await (const page of paginatePages(async (p) => ({ items: [p], hasMore: p < 2 }), { start: 0 })) a.push(...page.items);
    expect(a).toEqual([0, 1, 2]);
    const b: number[] = [];
    for await (const page of paginatePages(async (p) => ({ items: p < 3 ? [p] : [] }))) b.push(...page.items);
    expect(b).toEqual([1, 2]);
  });
});
