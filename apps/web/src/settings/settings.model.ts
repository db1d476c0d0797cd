import type { inferInput } from '@trpc/tanstack-react-query';
import type { useTRPC } from '../api/trpc';

/** The editable settings of a connection (wizard step 3 and the Mappings/Conflicts tabs). */
export type SyncMode = 'two-way' | 'a-to-b' | 'b-to-a';
export type Side = 'a' | 'b';
export type FieldRule = 'a' | 'b' | 'newest' | 'merge';
export type MappingDirection = 'both' | 'aToB' | 'bToA';

/** A row of a value table (docs/mappings.md): A's value ↔ B's value, optionally one way only. */
export interface ValuePair {
  a: string | number | boolean;
  b: string | number | boolean;
  direction?: MappingDirection;
}
export type OtherwiseRule = 'skip' | 'copy' | { value: string | number | boolean };
/** One transform step of the connection format (the server's own type); the editor shows them and keeps them as they are. */
export type TransformStep = NonNullable<NonNullable<inferInput<ReturnType<typeof useTRPC>['apps']['checkMapping']>['mapping']['transforms']>['aToB']>[number];

export interface MappingSpec {
  a: string;
  b: string;
  direction: MappingDirection;
  values?: ValuePair[];
  otherwise?: OtherwiseRule | { aToB?: OtherwiseRule; bToA?: OtherwiseRule };
  write?: 'always' | 'ifEmpty';
  transforms?: { aToB?: TransformStep[]; bToA?: TransformStep[] };
}

/** What a mapping carries besides its fields and direction. */
export type MappingExtras = Pick<MappingSpec, 'values' | 'otherwise' | 'write' | 'transforms'>;

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
    return { ...override, a: d.a, b: d.b, direction: override?.direction ?? d.direction, kind: replaced ? 'replaced' : 'default', defaultDirection: d.direction };
  });
  for (const m of mappings) if (!defaults.some((d) => same(d, m))) rows.push({ ...m, kind: 'custom' });
  return rows;
}

/**
 * Sets the direction of one row: a default row back at its default direction needs no custom mapping,
 * any other direction is kept as a custom mapping of the same pair. Pure.
 */
export function setRowDirection(defaults: readonly MappingSpec[], mappings: readonly MappingSpec[], row: { a: string; b: string }, direction: MappingDirection): MappingSpec[] {
  return updateRow(defaults, mappings, row, { direction });
}

const hasExtras = (m: MappingSpec) => m.values !== undefined || m.otherwise !== undefined || m.write !== undefined || m.transforms !== undefined;

/**
 * Changes one row (its direction, value table, write mode or transforms): a default row back at its
 * default direction with nothing else set needs no custom mapping; anything else is kept as a custom
 * mapping of the pair. A part set to `undefined` is removed. Pure.
 */
export function updateRow(
  defaults: readonly MappingSpec[],
  mappings: readonly MappingSpec[],
  row: { a: string; b: string },
  patch: Partial<Pick<MappingSpec, 'direction'>> & { [K in keyof MappingExtras]?: MappingExtras[K] | undefined },
): MappingSpec[] {
  const rest = mappings.filter((m) => !same(m, row));
  const def = defaults.find((d) => same(d, row));
  const current = mappings.find((m) => same(m, row)) ?? def ?? { a: row.a, b: row.b, direction: 'both' as const };
  const next: MappingSpec = { ...current, ...patch, a: row.a, b: row.b };
  for (const key of Object.keys(next) as (keyof MappingSpec)[]) if (next[key] === undefined) delete next[key];
  if (def && def.direction === next.direction && !hasExtras(next)) return rest;
  const index = mappings.findIndex((m) => same(m, row));
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

/** A value as a table compares it: text, trimmed, ignoring case. Pure. */
export const tableKey = (value: unknown): string => String(value).trim().toLowerCase();
/** A label as suggestions compare it: letters and digits only ("Closed – won" ~ "closedwon"). Pure. */
const looseKey = (value: unknown): string => tableKey(value).replace(/[^\p{L}\p{N}]+/gu, '');

/**
 * A value table suggested for two option lists: each of A's options paired with B's option of the
 * same label, ignoring case, spaces and punctuation. Options with no such twin get no row. Pure.
 * @example suggestPairs(['lead', 'customer'], ['Lead', 'Won']) // [{ a: 'lead', b: 'Lead' }]
 */
export function suggestPairs(aOptions: readonly string[], bOptions: readonly string[]): ValuePair[] {
  const byKey = new Map(bOptions.map((o) => [looseKey(o), o]));
  const out: ValuePair[] = [];
  for (const a of aOptions) {
    const b = byKey.get(looseKey(a));
    if (b !== undefined) out.push({ a, b });
  }
  return out;
}

/** The values of one side (its options, values seen) that no row of the table pairs yet. Pure. */
export function valuesWithoutPair(options: readonly string[], values: readonly ValuePair[], side: Side): string[] {
  const paired = new Set(values.map((v) => tableKey(v[side])));
  return options.filter((o) => !paired.has(tableKey(o)));
}

/** A mapping's transforms of one way as words ("trim, then title case"). Pure. */
export function describeSteps(steps: readonly TransformStep[] | undefined): string | null {
  if (!steps || steps.length === 0) return null;
  const words = (s: TransformStep): string => {
    switch (s.op) {
      case 'titleCase':
        return 'title case';
      case 'e164':
        return `phone to E.164${s.country ? ` (${s.country})` : ''}`;
      case 'replace':
        return `replace /${s.pattern}/`;
      case 'split':
        return `part ${s.part} of "${s.separator}"`;
      case 'join':
        return `join with ${s.fields.join(', ')}`;
      case 'prefix':
      case 'suffix':
      case 'constant':
        return `${s.op} "${String(s.value)}"`;
      case 'date':
        return `date ${s.from ?? 'ISO'} → ${s.to ?? 'ISO'}`;
      default:
        return s.op;
    }
  };
  return steps.map(words).join(', then ');
}
