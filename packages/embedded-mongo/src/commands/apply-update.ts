/**
 * MongoDB update semantics on one exactly typed document: operator updates (the fast path, else
 * update/operator-update), replacement documents and pipeline updates, `_id` immutability, and
 * the document an upsert inserts. Values the update does not name keep their BSON types. The
 * input document is modified in place — pass a fresh copy.
 */
import { ObjectId } from 'bson';
import { decodeExact } from '../bson/exact-bson.decoder';
import { sameBson } from '../bson/same-bson';
import { valuesEqual } from '../bson/value-order';
import { isDocument } from '../query/field-path';
import { isOperatorObject } from '../query/filter.matcher';
import { isRegexValue } from '../query/query-regex';
import { applyOperatorUpdate, UPDATE_OPERATORS } from '../update/operator-update';
import { runPipeline } from './aggregate-pipeline';
import type { Doc } from './command.context';
import { tryFastUpdate } from './fast-update';
import { commandError, type MongoCommandError } from './mongo-command.error';

/** Stages a pipeline update may hold (manual: "Updates with Aggregation Pipeline"). */
const UPDATE_STAGES = new Set(['$addFields', '$set', '$project', '$unset', '$replaceRoot', '$replaceWith']);

function isOperatorUpdate(u: Doc): boolean {
  const keys = Object.keys(u);
  return keys.length > 0 && keys[0]!.startsWith('$');
}

function immutableId(): MongoCommandError {
  return commandError('ImmutableField', "Performing an update on the path '_id' would modify the immutable field '_id'");
}

function runUpdatePipeline(doc: Doc, stages: Doc[]): Doc {
  for (const stage of stages) {
    const name = Object.keys(stage)[0] ?? '';
    if (!UPDATE_STAGES.has(name)) throw commandError('BadValue', `${name} is not allowed to be used within an update`);
  }
  const [out] = runPipeline([doc], stages);
  if (!out) throw commandError('BadValue', 'the update pipeline left no document');
  return out;
}

/**
 * Applies `u` to `doc`. Returns the new document, or undefined when nothing changed.
 * @param opts.query the update's filter, for the positional `$` operator
 */
export function applyUpdate(
  doc: Doc,
  u: Doc | Doc[],
  opts: { arrayFilters?: Doc[]; query?: Doc; inserting?: boolean } = {},
): Doc | undefined {
  const id = doc._id;
  if (Array.isArray(u)) {
    const out = runUpdatePipeline(doc, u);
    if (id !== undefined && (out._id === undefined || !valuesEqual(out._id, id))) throw immutableId();
    return sameBson(out, doc) ? undefined : out;
  }
  if (!isOperatorUpdate(u)) {
    if (u._id !== undefined && id !== undefined && !valuesEqual(u._id, id)) throw immutableId();
    for (const k of Object.keys(u)) if (k.startsWith('$')) throw commandError('BadValue', `replacement document must not contain operator ${k}`);
    const { _id: given, ...rest } = u;
    // `_id` comes first, keeping the stored value (and its type) when the replacement repeats it
    const next = { _id: id ?? given, ...rest };
    if (next._id === undefined) delete next._id;
    return sameBson(next, doc) ? undefined : next;
  }
  for (const op of Object.keys(u)) {
    if (!UPDATE_OPERATORS.has(op)) throw commandError('FailedToParse', `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`);
  }
  if (!opts.arrayFilters || opts.arrayFilters.length === 0) {
    const fast = tryFastUpdate(doc, u, !!opts.inserting);
    if (fast !== undefined) return fast ? doc : undefined;
  }
  return applyOperatorUpdate(doc, u, opts) ? doc : undefined;
}

/** {@link applyUpdate} on a stored document's BSON, decoded exactly so untouched values keep their types. */
export function updateStored(raw: Uint8Array, u: Doc | Doc[], opts: { arrayFilters?: Doc[]; query?: Doc } = {}): Doc | undefined {
  return applyUpdate(decodeExact(raw), u, opts);
}

/** Equality fields of a filter (top level and `$and`), which an upsert copies into the new document. */
function equalityFields(filter: Doc, into: Doc): Doc {
  for (const [k, v] of Object.entries(filter)) {
    if (k === '$and' && Array.isArray(v)) {
      for (const sub of v) if (isDocument(sub)) equalityFields(sub, into);
      continue;
    }
    if (k.startsWith('$') || isRegexValue(v)) continue;
    if (!isOperatorObject(v)) into[k] = v;
    else if ('$eq' in v) into[k] = v.$eq;
  }
  return into;
}

/** The document an upsert inserts when nothing matched `filter`; `_id` comes first. */
export function upsertDocument(filter: Doc, u: Doc | Doc[], arrayFilters?: Doc[]): Doc {
  const seed: Doc = {};
  const eq = equalityFields(filter, {});
  // `_id` goes straight into the seed: setting it through an update counts as modifying the
  // immutable `_id` (a filter like `{ _id, $or: [...] }` then failed to upsert).
  if (eq._id !== undefined) {
    seed._id = eq._id;
    delete eq._id;
  }
  if (Object.keys(eq).length > 0 && tryFastUpdate(seed, { $set: eq }, true) === undefined) applyOperatorUpdate(seed, { $set: eq }, { inserting: true });
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
