import { EMPTY_OF, FORMATTERS } from './action.compiler';
import { compileGetter, compileSetter, splitPath } from './field-path';
import type { ActionDo } from './graph.schema';
import { compilePlaceholders } from './placeholder.renderer';
import { sameText } from './value-ops';

/**
 * An action applied to a record the caller owns: it changes the record's own top-level keys in
 * place and returns whether anything changed. Nested objects and lists are never mutated; a change
 * below the top level puts a fresh copy of that branch in place.
 */
export type InPlaceAction = (draft: Record<string, unknown>) => boolean;

type Rec = Record<string, unknown>;

const hasOwn = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

/**
 * Writes `value` at `path` of an owned record with the semantics of field-path's setField (a
 * missing or non-object step becomes `{}`, `undefined` removes the key, an unchanged value changes
 * nothing), copying only the branch under the top-level key.
 */
function compileAssign(path: string): (draft: Rec, value: unknown) => boolean {
  const [top, ...rest] = splitPath(path) as [string, ...string[]];
  const below = rest.length > 0 ? compileSetter(rest.join('.')) : undefined;
  return (d, value) => {
    const has = hasOwn(d, top);
    const cur = has ? d[top] : undefined;
    const next = below ? below(cur, value) : value;
    if (next === cur && !(has && next === undefined)) return false;
    if (next === undefined) delete d[top];
    else d[top] = next;
    return true;
  };
}

function addInPlace(key: 'tags' | 'lists', value: string): InPlaceAction {
  const lower = value.toLowerCase();
  return (d) => {
    const v = d[key];
    const list: unknown[] = Array.isArray(v) ? v : [];
    for (let i = 0; i < list.length; i++) {
      const x = list[i];
      if (typeof x === 'string' && sameText(x, lower)) return false;
    }
    // One allocation of the right size (slice then push grows the copy a second time).
    const next = [...list, value];
    d[key] = next;
    return true;
  };
}

function removeInPlace(key: 'tags' | 'lists', value: string): InPlaceAction {
  const lower = value.toLowerCase();
  const keep = (x: unknown): boolean => !(typeof x === 'string' && sameText(x, lower));
  return (d) => {
    const v = d[key];
    const list: unknown[] = Array.isArray(v) ? v : [];
    if (list.every(keep)) return false;
    d[key] = list.filter(keep);
    return true;
  };
}

/**
 * Compiles one `do` op for a record the caller has already copied (the second and later actions of
 * a chain): the same result as compileAction, without copying the whole record again. Pure apart
 * from writing to the draft it is given.
 * @example compileActionInPlace({ op: 'addTag', value: 'New' })(draft) // true, draft.tags ends in 'New'
 */
export function compileActionInPlace(action: ActionDo): InPlaceAction {
  switch (action.op) {
    case 'addTag':
      return addInPlace('tags', action.value);
    case 'removeTag':
      return removeInPlace('tags', action.value);
    case 'addToList':
      return addInPlace('lists', action.value);
    case 'removeFromList':
      return removeInPlace('lists', action.value);
    case 'set': {
      const { field, value } = action;
      const get = compileGetter(field);
      const assign = compileAssign(field);
      const render = typeof value === 'string' ? compilePlaceholders(value) : () => value;
      return (d) => {
        const v = render(d);
        return get(d) !== v && assign(d, v);
      };
    }
    case 'clear': {
      const { field } = action;
      const get = compileGetter(field);
      const assign = compileAssign(field);
      const empty = EMPTY_OF[field];
      if (Array.isArray(empty)) {
        return (d) => {
          const cur = get(d);
          return !(Array.isArray(cur) && cur.length === 0) && assign(d, []);
        };
      }
      if (empty !== undefined) {
        return (d) => {
          const cur = get(d);
          return !(cur !== null && typeof cur === 'object' && Object.keys(cur).length === 0) && assign(d, {});
        };
      }
      return (d) => get(d) !== undefined && assign(d, undefined);
    }
    case 'copy': {
      const read = compileGetter(action.from);
      const current = compileGetter(action.to);
      const assign = compileAssign(action.to);
      return (d) => {
        const v = read(d);
        if (v === undefined || v === null || v === '') return false;
        return current(d) !== v && assign(d, Array.isArray(v) ? [...v] : v);
      };
    }
    case 'format': {
      const fmt = FORMATTERS[action.as];
      const get = compileGetter(action.field);
      const assign = compileAssign(action.field);
      return (d) => {
        const cur = get(d);
        if (typeof cur === 'string') {
          const next = fmt(cur);
          return next !== cur && assign(d, next);
        }
        if (Array.isArray(cur)) {
          const next = cur.map((x: unknown) => (typeof x === 'string' ? fmt(x) : x));
          return !next.every((x, i) => x === cur[i]) && assign(d, next);
        }
        return false;
      };
    }
    case 'setOwner': {
      const render = compilePlaceholders(action.value);
      return (d) => {
        const v = render(d);
        if (d.owner === v) return false;
        d.owner = v;
        return true;
      };
    }
    case 'unsubscribe':
      return (d) => d.unsubscribed !== true && ((d.unsubscribed = true), true);
    case 'resubscribe':
      return (d) => d.unsubscribed !== false && ((d.unsubscribed = false), true);
  }
}
