import type { Contact } from '@sluice/graph';

/**
 * A virtual path every app with first and last names has: reading joins them, writing splits at
 * the first space ("Ada Lovelace King" → "Ada" + "Lovelace King").
 */
export const FULL_NAME = 'fullName';

/** Reads a dotted path (`address.city`, `custom.industry`, `fullName`). Pure. */
export function readField(record: Contact, path: string): unknown {
  if (path === FULL_NAME) {
    const parts = [record.firstName, record.lastName].filter((p) => typeof p === 'string' && p.trim() !== '');
    return parts.length === 0 ? undefined : parts.join(' ');
  }
  const dot = path.indexOf('.');
  if (dot < 0) return (record as unknown as Record<string, unknown>)[path];
  const head = (record as unknown as Record<string, unknown>)[path.slice(0, dot)];
  if (head === null || typeof head !== 'object') return undefined;
  return (head as Record<string, unknown>)[path.slice(dot + 1)];
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
