import { UnexpectedError } from '@sluice/core';

export interface CursorPage<T> {
  items: T[];
  /** The cursor of the next page; null/undefined/'' when this was the last page. */
  next?: string | null;
}

export interface Page<T> {
  items: T[];
  /** The cursor (or page number, as text) that fetches the page after this one; null after the last page. */
  next: string | null;
}

/**
 * Walks a cursor-paged API one page at a time, pulled by the consumer (nothing is fetched ahead).
 * Stops when the app gives no next cursor; a cursor that repeats is a bug in the app or the caller
 * and throws instead of looping forever.
 * @example
 * for await (const page of paginateCursor((after) => http.get('/crm/v3/objects/contacts', { query: { after, limit: 100 } })
 *   .then((r) => ({ items: r.results, next: r.paging?.next?.after })))) { ... }
 */
export async function* paginateCursor<T>(
  fetchPage: (cursor: string | undefined) => Promise<CursorPage<T>>,
  start?: string,
): AsyncGenerator<Page<T>> {
  let cursor = start;
  const seen = new Set<string>();
  for (;;) {
    const page = await fetchPage(cursor);
    const next = page.next ? page.next : null;
    if (next !== null) {
      if (seen.has(next)) throw new UnexpectedError('Paging cursor repeated; stopping to avoid an endless loop.', { cursor: next });
      seen.add(next);
    }
    yield { items: page.items, next };
    if (next === null) return;
    cursor = next;
  }
}

/**
 * Walks a page-number (or offset) paged API: asks for page `start`, `start + 1`, ... until a page
 * says there is no more, or comes back shorter than `pageSize`, or empty.
 * @example
 * for await (const page of paginatePages((page) => http.get('/rest/v1/prospects.json', { query: { page, per_page: 500 } })
 *   .then((items) => ({ items })), { start: 1, pageSize: 500 })) { ... }
 */
export async function* paginatePages<T>(
  fetchPage: (page: number) => Promise<{ items: T[]; hasMore?: boolean }>,
  options: { start?: number; pageSize?: number } = {},
): AsyncGenerator<Page<T> & { page: number }> {
  for (let page = options.start ?? 1; ; page++) {
    const { items, hasMore } = await fetchPage(page);
    const more = hasMore ?? (items.length > 0 && (options.pageSize === undefined || items.length >= options.pageSize));
    yield { items, next: more ? String(page + 1) : null, page };
    if (!more) return;
  }
}
