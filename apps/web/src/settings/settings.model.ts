/** The editable settings of a connection (wizard step 3 and the Mappings/Conflicts tabs). */
export type SyncMode = 'two-way' | 'a-to-b' | 'b-to-a';
export type Side = 'a' | 'b';
export type FieldRule = 'a' | 'b' | 'newest' | 'merge';
export type MappingDirection = 'both' | 'aToB' | 'bToA';

export interface MappingSpec {
  a: string;
  b: string;
  direction: MappingDirection;
}

export interface ConflictSettings {
  winner: Side;
  fields: Record<string, FieldRule>;
}

export interface SyncSettings {
  mode: SyncMode;
  conflict: ConflictSettings;
  mappings: MappingSpec[];
}

/** One row of the mapping table: a default pair of the two apps or a custom mapping. */
export interface MappingRow extends MappingSpec {
  /** `replaced`: a default pair a custom mapping of another pair takes over (it writes the same field). */
  kind: 'default' | 'custom' | 'replaced';
  /** For a default row: the direction the apps' default mapping has. */
  defaultDirection?: MappingDirection;
}

export const defaultSettings: SyncSettings = { mode: 'two-way', conflict: { winner: 'a', fields: {} }, mappings: [] };

/** Labels of a sync type with the apps' names. Pure. */
export function modeLabel(mode: SyncMode, names: { a: string; b: string }): string {
  if (mode === 'two-way') return `Two-way: ${names.a} ⇄ ${names.b}`;
  return mode === 'a-to-b' ? `One-way: ${names.a} → ${names.b}` : `One-way: ${names.b} → ${names.a}`;
}

/** Label of a mapping direction with the apps' names. Pure. */
export function directionLabel(direction: MappingDirection, names: { a: string; b: string }): string {
  if (direction === 'both') return 'both ways';
  return direction === 'aToB' ? `${names.a} → ${names.b} only` : `${names.b} → ${names.a} only`;
}

const same = (x: { a: string; b: string }, y: { a: string; b: string }) => x.a === y.a && x.b === y.b;

/** Whether a mapping's field `mapped` uses the field `path` (the full name is first plus last name). */
const uses = (mapped: string, path: string) => mapped === path || (mapped === 'fullName' && (path === 'firstName' || path === 'lastName'));

/**
 * The direction a mapping really flows under a sync type: a one-way connection cuts "both ways" to
 * its own direction, and a mapping only the other way is not used at all (null). Pure.
 */
export function effectiveDirection(direction: MappingDirection, mode: SyncMode): MappingDirection | null {
  if (mode === 'two-way') return direction;
  const only: MappingDirection = mode === 'a-to-b' ? 'aToB' : 'bToA';
  return direction === 'both' || direction === only ? only : null;
}

/** The field a mapping writes on `side` (B's field when it flows A → B), or null when it does not write that side. Pure. */
function writtenField(m: MappingSpec, side: Side): string | null {
  if (side === 'b') return m.direction === 'bToA' ? null : m.b;
  return m.direction === 'aToB' ? null : m.a;
}

/** A field two custom mappings would both write: the side, the field, and the mapping already there. */
export interface MappingClash {
  side: Side;
  path: string;
  other: MappingSpec;
}

/**
 * Why `candidate` cannot join `mappings`: another custom mapping (of another pair) already writes the
 * field it would write, on either side. A field takes its value from one mapping only. Pure.
 * @example mappingClash([{ a: 'custom.industry', b: 'custom.sector', direction: 'both' }], { a: 'company', b: 'custom.sector', direction: 'aToB' })
 * // { side: 'b', path: 'custom.sector', other: { a: 'custom.industry', … } }
 */
export function mappingClash(mappings: readonly MappingSpec[], candidate: MappingSpec): MappingClash | null {
  for (const side of ['b', 'a'] as const) {
    const path = writtenField(candidate, side);
    if (path === null) continue;
    const other = mappings.find((m) => !same(m, candidate) && writtenField(m, side) === path);
    if (other) return { side, path, other };
  }
  return null;
}

/**
 * The mapping table: each default pair (with its direction overridden by a custom mapping of the same
 * pair, if any; marked replaced when a custom mapping of another pair uses one of its fields, as the
 * engine then drops it), then the custom mappings of other pairs. Pure.
 */
export function mappingRows(defaults: readonly MappingSpec[], mappings: readonly MappingSpec[]): MappingRow[] {
  const rows: MappingRow[] = defaults.map((d) => {
    const override = mappings.find((m) => same(m, d));
    const replaced = !override && mappings.some((m) => uses(m.a, d.a) || uses(m.b, d.b));
    return { a: d.a, b: d.b, direction: override?.direction ?? d.direction, kind: replaced ? 'replaced' : 'default', defaultDirection: d.direction };
  });
  for (const m of mappings) if (!defaults.some((d) => same(d, m))) rows.push({ ...m, kind: 'custom' });
  return rows;
}

/**
 * Sets the direction of one row: a default row back at its default direction needs no custom mapping,
 * any other direction is kept as a custom mapping of the same pair. Pure.
 */
export function setRowDirection(defaults: readonly MappingSpec[], mappings: readonly MappingSpec[], row: { a: string; b: string }, direction: MappingDirection): MappingSpec[] {
  const rest = mappings.filter((m) => !same(m, row));
  const def = defaults.find((d) => same(d, row));
  if (def && def.direction === direction) return rest;
  const index = mappings.findIndex((m) => same(m, row));
  const next = { a: row.a, b: row.b, direction };
  if (index < 0) return [...rest, next];
  return mappings.map((m, i) => (i === index ? next : m));
}

/** Adds a custom mapping (replacing one of the same pair). Pure. */
export function addMapping(mappings: readonly MappingSpec[], mapping: MappingSpec): MappingSpec[] {
  return [...mappings.filter((m) => !same(m, mapping)), mapping];
}

/** Removes the custom mapping of a pair. Pure. */
export function removeMapping(mappings: readonly MappingSpec[], pair: { a: string; b: string }): MappingSpec[] {
  return mappings.filter((m) => !same(m, pair));
}

/** Sets (or, with `undefined`, removes) the conflict rule of one field. Pure. */
export function setFieldRule(conflict: ConflictSettings, path: string, rule: FieldRule | undefined): ConflictSettings {
  const fields = { ...conflict.fields };
  if (rule === undefined) delete fields[path];
  else fields[path] = rule;
  return { ...conflict, fields };
}
