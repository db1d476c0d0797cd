/**
 * Most values one `$in` carries. The embedded server plans index lookups for up to 1,000 points and
 * falls back to a scan of the connection beyond that; real MongoDB does not mind either way.
 */
export const IN_CHUNK = 500;

/** Distinct values split into `$in`-sized groups. Pure. */
export function inChunks<T>(values: Iterable<T>, size = IN_CHUNK): T[][] {
  const distinct = [...new Set(values)];
  const out: T[][] = [];
  for (let i = 0; i < distinct.length; i += size) out.push(distinct.slice(i, i + size));
  return out;
}
