import { normalizeEmail } from '@sluice/core';
import type { Contact } from '@sluice/graph';
import { isBlank, readField, sameValue, unionList } from '../mapping/field-value';
import { sameTabled } from '../mapping/value-table';
import type { Link } from '../ports/links.port';
import type { ConflictNote, FieldChange } from '../ports/record-events.port';
import type { Side } from '../ports/scope.port';
import type { OrientedPair } from './oriented-pair';

export interface ResolveInput {
  /** The source record after the rule graph's actions: what is offered to the target. */
  source: Contact;
  /** The source record as the app holds it: what change detection compares. */
  sourceRaw: Contact;
  /** The matched target record; absent when it is to be created. */
  target?: Contact;
  link?: Link;
  pairs: readonly OrientedPair[];
  sourceSide: Side;
  /** Who wins a `newest` tie. */
  fallback: 'source' | 'target';
}

export interface Resolution {
  /** Target path → value to write (empty: nothing to write). */
  targetFields: Record<string, unknown>;
  /** Source path → value to write back (two-way conflicts the target won). */
  sourceFields: Record<string, unknown>;
  targetChanges: FieldChange[];
  sourceChanges: FieldChange[];
  conflicts: ConflictNote[];
  /** Sentences for the record's history: values that had no pair in a value table, and what became of them. */
  notes: string[];
}

type Winner = 'source' | 'target' | 'merge' | null;

function conflictWinner(p: OrientedPair, input: ResolveInput, sv: unknown, tv: unknown): Exclude<Winner, null> {
  // An unsubscribe is never undone by a conflict: the side that holds `true` wins.
  if (p.s === 'unsubscribed' && p.t === 'unsubscribed') return sv === true ? 'source' : tv === true ? 'target' : input.fallback;
  if (p.rule !== 'newest') return p.rule;
  const s = Date.parse(input.source.updatedAt);
  const t = Date.parse(input.target?.updatedAt ?? '');
  if (Number.isNaN(t) || s > t) return 'source';
  if (Number.isNaN(s) || t > s) return 'target';
  return input.fallback;
}

/**
 * Decides, field by field, what a matched (or new) pair of records needs: which target fields to
 * write, which source fields to write back, and which conflicts were settled how. Holds the
 * DESIGN.md rules: changes since the last sync flow; a field both sides changed (or, at first sync,
 * both hold differently) goes to the conflict rule; a blank never overwrites a filled value. Pure.
 */
export function resolvePair(input: ResolveInput): Resolution {
  const out: Resolution = { targetFields: {}, sourceFields: {}, targetChanges: [], sourceChanges: [], conflicts: [], notes: [] };
  const { target, link, sourceSide } = input;
  const targetSide: Side = sourceSide === 'a' ? 'b' : 'a';
  for (const p of input.pairs) {
    const sv = readField(input.source, p.s);
    const fwd = p.toT(sv, input.source);
    const svT = fwd.value;
    if (!target) {
      if (fwd.note) out.notes.push(fwd.note);
      if (p.forward && !isBlank(svT)) {
        out.targetFields[p.t] = svT;
        out.targetChanges.push({ path: p.t, before: undefined, after: svT });
      }
      continue;
    }
    const same = p.caseless ? sameTabled : sameValue;
    const tv = readField(target, p.t);
    const svRaw = readField(input.sourceRaw, p.s);
    const storedS = link?.values[p.sKey];
    // A value with no pair is told once, when it arrives, not at every later sync of the record.
    if (fwd.note && (!link || !sameValue(svRaw, storedS))) out.notes.push(fwd.note);
    if (same(svT, tv)) continue;
    // `ifEmpty`: two filled fields are left as they are, whatever changed.
    if (p.ifEmpty && !isBlank(tv) && !isBlank(svRaw)) continue;
    // Emails that match as keys are the same email: a case or whitespace difference is not worth a write.
    if (p.t === 'email' && normalizeEmail(svT) !== undefined && normalizeEmail(svT) === normalizeEmail(tv)) continue;
    const storedT = link?.values[p.tKey];
    // A rule action that changed this field counts as a source change until the target holds its result.
    const actionPending = !sameValue(sv, svRaw) && !same(svT, storedT);
    const sChanged = !link || !sameValue(svRaw, storedS) || actionPending;
    const tChanged = !link || !sameValue(tv, storedT);
    let winner: Winner = null;
    let conflict = false;
    if (fwd.skipped) {
      // The source's value does not travel (no pair); the target's may still come back by the usual rules.
      if (tChanged && !isBlank(tv)) {
        conflict = sChanged;
        winner = !sChanged || conflictWinner(p, input, sv, tv) === 'target' ? 'target' : null;
      }
    }
    // A side that was emptied keeps its emptiness to itself: it neither blanks nor gets refilled.
    else if (isBlank(svT)) winner = tChanged ? 'target' : null;
    else if (isBlank(tv)) winner = sChanged ? 'source' : null;
    else if (sChanged && tChanged) {
      winner = conflictWinner(p, input, sv, tv);
      conflict = true;
    } else if (sChanged) winner = 'source';
    else if (tChanged) winner = 'target';
    if (winner === null) continue;
    // Never-blank: a blank side only ever receives; it never wins by being empty.
    if (winner === 'target' && isBlank(tv)) continue;
    const back = winner !== 'source' && p.backward ? p.toS(tv, target) : undefined;
    if (back?.note) out.notes.push(back.note);
    const tvS = back?.value;
    let toTarget: unknown;
    let toSource: unknown;
    if (winner === 'merge') {
      toTarget = unionList(tv, svT);
      toSource = unionList(svRaw, tvS);
    } else if (winner === 'source') toTarget = svT;
    else toSource = tvS;
    let wrote = false;
    if (toTarget !== undefined && p.forward && !same(toTarget, tv)) {
      out.targetFields[p.t] = toTarget;
      out.targetChanges.push({ path: p.t, before: tv, after: toTarget });
      wrote = true;
    }
    if (toSource !== undefined && p.backward && !same(toSource, svRaw)) {
      out.sourceFields[p.s] = toSource;
      out.sourceChanges.push({ path: p.s, before: svRaw, after: toSource });
      wrote = true;
    }
    if (conflict && wrote) {
      const winnerSide: Side = winner === 'target' ? targetSide : sourceSide;
      out.conflicts.push({
        path: p.aPath,
        winner: winner === 'merge' ? sourceSide : winnerSide,
        rule: p.s === 'unsubscribed' ? (winnerSide === 'a' ? 'a' : 'b') : p.rule === 'source' ? sourceSide : p.rule === 'target' ? targetSide : p.rule,
        winningValue: winner === 'merge' ? toTarget : winner === 'source' ? sv : tv,
        losingValue: winner === 'merge' ? undefined : winner === 'source' ? tv : sv,
      });
    }
  }
  return out;
}
