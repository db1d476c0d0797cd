import { findField, type FieldCatalog, type FieldDef, type FieldType } from '@sluice/graph';
import type { ConnectionConfig, FieldRule, MappingSpec } from '../config/connection-config.schema';
import { FULL_NAME } from './field-value';
import { mappingCompat, typeWords } from './mapping-compat';
import type { Transforms } from '../config/transform.schema';
import { chainType } from './transforms';
import { tableTypeProblem, type FieldTable } from './value-table';

/** One synced field: A's path ↔ B's path, which ways it flows, and how conflicts on it resolve. */
export interface FieldPair {
  a: string;
  b: string;
  aType: FieldType;
  bType: FieldType;
  aToB: boolean;
  bToA: boolean;
  rule: FieldRule;
  /** From the connection's `mappings` (else from the default mapping). */
  custom: boolean;
  /** A value table between two option fields: values convert by its rows, not by type. */
  table?: FieldTable;
  /** Fill a blank field only, never overwrite one. */
  ifEmpty?: true;
  /** Steps a value goes through on its way, per way (before a value table). */
  transforms?: Transforms;
  /** The country `e164` steps without their own read numbers in (the connection's match country). */
  country?: string;
}

export interface RejectedMapping {
  a: string;
  b: string;
  reason: string;
}

export interface FieldMap {
  pairs: FieldPair[];
  rejected: RejectedMapping[];
}

/** Fields the engine never maps: identity and app-computed bookkeeping. */
const NEVER_MAPPED = new Set(['id', 'updatedAt', 'deleted']);

/** A field of a catalog, with `fullName` and unlisted `custom.*` paths understood. Pure. */
export function catalogField(catalog: FieldCatalog, path: string): FieldDef | undefined {
  if (path === FULL_NAME) {
    const first = findField(catalog, 'firstName');
    const last = findField(catalog, 'lastName');
    if (!first || !last) return undefined;
    return { path, type: 'string', label: 'Full name', readOnly: Boolean(first.readOnly || last.readOnly) };
  }
  const def = findField(catalog, path);
  if (def) return def;
  // Files and schemaless apps do not list their custom fields; treat them as text.
  if (/^custom\.[^.]+$/.test(path)) return { path, type: 'string', label: path.slice(7), custom: true };
  return undefined;
}

/**
 * The default mapping for an app pair: every path both catalogs hold, flowing each way the target
 * can be written. Pure.
 */
export function defaultPairs(catalogA: FieldCatalog, catalogB: FieldCatalog): Array<Omit<FieldPair, 'rule'>> {
  const out: Array<Omit<FieldPair, 'rule'>> = [];
  for (const a of catalogA) {
    if (NEVER_MAPPED.has(a.path)) continue;
    const b = findField(catalogB, a.path);
    if (!b || b.type !== a.type) continue;
    const aToB = !b.readOnly;
    const bToA = !a.readOnly;
    if (aToB || bToA) out.push({ a: a.path, b: b.path, aType: a.type, bType: b.type, aToB, bToA, custom: false });
  }
  return out;
}

/** Checks one custom mapping against both catalogs: unknown fields, read-only targets, types. Pure. */
export function checkMapping(
  spec: MappingSpec,
  catalogA: FieldCatalog,
  catalogB: FieldCatalog,
): { ok: true; pair: Omit<FieldPair, 'rule'> } | { ok: false; reason: string } {
  const a = catalogField(catalogA, spec.a);
  const b = catalogField(catalogB, spec.b);
  if (!a) return { ok: false, reason: `E_UNKNOWN_FIELD: app A has no field "${spec.a}"` };
  if (!b) return { ok: false, reason: `E_UNKNOWN_FIELD: app B has no field "${spec.b}"` };
  const wantAToB = spec.direction !== 'bToA';
  const wantBToA = spec.direction !== 'aToB';
  for (const [on, from, to, want] of [
    ['B', a, b, wantAToB],
    ['A', b, a, wantBToA],
  ] as const) {
    if (!want) continue;
    if (to.readOnly) return { ok: false, reason: `E_READ_ONLY: "${to.path}" on app ${on} cannot be written` };
    const way = on === 'B' ? 'aToB' : 'bToA';
    const steps = spec.transforms?.[way] ?? [];
    for (const step of steps) {
      const unknown = step.op === 'join' ? step.fields.find((f) => !catalogField(on === 'B' ? catalogA : catalogB, f)) : undefined;
      if (unknown) return { ok: false, reason: `E_UNKNOWN_FIELD: the transforms of ${from.path} → ${to.path} join "${unknown}", which app ${on === 'B' ? 'A' : 'B'} does not have` };
    }
    const carried = chainType(steps, from.type);
    if (typeof carried === 'object') return { ok: false, reason: `E_TYPE_MISMATCH: the transforms of ${from.path} → ${to.path}, ${carried.problem}` };
    if (spec.values) {
      const problem = tableTypeProblem({ values: spec.values, otherwise: spec.otherwise }, way, { path: from.path, type: carried }, to);
      if (problem) return { ok: false, reason: `E_TYPE_MISMATCH: ${problem}` };
      continue;
    }
    const compat = mappingCompat(carried, to.type);
    if (!compat.ok) {
      const what = steps.length > 0 ? `the transforms of ${from.path} → ${to.path} give a ${typeWords(carried)} value, which ${to.path} (a ${typeWords(to.type)} field) cannot hold` : `${compat.reason} ("${from.path}" → "${to.path}")`;
      return { ok: false, reason: `E_TYPE_MISMATCH: ${what}` };
    }
  }
  const pair: Omit<FieldPair, 'rule'> = { a: a.path, b: b.path, aType: a.type, bType: b.type, aToB: wantAToB, bToA: wantBToA, custom: true };
  if (spec.values) pair.table = spec.otherwise === undefined ? { values: spec.values } : { values: spec.values, otherwise: spec.otherwise };
  if (spec.write === 'ifEmpty') pair.ifEmpty = true;
  if (spec.transforms && (spec.transforms.aToB?.length || spec.transforms.bToA?.length)) pair.transforms = spec.transforms;
  return { ok: true, pair };
}

function touches(pair: { a: string; b: string }, side: 'a' | 'b', path: string): boolean {
  const own = pair[side];
  if (own === path) return true;
  return path === FULL_NAME && (own === 'firstName' || own === 'lastName');
}

/**
 * The fields a connection syncs: the default mapping, minus fields custom mappings take over, plus
 * the custom mappings; directions cut to the sync mode; each with its conflict rule. Pure.
 */
export function buildFieldMap(config: ConnectionConfig, catalogA: FieldCatalog, catalogB: FieldCatalog): FieldMap {
  const rejected: RejectedMapping[] = [];
  const customs: Array<Omit<FieldPair, 'rule'>> = [];
  for (const spec of config.mappings) {
    const checked = checkMapping(spec, catalogA, catalogB);
    if (checked.ok) customs.push(checked.pair);
    else rejected.push({ a: spec.a, b: spec.b, reason: checked.reason });
  }
  const defaults = defaultPairs(catalogA, catalogB).filter(
    (d) => !customs.some((c) => touches(d, 'a', c.a) || touches(d, 'b', c.b)),
  );
  const pairs: FieldPair[] = [];
  for (const p of [...defaults, ...customs]) {
    if (!config.options.syncUnsubscribes && (p.a === 'unsubscribed' || p.b === 'unsubscribed')) continue;
    const aToB = p.aToB && config.mode !== 'b-to-a';
    const bToA = p.bToA && config.mode !== 'a-to-b';
    if (!aToB && !bToA) continue;
    let rule: FieldRule = config.conflict.fields[p.a] ?? config.conflict.fields[p.b] ?? config.conflict.winner;
    if (rule === 'merge' && (p.aType !== 'string[]' || p.bType !== 'string[]')) rule = config.conflict.winner;
    const country = p.transforms && config.match.defaultCountry !== undefined ? { country: config.match.defaultCountry } : {};
    pairs.push({ ...p, aToB, bToA, rule, ...country });
  }
  return { pairs, rejected };
}
