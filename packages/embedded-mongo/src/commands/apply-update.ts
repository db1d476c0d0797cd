/**
 * MongoDB update semantics on one document: operator updates (through mingo, plus
 * `$setOnInsert`), replacement documents and pipeline updates, `_id` immutability, and the
 * document an upsert inserts. The input document is modified in place — pass a fresh copy.
 */
import { deserialize, ObjectId } from 'bson';
import { Aggregator, update as mingoUpdate } from 'mingo';
import { commandError, MongoCommandError } from './mongo-command.error';
import type { Doc } from './command.context';
import { tryFastUpdate } from './fast-update';

const OPERATORS = new Set([
  '$set', '$unset', '$inc', '$mul', '$push', '$addToSet', '$pull', '$pullAll', '$pop',
  '$min', '$max', '$currentDate', '$rename', '$bit', '$setOnInsert',
]);

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  return String(a) === String(b) && (a as { _bsontype?: string })._bsontype === (b as { _bsontype?: string })._bsontype;
}

function isOperatorUpdate(u: Doc): boolean {
  const keys = Object.keys(u);
  return keys.length > 0 && keys[0]!.startsWith('$');
}

function asBadValue(e: unknown): never {
  if (e instanceof MongoCommandError) throw e;
  const message = e instanceof Error ? e.message : String(e);
  if (/conflict/i.test(message)) throw commandError('ConflictingUpdateOperators', message);
  if (/immutable field/i.test(message)) throw immutableId();
  throw commandError('BadValue', message);
}

function immutableId(): MongoCommandError {
  return commandError('ImmutableField', "Performing an update on the path '_id' would modify the immutable field '_id'");
}

/**
 * Applies `u` to `doc`. Returns the new document, or undefined when nothing changed.
 * @param query the update's filter, for the positional `$` operator
 */
export function applyUpdate(
  doc: Doc,
  u: Doc | Doc[],
  opts: { arrayFilters?: Doc[]; query?: Doc; inserting?: boolean } = {},
): Doc | undefined {
  const id = doc._id;
  if (Array.isArray(u)) {
    let out: Doc;
    try {
      out = (new Aggregator(u, {}).run([doc]) as Doc[])[0] ?? doc;
    } catch (e) {
      asBadValue(e);
    }
    if (id !== undefined && !sameValue(out._id, id)) throw immutableId();
    return out;
  }
  if (!isOperatorUpdate(u)) {
    if (u._id !== undefined && id !== undefined && !sameValue(u._id, id)) throw immutableId();
    for (const k of Object.keys(u)) if (k.startsWith('$')) throw commandError('BadValue', `replacement document must not contain operator ${k}`);
    const { _id: _ignored, ...rest } = u;
    return { _id: id ?? u._id, ...rest };
  }
  const { $setOnInsert, ...modifier } = u as Doc & { $setOnInsert?: Doc };
  for (const op of Object.keys(u)) {
    if (!OPERATORS.has(op)) throw commandError('FailedToParse', `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`);
  }
  if (!opts.arrayFilters || opts.arrayFilters.length === 0) {
    const fast = tryFastUpdate(doc, u, !!opts.inserting);
    if (fast !== undefined) return fast ? doc : undefined;
  }
  let changed: string[] = [];
  try {
    if (Object.keys(modifier).length > 0) {
      changed = mingoUpdate(doc, modifier, opts.arrayFilters, opts.query ?? undefined);
    }
    if (opts.inserting && $setOnInsert && Object.keys($setOnInsert).length > 0) {
      changed = changed.concat(mingoUpdate(doc, { $set: $setOnInsert }));
    }
  } catch (e) {
    asBadValue(e);
  }
  if (id !== undefined && !sameValue(doc._id, id)) throw immutableId();
  return changed.length > 0 ? doc : undefined;
}

/**
 * {@link applyUpdate} on a stored document's BSON. The fast path works on a decoding that keeps
 * `Long` values as `Long`, so fields the update does not touch keep their exact BSON type; mingo
 * works on the usual decoding (Longs as numbers).
 */
export function updateStored(raw: Uint8Array, u: Doc | Doc[], opts: { arrayFilters?: Doc[]; query?: Doc } = {}): Doc | undefined {
  if (!Array.isArray(u) && isOperatorUpdate(u) && (!opts.arrayFilters || opts.arrayFilters.length === 0)) {
    if (Object.keys(u).every((op) => OPERATORS.has(op))) {
      const exact = deserialize(raw, { promoteLongs: false }) as Doc;
      const fast = tryFastUpdate(exact, u, false);
      if (fast !== undefined) return fast ? exact : undefined;
    }
  }
  return applyUpdate(deserialize(raw) as Doc, u, opts);
}

/** Equality fields of a filter (top level and `$and`), which an upsert copies into the new document. */
function equalityFields(filter: Doc, into: Doc): Doc {
  for (const [k, v] of Object.entries(filter)) {
    if (k === '$and' && Array.isArray(v)) {
      for (const sub of v) equalityFields(sub as Doc, into);
      continue;
    }
    if (k.startsWith('$')) continue;
    const isOps = typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) &&
      !(v as { _bsontype?: string })._bsontype && Object.keys(v).some((x) => x.startsWith('$'));
    if (!isOps) into[k] = v;
    else if ('$eq' in (v as Doc)) into[k] = (v as Doc).$eq;
  }
  return into;
}

/** The document an upsert inserts when nothing matched `filter`; `_id` comes first. */
export function upsertDocument(filter: Doc, u: Doc | Doc[], arrayFilters?: Doc[]): Doc {
  const seed: Doc = {};
  const eq = equalityFields(filter, {});
  // `_id` goes straight into the seed: setting it through an updater counts as modifying the
  // immutable `_id` (a filter like `{ _id, $or: [...] }` then failed to upsert).
  if (eq._id !== undefined) {
    seed._id = eq._id;
    delete eq._id;
  }
  if (Object.keys(eq).length > 0 && tryFastUpdate(seed, { $set: eq }, true) === undefined) {
    try {
      mingoUpdate(seed, { $set: eq });
    } catch (e) {
      asBadValue(e);
    }
  }
  let doc: Doc;
  if (!Array.isArray(u) && !isOperatorUpdate(u)) {
    doc = { ...u };
    if (doc._id === undefined && seed._id !== undefined) doc._id = seed._id;
  } else {
    doc = applyUpdate(seed, u, { arrayFilters, inserting: true }) ?? seed;
  }
  const { _id, ...rest } = doc;
  return { _id: _id ?? new ObjectId(), ...rest };
}
