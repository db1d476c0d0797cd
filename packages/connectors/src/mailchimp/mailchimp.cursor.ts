import { createHash } from 'node:crypto';
import { UserError } from '@sluice/core';
import type { McMember } from './mailchimp.schemas';

/**
 * Where one walk over an audience's members stands. Mailchimp pages by offset, which skips members
 * when others move while a pass reads (a changed member jumps to the end of a `last_changed` order).
 * So each page starts again at the newest `last_changed` read so far (keyset paging): a member that
 * changes mid-pass is simply read again later. Times are whole seconds; members read at the boundary
 * second are remembered with a fingerprint, so they are skipped unless they changed again.
 */
export interface WalkCursor {
  /** Lower bound (whole second, ISO): members changed at or after it are still to read. */
  at?: string;
  /** `id:fingerprint` of members already delivered whose last change is at `at`. */
  seen?: string[];
  /** More members than a page share the second `at`: how many of them to skip. */
  skip?: number;
}

/** A pass over the audience: the members walk, then (incremental passes) the archived members walk. */
export interface McCursor {
  members: WalkCursor;
  /** Absent until the first pass ends: the first pass reports no deletions. */
  archived?: WalkCursor;
  /** Set while the archived walk of a pass is under way. */
  phase?: 'archived';
}

/** Reads a stored cursor; `null` starts a first pass. */
export function decodeCursor(text: string | null): McCursor {
  if (!text) return { members: {} };
  try {
    const c = JSON.parse(text) as McCursor;
    if (c && typeof c === 'object' && c.members && typeof c.members === 'object') return c;
  } catch {
    // falls through to the error below
  }
  throw new UserError('E_BAD_CURSOR', 'The saved Mailchimp sync position is unreadable; start a full sync.');
}

/** A member's last change to the second, ISO (`...T15:41:36.000Z`); members without one sort first. Pure. */
export function changedSecond(m: Pick<McMember, 'last_changed'>): string {
  const ms = Date.parse(m.last_changed ?? '');
  return Number.isNaN(ms) ? '1970-01-01T00:00:00.000Z' : new Date(Math.floor(ms / 1000) * 1000).toISOString();
}

/** What Mailchimp's `since_last_changed` gets for a walk at `at`: one second earlier, so `at` itself is included whether Mailchimp compares with > or >=. Pure. */
export function sinceParam(at: string | undefined): string | undefined {
  if (!at) return undefined;
  return new Date(Date.parse(at) - 1000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

function seenKey(m: McMember): string {
  const fp = createHash('sha1').update(JSON.stringify([m.email_address, m.status, m.merge_fields ?? null, m.tags ?? null, m.last_changed ?? null])).digest('hex').slice(0, 10);
  return `${m.id}:${fp}`;
}

/**
 * One page of a walk: the members to deliver (the ones before the cursor, or seen unchanged at its
 * second, are dropped), where the walk stands after it, and whether it is over (a short page). Pure.
 */
export function stepWalk(cursor: WalkCursor, page: readonly McMember[], pageSize: number): { fresh: McMember[]; next: WalkCursor; done: boolean } {
  const seen = new Set(cursor.seen ?? []);
  const fresh = page.filter((m) => {
    const t = changedSecond(m);
    if (cursor.at && t < cursor.at) return false;
    return !(cursor.at && t === cursor.at && seen.has(seenKey(m)));
  });
  let top = cursor.at;
  for (const m of page) if (!top || changedSecond(m) > top) top = changedSecond(m);
  const atTop = (list: readonly McMember[]) => list.filter((m) => changedSecond(m) === top).map(seenKey);
  if (page.length < pageSize) {
    // The walk is over: the next one starts at the newest second delivered.
    const keep = top === cursor.at ? [...seen, ...atTop(fresh)] : atTop(fresh);
    return { fresh, next: top ? { at: top, seen: [...new Set(keep)] } : {}, done: true };
  }
  if (top !== cursor.at) return { fresh, next: { at: top, seen: atTop(page) }, done: false };
  // A whole page at one second: step over it by offset within that second.
  return { fresh, next: { at: top, seen: [...new Set([...seen, ...atTop(fresh)])], skip: (cursor.skip ?? 0) + pageSize }, done: false };
}
