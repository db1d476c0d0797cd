import type { Contact } from '@sluice/graph';

/**
 * A virtual path every app with first and last names has: reading joins them, writing splits at
 * the first space ("Ada Lovelace King" → "Ada" + "Lovelace King").
 */
export const FULL_NAME = 'fullName';

/** A dotted path split once: `[head]` or `[head, rest]`. Paths are few (a connection's mapping). */
const splitPaths = new Map<string, readonly [string] | readonly [string, string]>();

function split(path: string): readonly [string] | readonly [string, string] {
  let parts = splitPaths.get(path);
  if (parts === undefined) {
    const dot = path.indexOf('.');
    parts = dot < 0 ? [path] : [path.slice(0, dot), path.slice(dot + 1)];
    // Bounded: paths come from mappings and catalogs, but a caller could pass arbitrary ones.
    if (splitPaths.size >= 10_000) splitPaths.clear();
    splitPaths.set(path, parts);
  }
  return parts;
}

function fullName(record: Contact): string | undefined {
  const first = typeof record.firstName === 'string' && record.firstName.trim() !== '' ? record.firstName : undefined;
  const last = typeof record.lastName === 'string' && record.lastName.trim() !== '' ? record.lastName : undefined;
  return first === undefined ? last : last === undefined ? first : `${first} ${last}`;
}

/**
 * Reads a dotted path (`address.city`, `custom.industry`, `fullName`). Pure. Runs for every mapped
 * field of every record, several times: the path is split once and remembered, not per call.
 */
export function readField(record: Contact, path: string): unknown {
  if (path === FULL_NAME) return fullName(record);
  const parts = split(path);
  const top = (record as unknown as Record<string, unknown>)[parts[0]];
  if (parts.length === 1) return top;
  if (top === null || typeof top !== 'object') return undefined;
  return (top as Record<string, unknown>)[parts[1]];
}

/** Turns one path → value into `ContactWrite.fields` entries (`fullName` becomes two). Pure. */
export function writeEntries(path: string, value: unknown): Array<[string, unknown]> {
  if (path !== FULL_NAME) return [[path, value]];
  const text = typeof value === 'string' ? value.trim() : '';
  const space = text.indexOf(' ');
  if (space < 0) return [['firstName', text === '' ? null : text]];
  return [
    ['firstName', text.slice(0, space)],
    ['lastName', text.slice(space + 1).trim()],
  ];
}

/** Missing, `null`, `""` and `[]` are blank: a blank value never overwrites a filled one. Pure. */
export function isBlank(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0)
  );
}

/** Equality as the sync sees it: lists compare as sets, blanks equal each other. Pure. */
export function sameValue(x: unknown, y: unknown): boolean {
  if (isBlank(x) || isBlank(y)) return isBlank(x) && isBlank(y);
  if (Array.isArray(x) || Array.isArray(y)) {
    if (!Array.isArray(x) || !Array.isArray(y)) return false;
    const xs = new Set(x.map(String));
    const ys = new Set(y.map(String));
    if (xs.size !== ys.size) return false;
    for (const v of xs) if (!ys.has(v)) return false;
    return true;
  }
  return x === y;
}

/** The union of two lists, first list's order first. Pure. */
export function unionList(x: unknown, y: unknown): string[] {
  const out = new Set<string>();
  for (const v of [x, y]) if (Array.isArray(v)) for (const item of v) out.add(String(item));
  return [...out];
}
