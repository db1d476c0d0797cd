import type { FieldType } from '@sluice/graph';
import type { FieldPair } from '../mapping/field-map';
import { chainType, compileTransforms } from '../mapping/transforms';
import { plainConvert, tableConvert, type Convert } from '../mapping/value-table';
import type { Direction, Side } from '../ports/scope.port';

/** A field pair seen from one pass: source path `s`, target path `t`. */
export interface OrientedPair {
  s: string;
  t: string;
  sType: FieldType;
  tType: FieldType;
  /** Source values may be written to the target. */
  forward: boolean;
  /** Target values may be written back to the source (two-way). */
  backward: boolean;
  rule: 'source' | 'target' | 'newest' | 'merge';
  /** Which app's path names the pair in history (A's). */
  aPath: string;
  /** The source value's key in `Link.values` (`a:email`), built once per pass rather than per record. */
  sKey: string;
  /** The target value's key in `Link.values`. */
  tKey: string;
  /** A source value as the target field takes it (type conversion, or the value table). */
  toT: Convert;
  /** A target value as the source field takes it (for write-backs). */
  toS: Convert;
  /** Values compare ignoring case and spaces (a value table's matching). */
  caseless: boolean;
  /** Fill a blank field only, never overwrite one (either way). */
  ifEmpty: boolean;
}

/** The sides of a direction. Pure. */
export function sidesOf(direction: Direction): { source: Side; target: Side } {
  return direction === 'aToB' ? { source: 'a', target: 'b' } : { source: 'b', target: 'a' };
}

/** Turns A/B pairs into source/target pairs for one pass. Pure. */
export function orientPairs(pairs: readonly FieldPair[], direction: Direction): OrientedPair[] {
  const ab = direction === 'aToB';
  return pairs.map((p) => ({
    ...converters(p, direction),
    caseless: p.table !== undefined,
    ifEmpty: p.ifEmpty === true,
    s: ab ? p.a : p.b,
    t: ab ? p.b : p.a,
    sType: ab ? p.aType : p.bType,
    tType: ab ? p.bType : p.aType,
    forward: ab ? p.aToB : p.bToA,
    backward: ab ? p.bToA : p.aToB,
    rule: p.rule === 'newest' || p.rule === 'merge' ? p.rule : (p.rule === 'a') === ab ? 'source' : 'target',
    aPath: p.a,
    sKey: ab ? `a:${p.a}` : `b:${p.b}`,
    tKey: ab ? `b:${p.b}` : `a:${p.a}`,
  }));
}

/** One way of a pair as a converter: its transforms, then its value table or the type conversion. Pure once built. */
function wayConvert(p: FieldPair, way: Direction): Convert {
  const [from, to, fromType, toType] = way === 'aToB' ? [p.a, p.b, p.aType, p.bType] : [p.b, p.a, p.bType, p.aType];
  const steps = p.transforms?.[way] ?? [];
  const carried = steps.length > 0 ? chainType(steps, fromType) : fromType;
  // A chain the field map accepted always has a type; the fallback keeps the types as they are.
  const type = typeof carried === 'object' ? fromType : carried;
  const last = p.table ? tableConvert(p.table, way, { from, to, fromType: type, toType }) : plainConvert(type, toType);
  if (steps.length === 0) return last;
  const transform = compileTransforms(steps, `the transforms of ${from} → ${to}`, p.country);
  return (value, record) => {
    const r = transform(value, record);
    return r.note ? { value: undefined, skipped: true, note: r.note } : last(r.value, record);
  };
}

/** The pair's conversions source → target and back, for one pass. Pure. */
function converters(p: FieldPair, direction: Direction): { toT: Convert; toS: Convert } {
  const aToB = wayConvert(p, 'aToB');
  const bToA = wayConvert(p, 'bToA');
  return direction === 'aToB' ? { toT: aToB, toS: bToA } : { toT: bToA, toS: aToB };
}
