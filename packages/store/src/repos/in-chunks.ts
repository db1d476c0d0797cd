/**
 * Most values one `$in` carries: keeps each query and reply small. Both the embedded server (which
 * plans index lookups for up to 20,000 points) and real MongoDB would take longer lists.
 */
export const IN_CHUNK = 500;

/**
 * Most documents one history insert (record events, health) carries. History is written in the
 * background of a sync; one message per 200 documents keeps the database free for the sync's own
 * lookups between them (the embedded server handles one message at a time).
 */
export const HISTORY_CHUNK = 200;

/** Distinct values split into `$in`-sized groups. Pure. */
export function inChunks<T>(values: Iterable<T>, size = IN_CHUNK): T[][] {
  const distinct = [...new Set(values)];
  const out: T[][] = [];
  for (let i = 0; i < distinct.length; i += size) out.push(distinct.slice(i, i + size));
  return out;
}
