/**
 * Most values one `$in` carries: keeps each query and reply small. Both the embedded server (which
 * plans index lookups for up to 20,000 points) and real MongoDB would take longer lists.
 */
export const IN_CHUNK = 500;

/**
 * Most documents one history insert (record events, health) carries. History is written in the
 * background of a sync, and the embedded server handles one message at a time: smaller messages
 * let the sync's own lookups through sooner, but each is a transaction whose index pages are
 * written again. Measured on the 100,000-contact bench: 200 wrote 556,000 pages and ran at
 * 5,800–6,600 records/s; 1,000 wrote 428,000 and ran at 7,300–7,700/s (2,000 was no better).
 */
export const HISTORY_CHUNK = 1000;

/** Distinct values split into `$in`-sized groups. Pure. */
export function inChunks<T>(values: Iterable<T>, size = IN_CHUNK): T[][] {
  const distinct = [...new Set(values)];
  const out: T[][] = [];
  for (let i = 0; i < distinct.length; i += size) out.push(distinct.slice(i, i + size));
  return out;
}
