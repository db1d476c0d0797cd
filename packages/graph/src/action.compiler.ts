import { formatE164 } from '@sluice/core';
import { compileGetter, compileSetter } from './field-path';
import type { ActionDo, FormatKind } from './graph.schema';
import { compilePlaceholders } from './placeholder.renderer';
import { sameText } from './value-ops';

/** A compiled action: returns the changed record, or the same object when nothing changes. */
export type RecordTransform<T> = (record: T) => T;

type Rec = Record<string, unknown>;

function listOf(record: unknown, key: string): unknown[] {
  const v = (record as Rec)[key];
  return Array.isArray(v) ? v : [];
}

// Object spreads with a computed key take V8's slow path, so each list gets its own literal.
function withList<T>(r: T, key: 'tags' | 'lists', list: unknown[]): T {
  return (key === 'tags' ? { ...r, tags: list } : { ...r, lists: list }) as T;
}

function addToList<T>(key: 'tags' | 'lists', value: string): RecordTransform<T> {
  const lower = value.toLowerCase();
  return (r) => {
    const list = listOf(r, key);
    for (let i = 0; i < list.length; i++) {
      const x = list[i];
      if (typeof x === 'string' && sameText(x, lower)) return r;
    }
    // One allocation of the right size (slice then push grows the copy a second time).
    const next = [...list, value];
    return withList(r, key, next);
  };
}

function removeFromList<T>(key: 'tags' | 'lists', value: string): RecordTransform<T> {
  const lower = value.toLowerCase();
  const keep = (x: unknown): boolean => !(typeof x === 'string' && sameText(x, lower));
  return (r) => {
    const list = listOf(r, key);
    if (list.every(keep)) return r;
    return withList(r, key, list.filter(keep));
  };
}

export const FORMATTERS: Record<FormatKind, (s: string) => string> = {
  lowercase: (s) => s.toLowerCase(),
  uppercase: (s) => s.toUpperCase(),
  trim: (s) => s.trim().replace(/\s+/g, ' '),
  titleCase: (s) => s.toLowerCase().replace(/(^|[\s\-'])(\p{L})/gu, (_m, sep: string, ch: string) => sep + ch.toUpperCase()),
  e164: formatE164,
};

/** Fields whose "empty" is a list or an object, not a missing key. */
export const EMPTY_OF: Record<string, unknown> = { tags: [], lists: [], custom: {} };

/**
 * Compiles one `do` op into a copy-on-write transform: the input record is never mutated, and an
 * action that changes nothing returns the very same object. Pure.
 * @example compileAction({ op: 'addTag', value: 'New' })(contact).tags // [..., 'New']
 */
export function compileAction<T>(action: ActionDo): RecordTransform<T> {
  switch (action.op) {
    case 'addTag':
      return addToList('tags', action.value);
    case 'removeTag':
      return removeFromList('tags', action.value);
    case 'addToList':
      return addToList('lists', action.value);
    case 'removeFromList':
      return removeFromList('lists', action.value);
    case 'set': {
      const { field, value } = action;
      const get = compileGetter(field);
      const setField = compileSetter(field);
      const render = typeof value === 'string' ? compilePlaceholders(value) : () => value;
      return (r) => {
        const v = render(r);
        return get(r) === v ? r : setField(r, v);
      };
    }
    case 'clear': {
      const { field } = action;
      const get = compileGetter(field);
      const setField = compileSetter(field);
      const empty = EMPTY_OF[field];
      if (Array.isArray(empty)) {
        return (r) => {
          const cur = get(r);
          return Array.isArray(cur) && cur.length === 0 ? r : setField(r, []);
        };
      }
      if (empty !== undefined) {
        return (r) => {
          const cur = get(r);
          return cur !== null && typeof cur === 'object' && Object.keys(cur).length === 0 ? r : setField(r, {});
        };
      }
      return (r) => (get(r) === undefined ? r : setField(r, undefined));
    }
    case 'copy': {
      const { from, to } = action;
      const read = compileGetter(from);
      const current = compileGetter(to);
      const setField = compileSetter(to);
      return (r) => {
        const v = read(r);
        // Copying an empty value would blank the target; an empty source leaves it as it is.
        if (v === undefined || v === null || v === '') return r;
        return current(r) === v ? r : setField(r, Array.isArray(v) ? [...v] : v);
      };
    }
    case 'format': {
      const { field } = action;
      const fmt = FORMATTERS[action.as];
      const get = compileGetter(field);
      const setField = compileSetter(field);
      return (r) => {
        const cur = get(r);
        if (typeof cur === 'string') {
          const next = fmt(cur);
          return next === cur ? r : setField(r, next);
        }
        if (Array.isArray(cur)) {
          const next = cur.map((x: unknown) => (typeof x === 'string' ? fmt(x) : x));
          return next.every((x, i) => x === cur[i]) ? r : setField(r, next);
        }
        return r;
      };
    }
    case 'setOwner': {
      const render = compilePlaceholders(action.value);
      return (r) => {
        const v = render(r);
        return (r as Rec).owner === v ? r : ({ ...r, owner: v } as T);
      };
    }
    case 'unsubscribe':
      return (r) => ((r as Rec).unsubscribed === true ? r : ({ ...r, unsubscribed: true } as T));
    case 'resubscribe':
      return (r) => ((r as Rec).unsubscribed === false ? r : ({ ...r, unsubscribed: false } as T));
  }
}
