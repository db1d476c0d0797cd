/**
 * The paths of an operator update (manual: "Update Operators",
 * https://www.mongodb.com/docs/manual/reference/operator/update/): validation, MongoDB's order of
 * application (since 5.0, field names in lexicographic order and numeric names in numeric order,
 * which is also the order in which new fields are appended), conflicts between paths, the
 * positional parts (`$`, `$[]`, `$[id]`) resolved into concrete array indexes, and the walk to the
 * place a path names. Pure, apart from {@link placeOf} creating what `create` asks for.
 */
import { commandError } from '../commands/mongo-command.error';
import { isArrayIndex, isDocument } from '../query/field-path';
import type { Matcher } from '../query/filter.matcher';

type Doc = Record<string, unknown>;

/** Rejects empty parts and `$`-names other than the positional ones. */
export function validatePath(path: string): string[] {
  if (path === '') throw commandError('EmptyFieldName', "An empty update path is not valid.");
  const parts = path.split('.');
  for (const p of parts) {
    if (p === '') throw commandError('EmptyFieldName', `The update path '${path}' contains an empty field name, which is not allowed.`);
    if (p.startsWith('$') && p !== '$' && !/^\$\[[a-z0-9]*\]$/i.test(p)) {
      throw commandError('DollarPrefixedFieldName', `The dollar ($) prefixed field '${p}' in '${path}' is not allowed in the context of an update's replacement document. Consider using an aggregation pipeline with $replaceWith.`);
    }
  }
  return parts;
}

function comparePart(a: string, b: string): number {
  if (isArrayIndex(a) && isArrayIndex(b)) return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** MongoDB's order of applying update paths. */
export function comparePaths(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = comparePart(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** Refuses two updates of one path, or of a path and a path inside it (ConflictingUpdateOperators). */
export function checkConflicts(paths: ReadonlyArray<readonly string[]>): void {
  const sorted = [...paths].sort(comparePaths);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    const cur = sorted[i]!;
    if (prev.length <= cur.length && prev.every((p, k) => p === cur[k])) {
      throw commandError('ConflictingUpdateOperators', `Updating the path '${cur.join('.')}' would create a conflict at '${prev.join('.')}'`);
    }
  }
}

/** What positional parts need: the query's matched position and the array filters by identifier. */
export interface Positional {
  /** Position the query matched in an array, for `$`; computed only when a path uses it. */
  position: () => number | undefined;
  arrayFilters: Map<string, Matcher>;
  /** Identifiers some path used (all must be). */
  used: Set<string>;
}

function valueAt(container: unknown, part: string): unknown {
  if (Array.isArray(container)) return isArrayIndex(part) ? container[Number(part)] : undefined;
  return isDocument(container) ? container[part] : undefined;
}

/** The concrete paths a path with positional parts names in `doc` (the path itself when it has none). */
export function resolvePositional(doc: Doc, parts: readonly string[], positional: Positional): string[][] {
  const at = parts.findIndex((p) => p.startsWith('$'));
  if (at < 0) return [parts as string[]];
  let container: unknown = doc;
  for (let i = 0; i < at; i++) container = valueAt(container, parts[i]!);
  const head = parts.slice(0, at);
  const part = parts[at]!;
  const full = parts.join('.');
  if (part === '$') {
    const position = positional.position();
    if (position === undefined) throw commandError('BadValue', 'The positional operator did not find the match needed from the query.');
    return resolvePositional(doc, [...head, String(position), ...parts.slice(at + 1)], positional);
  }
  if (container === undefined) throw commandError('BadValue', `The path '${head.join('.')}' must exist in the document in order to apply array updates.`);
  if (!Array.isArray(container)) {
    throw commandError('BadValue', `Cannot apply array updates to non-array element ${head[head.length - 1]}: ${JSON.stringify(container)}`);
  }
  const id = part.slice(2, -1);
  let test: Matcher | undefined;
  if (id !== '') {
    test = positional.arrayFilters.get(id);
    if (!test) throw commandError('BadValue', `No array filter found for identifier '${id}' in path '${full}'`);
    positional.used.add(id);
  }
  const out: string[][] = [];
  container.forEach((element, k) => {
    if (test && !test({ [id]: element })) return;
    out.push(...resolvePositional(doc, [...head, String(k), ...parts.slice(at + 1)], positional));
  });
  return out;
}

/** Where a concrete path points: the document or array holding it, and the name or index in it. */
export interface Place {
  parent: Doc | unknown[];
  key: string;
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/**
 * Walks to the parent of `parts`. With `create`, missing documents on the way are created (and
 * array indexes past the end padded with nulls); without, a missing step answers undefined. A
 * step through a value that cannot hold fields fails as MongoDB does (PathNotViable).
 */
export function placeOf(doc: Doc, parts: readonly string[], create: boolean): Place | undefined {
  let node: Doc | unknown[] = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i]!;
    let next: unknown;
    if (Array.isArray(node)) {
      if (!isArrayIndex(part)) {
        if (!create) return undefined;
        throw commandError('PathNotViable', `Cannot create field '${part}' in element {${parts[i - 1] ?? ''}: ${describe(node)}}`);
      }
      next = node[Number(part)];
    } else {
      next = node[part];
    }
    if (next === undefined) {
      if (!create) return undefined;
      const made: Doc = {};
      setAt({ parent: node, key: part }, made);
      node = made;
      continue;
    }
    if (isDocument(next) || Array.isArray(next)) {
      node = next;
      continue;
    }
    if (!create) return undefined;
    throw commandError('PathNotViable', `Cannot create field '${parts[i + 1]}' in element {${part}: ${describe(next)}}`);
  }
  const key = parts[parts.length - 1]!;
  if (Array.isArray(node) && !isArrayIndex(key)) {
    if (!create) return undefined;
    throw commandError('PathNotViable', `Cannot create field '${key}' in element {${parts[parts.length - 2] ?? ''}: ${describe(node)}}`);
  }
  return { parent: node, key };
}

/** The value at a place (undefined when absent). */
export function getAt(place: Place): unknown {
  return Array.isArray(place.parent) ? place.parent[Number(place.key)] : place.parent[place.key];
}

/** Sets the value at a place; an array index past the end pads the array with nulls. */
export function setAt(place: Place, value: unknown): void {
  if (Array.isArray(place.parent)) {
    const k = Number(place.key);
    while (place.parent.length < k) place.parent.push(null);
    place.parent[k] = value;
  } else {
    place.parent[place.key] = value;
  }
}
