/**
 * A deep copy of a document's structure — plain documents and arrays — that shares the values
 * inside (strings, numbers, and BSON value objects such as Long, Decimal128, ObjectId, Binary,
 * dates, which nothing here modifies). `structuredClone` would turn those objects into plain
 * ones and lose their BSON types. Pure.
 */
export function copyValue<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copyValue) as T;
  if ((value as { _bsontype?: string })._bsontype !== undefined || value instanceof Date || value instanceof RegExp) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = copyValue(v);
  return out as T;
}
