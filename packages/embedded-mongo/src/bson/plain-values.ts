/**
 * The exactly typed values (see exact-bson.decoder) as mingo understands them, for the parts still
 * evaluated by mingo (aggregation expressions, `$expr`, `$where`, `$jsonSchema`, pipeline updates):
 * `Double` objects and Int64 values within ±2^53 become JavaScript numbers. Int64 beyond 2^53 and
 * Decimal128 stay objects (a number would change their value). What mingo computes from these comes
 * back as JavaScript numbers, so an integral double it passes through is written back as an Int32 —
 * a difference listed in docs/embedded-mongo.md. Pure; the input is not modified.
 */
import { exactNumber } from './bson-number';

function isContainer(v: object): boolean {
  return Array.isArray(v) || (v.constructor === Object || Object.getPrototypeOf(v) === null);
}

/**
 * @example toPlain({ n: new Double(10), l: Long.fromNumber(5) }) // { n: 10, l: 5 }
 */
export function toPlain<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  const t = (value as { _bsontype?: string })._bsontype;
  if (t === 'Double' || t === 'Int32' || t === 'Long') return (exactNumber(value) ?? value) as T;
  if (!isContainer(value)) return value;
  if (Array.isArray(value)) return value.map(toPlain) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = toPlain(v);
  return out as T;
}
