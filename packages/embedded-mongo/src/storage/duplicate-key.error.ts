/**
 * The E11000 error in the exact shape mongod gives it, so driver users see
 * `E11000 duplicate key error collection: app.users index: email_1 dup key: { email: "a@x.io" }`
 * with `keyPattern` and `keyValue` beside it. Pure.
 */
import { commandError, type MongoCommandError } from '../commands/mongo-command.error';
import { EMPTY_ARRAY, encodeKeyValue, valuesAtPath } from './index-key.codec';

function show(v: unknown): string {
  if (v === EMPTY_ARRAY) return 'undefined';
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof Date) return `new Date(${v.getTime()})`;
  const t = typeof v === 'object' ? (v as { _bsontype?: string })._bsontype : undefined;
  if (t === 'ObjectId') return `ObjectId('${String(v)}')`;
  if (t) return `${t}(${JSON.stringify(String(v))})`;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** The field values of `doc` that produced the colliding encoded `key`. */
function keyValueFor(doc: Record<string, unknown>, fields: readonly string[], key: Buffer): Record<string, unknown> {
  let combos: unknown[][] = [[]];
  for (const f of fields) combos = combos.flatMap((c) => valuesAtPath(doc, f).map((v) => [...c, v]));
  const hit = combos.find((c) => Buffer.concat(c.map(encodeKeyValue)).equals(key)) ?? combos[0] ?? [];
  return Object.fromEntries(fields.map((f, i) => [f, hit[i] === EMPTY_ARRAY ? undefined : (hit[i] ?? null)]));
}

export function duplicateKeyError(
  ns: string,
  indexName: string,
  keyPattern: Record<string, unknown>,
  doc: Record<string, unknown>,
  key: Buffer,
): MongoCommandError {
  const fields = Object.keys(keyPattern);
  const keyValue = keyValueFor(doc, fields, key);
  const shown = Object.entries(keyValue)
    .map(([f, v]) => `${f}: ${show(v)}`)
    .join(', ');
  return commandError('DuplicateKey', `E11000 duplicate key error collection: ${ns} index: ${indexName} dup key: { ${shown} }`, {
    keyPattern,
    keyValue,
  });
}
