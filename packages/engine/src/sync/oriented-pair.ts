import type { FieldType } from '@sluice/graph';
import type { FieldPair } from '../mapping/field-map';
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
}

/** The sides of a direction. Pure. */
export function sidesOf(direction: Direction): { source: Side; target: Side } {
  return direction === 'aToB' ? { source: 'a', target: 'b' } : { source: 'b', target: 'a' };
}

/** Turns A/B pairs into source/target pairs for one pass. Pure. */
export function orientPairs(pairs: readonly FieldPair[], direction: Direction): OrientedPair[] {
  const ab = direction === 'aToB';
  return pairs.map((p) => ({
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
