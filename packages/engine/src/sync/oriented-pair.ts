import type { FieldType } from '@sluice/graph';
import type { FieldPair } from '../mapping/field-map';
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

/** The pair's conversions source → target and back, for one pass. Pure. */
function converters(p: FieldPair, direction: Direction): { toT: Convert; toS: Convert } {
  const aToB = p.table ? tableConvert(p.table, 'aToB', { from: p.a, to: p.b, fromType: p.aType, toType: p.bType }) : plainConvert(p.aType, p.bType);
  const bToA = p.table ? tableConvert(p.table, 'bToA', { from: p.b, to: p.a, fromType: p.bType, toType: p.aType }) : plainConvert(p.bType, p.aType);
  return direction === 'aToB' ? { toT: aToB, toS: bToA } : { toT: bToA, toS: aToB };
}
