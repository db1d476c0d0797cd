/**
 * BSON type numbers and the aliases `$type` accepts (manual: "$type",
 * https://www.mongodb.com/docs/manual/reference/operator/query/type/), and the type number of a
 * value in the exact decoding. Pure.
 */
import { numberType } from '../bson/bson-number';
import { commandError } from '../commands/mongo-command.error';

const ALIASES: Record<string, number> = {
  double: 1,
  string: 2,
  object: 3,
  array: 4,
  binData: 5,
  undefined: 6,
  objectId: 7,
  bool: 8,
  date: 9,
  null: 10,
  regex: 11,
  dbPointer: 12,
  javascript: 13,
  symbol: 14,
  javascriptWithScope: 15,
  int: 16,
  timestamp: 17,
  long: 18,
  decimal: 19,
  minKey: -1,
  maxKey: 127,
};

const NUMBER_TYPES = new Set([1, 16, 18, 19]);

/** The BSON type number of a value (4 for arrays); undefined for a missing value. */
export function bsonTypeNumber(v: unknown): number | undefined {
  if (v === undefined) return undefined;
  if (v === null) return 10;
  switch (typeof v) {
    case 'string':
      return 2;
    case 'boolean':
      return 8;
    case 'number':
      return numberType(v) === 'int' ? 16 : 1;
    case 'symbol':
      return undefined;
  }
  if (Array.isArray(v)) return 4;
  if (v instanceof Date) return 9;
  if (v instanceof RegExp) return 11;
  switch ((v as { _bsontype?: string })._bsontype) {
    case undefined:
    case 'DBRef':
      return 3;
    case 'Double':
      return 1;
    case 'Int32':
      return 16;
    case 'Long':
      return 18;
    case 'Decimal128':
      return 19;
    case 'Binary':
      return 5;
    case 'ObjectId':
      return 7;
    case 'BSONRegExp':
      return 11;
    case 'DBPointer':
      return 12;
    case 'Code':
      return (v as { scope?: unknown }).scope ? 15 : 13;
    case 'BSONSymbol':
      return 14;
    case 'Timestamp':
      return 17;
    case 'MinKey':
      return -1;
    case 'MaxKey':
      return 127;
    default:
      return 3;
  }
}

/** A test for `$type: spec` (a number, an alias, `'number'`, or an array of those) on one value. */
export function typeTest(spec: unknown): (v: unknown) => boolean {
  const wanted = (Array.isArray(spec) ? spec : [spec]).map((s): number | 'number' => {
    if (s === 'number') return 'number';
    if (typeof s === 'string') {
      const n = ALIASES[s];
      if (n === undefined) throw commandError('BadValue', `Unknown type name alias: ${s}`);
      return n;
    }
    const n = Number(s);
    if (!Number.isInteger(n) || (!Object.values(ALIASES).includes(n))) throw commandError('BadValue', `Invalid numerical type code: ${String(s)}`);
    return n;
  });
  return (v) => {
    const t = bsonTypeNumber(v);
    if (t === undefined) return false;
    return wanted.some((w) => (w === 'number' ? NUMBER_TYPES.has(t) : w === t));
  };
}
