import { createHash } from 'node:crypto';
import { UserError } from '@sluice/core';
import type { IcContact } from './intercom.schemas';

/**
 * How far back each incremental pass searches, in seconds. Intercom's search matches `updated_at` by
 * whole day in the workspace's time zone (`> t` starts at the next midnight there), and contacts
 * created in the last minutes may not be searchable yet. Searching from 25 hours before the newest
 * change read covers the boundary day in any time zone; what was already read there is skipped.
 */
export const LOOKBACK_S = 25 * 3600;

/** Where reading stands: one pass of a search sorted by `updated_at`, and what was read near its end. */
export interface IcCursor {
  /** The pass searches `updated_at > since` (Unix seconds); absent on the first pass: everyone. */
  since?: number;
  /** Intercom's `starting_after` of the next page of this pass. */
  after?: string;
  /** The newest `updated_at` delivered so far. */
  top?: number;
  /** Fingerprints of `id@updated_at` delivered with `updated_at > top - LOOKBACK_S` (see `stepPage`). */
  seen?: string;
}

/** Reads a stored cursor; `null` starts a first pass. */
export function decodeCursor(text: string | null): IcCursor {
  if (!text) return {};
  try {
    const c = JSON.parse(text) as IcCursor;
    if (c && typeof c === 'object' && !Array.isArray(c)) return c;
  } catch {
    // falls through to the error below
  }
  throw new UserError('E_BAD_CURSOR', 'The saved Intercom sync position is unreadable; start a full sync.');
}

/** A change's fingerprint: the contact and the second it changed, hashed to 12 hex digits. Pure. */
export function changeKey(c: Pick<IcContact, 'id' | 'updated_at'>): string {
  return createHash('sha1').update(`${c.id}@${c.updated_at}`).digest('hex').slice(0, 12);
}

/** The body of `POST /contacts/search` for a pass at `cursor`. Pure. */
export function searchBody(cursor: IcCursor, perPage: number): Record<string, unknown> {
  return {
    // The first pass asks for every contact: Intercom's query is required, and every update time is after 0.
    query: { field: 'updated_at', operator: '>', value: cursor.since ?? 0 },
    // Ascending: a contact that changes while a pass pages moves to the end and is read again, never skipped.
    sort: { field: 'updated_at', order: 'ascending' },
    pagination: { per_page: perPage, ...(cursor.after ? { starting_after: cursor.after } : {}) },
  };
}

/** One stored fingerprint: 12 hex digits, then the change's time in base 36 on 7 characters. */
const ENTRY = 19;

function unpack(seen: string | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i + ENTRY <= (seen ?? '').length; i += ENTRY) out.set(seen!.slice(i, i + 12), parseInt(seen!.slice(i + 12, i + ENTRY), 36));
  return out;
}

/**
 * One page of a pass: the contacts to deliver (those not read already at the same update time), and
 * where reading stands after it. `next` is the page's `starting_after` (none: the pass is over, and
 * the next one searches from `top - LOOKBACK_S`). Fingerprints are kept while their change is within
 * the window the next search covers. Pure.
 */
export function stepPage(cursor: IcCursor, page: readonly IcContact[], next: string | null | undefined): { fresh: IcContact[]; cursor: IcCursor; done: boolean } {
  const seen = unpack(cursor.seen);
  const fresh: IcContact[] = [];
  let top = cursor.top;
  for (const c of page) {
    const key = changeKey(c);
    if (seen.has(key)) continue;
    seen.set(key, c.updated_at);
    fresh.push(c);
    if (top === undefined || c.updated_at > top) top = c.updated_at;
  }
  const floor = (top ?? 0) - LOOKBACK_S;
  const packed = [...seen].filter(([, t]) => t > floor).map(([k, t]) => k + t.toString(36).padStart(7, '0')).join('');
  if (next) return { fresh, cursor: { ...cursor, after: next, top, seen: packed }, done: false };
  return { fresh, cursor: top === undefined ? (cursor.since !== undefined ? { since: cursor.since } : {}) : { since: floor, top, seen: packed }, done: true };
}
