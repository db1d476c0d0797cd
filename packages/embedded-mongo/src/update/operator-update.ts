/**
 * Applies an operator update (`{ $set: …, $inc: …, … }`) to one exactly typed document, with
 * MongoDB's semantics: every path validated and checked for conflicts before anything changes,
 * paths applied in MongoDB's order (new fields appended in that order), positional `$` resolved
 * from the query's match, `$[]` and `$[id]` with `arrayFilters`, `$rename`, `_id` immutable, and
 * only the values the update names touched — every other value keeps its BSON type. Modifies the
 * document in place (pass a fresh copy: on an error it is left half-changed).
 */
import { valuesEqual } from '../bson/value-order';
import { commandError } from '../commands/mongo-command.error';
import { isDocument } from '../query/field-path';
import { compileMatcher, type MatchDetails, type Matcher } from '../query/filter.matcher';
import { applyOperator, pullCondition, typeName } from './update-operators';
import { checkConflicts, comparePaths, getAt, placeOf, resolvePositional, setAt, validatePath, type Positional } from './update-path';

type Doc = Record<string, unknown>;

export const UPDATE_OPERATORS = new Set([
  '$set', '$unset', '$inc', '$mul', '$push', '$addToSet', '$pull', '$pullAll', '$pop',
  '$min', '$max', '$currentDate', '$rename', '$bit', '$setOnInsert',
]);

/** Operators that never create the path they name. */
const NON_CREATING = new Set(['$unset', '$pop', '$pull', '$pullAll']);

export interface OperatorUpdateOptions {
  /** The document is being inserted by an upsert: `$setOnInsert` applies. */
  inserting?: boolean;
  /** The update's filter: the positional `$` uses the array position it matched. */
  query?: Doc;
  arrayFilters?: Doc[];
}

interface Step {
  op: string;
  path: string;
  parts: string[];
  arg: unknown;
  /** `$rename`: where the value goes. */
  to?: string[];
  pull?: (el: unknown) => boolean;
}

function parseSteps(modifier: Doc): Step[] {
  const steps: Step[] = [];
  for (const [op, fields] of Object.entries(modifier)) {
    if (!UPDATE_OPERATORS.has(op)) {
      throw commandError('FailedToParse', `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`);
    }
    if (!isDocument(fields)) {
      throw commandError('FailedToParse', `Modifiers operate on fields but we found type ${typeName(fields)} instead. For example: {$mod: {<field>: ...}} not {${op}: ${String(fields)}}`);
    }
    for (const [path, arg] of Object.entries(fields)) {
      const step: Step = { op, path, parts: validatePath(path), arg };
      if (op === '$rename') step.to = renameTarget(path, arg);
      if (op === '$pull' || op === '$pullAll') step.pull = pullCondition(op, arg);
      steps.push(step);
    }
  }
  return steps;
}

function renameTarget(path: string, arg: unknown): string[] {
  if (typeof arg !== 'string') throw commandError('BadValue', `The 'to' field for $rename must be a string: ${path}: ${String(arg)}`);
  if (arg === path) throw commandError('BadValue', `The source and target field for $rename must differ: ${path}: "${arg}"`);
  if (arg.startsWith(`${path}.`) || path.startsWith(`${arg}.`)) {
    throw commandError('BadValue', `The source and target field for $rename must not be on the same path: ${path}: "${arg}"`);
  }
  const parts = validatePath(arg);
  if ([...parts, ...path.split('.')].some((p) => p.startsWith('$'))) throw commandError('BadValue', 'The source and target field for $rename may not be dynamic (positional)');
  return parts;
}

/** Array filters by identifier, each testing one array element. */
function compileArrayFilters(filters: Doc[] | undefined): Map<string, Matcher> {
  const out = new Map<string, Matcher>();
  for (const f of filters ?? []) {
    if (!isDocument(f)) throw commandError('FailedToParse', 'Each array filter must be a document');
    const ids = new Set(Object.keys(f).map((k) => k.split('.')[0]!));
    if (ids.size !== 1) throw commandError('FailedToParse', `Error parsing array filter :: caused by :: Expected a single top-level field name, found ${[...ids].join(' and ') || 'none'}`);
    const [id] = ids as unknown as [string];
    if (!/^[a-z][a-zA-Z0-9]*$/.test(id)) {
      throw commandError('BadValue', `Error parsing array filter :: caused by :: The top-level field name must be an alphanumeric string beginning with a lowercase letter, found '${id}'`);
    }
    if (out.has(id)) throw commandError('FailedToParse', `Found multiple array filters with the same top-level field name ${id}`);
    out.set(id, compileMatcher(f));
  }
  return out;
}

function rename(doc: Doc, step: Step): boolean {
  const from = placeOf(doc, step.parts, false);
  if (!from) return false;
  if (Array.isArray(from.parent)) throw commandError('BadValue', `The source field cannot be an array element, '${step.path}' in doc with _id: ${String(doc._id)} has an array field called '${step.parts[0]}'`);
  const value = getAt(from);
  if (value === undefined) return false;
  delete from.parent[from.key];
  const to = placeOf(doc, step.to!, true)!;
  if (Array.isArray(to.parent)) throw commandError('BadValue', `The destination field cannot be an array element, '${step.to!.join('.')}' in doc with _id: ${String(doc._id)} has an array field called '${step.to![0]}'`);
  // the target is unset, then set: it moves to the end of its document
  delete to.parent[to.key];
  setAt(to, value);
  return true;
}

/**
 * @returns whether the document changed.
 * @example applyOperatorUpdate(doc, { $inc: { n: 1 } }) // Int32 2147483647 becomes Int64 2147483648
 */
export function applyOperatorUpdate(doc: Doc, modifier: Doc, opts: OperatorUpdateOptions = {}): boolean {
  const steps = parseSteps(modifier);
  checkConflicts(steps.flatMap((s) => (s.to ? [s.parts, s.to] : [s.parts])));
  const applied = steps.filter((s) => s.op !== '$setOnInsert' || opts.inserting).sort((a, b) => comparePaths(a.parts, b.parts));
  const id = doc._id;
  let position: MatchDetails | undefined;
  const positional: Positional = {
    // the position comes from the document as it was before any change
    position: () => position?.position,
    arrayFilters: compileArrayFilters(opts.arrayFilters),
    used: new Set(),
  };
  if (opts.query && applied.some((s) => s.parts.includes('$'))) {
    position = {};
    compileMatcher(opts.query)(doc, position);
  }
  const now = new Date();
  let changed = false;
  for (const step of applied) {
    if (step.op === '$rename') {
      if (rename(doc, step)) changed = true;
      continue;
    }
    for (const parts of resolvePositional(doc, step.parts, positional)) {
      const place = placeOf(doc, parts, !NON_CREATING.has(step.op));
      if (!place) continue;
      if (applyOperator(step.op, place, step.arg, { path: step.path, id, now }, step.pull)) changed = true;
    }
  }
  for (const name of positional.arrayFilters.keys()) {
    if (!positional.used.has(name)) throw commandError('FailedToParse', `The array filter for identifier '${name}' was not used in the update ${JSON.stringify(modifier)}`);
  }
  if (id !== undefined && steps.some((s) => s.parts[0] === '_id' || s.to?.[0] === '_id')) {
    if (doc._id === undefined || !valuesEqual(doc._id, id)) {
      throw commandError('ImmutableField', "Performing an update on the path '_id' would modify the immutable field '_id'");
    }
    doc._id = id; // an equal value of another type does not change it either
  }
  return changed;
}
