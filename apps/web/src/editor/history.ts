/**
 * Undo/redo history over immutable values. Pure.
 * A "gesture" (a drag) records one undo step for many intermediate values: `begin` saves the
 * value before it, `replace` updates the present without adding steps.
 */
export interface History<T> {
  past: T[];
  present: T;
  future: T[];
}

const LIMIT = 200;

/** A history holding just `value`. */
export function createHistory<T>(value: T): History<T> {
  return { past: [], present: value, future: [] };
}

/** Records `next` as a new undo step; clears the redo stack. No-op when `next` is the present. */
export function commit<T>(h: History<T>, next: T): History<T> {
  if (next === h.present) return h;
  return { past: [...h.past, h.present].slice(-LIMIT), present: next, future: [] };
}

/** Saves the present as an undo step before a gesture, whose steps then `replace` it. */
export function begin<T>(h: History<T>): History<T> {
  return { past: [...h.past, h.present].slice(-LIMIT), present: h.present, future: [] };
}

/** Changes the present without adding an undo step (during a gesture). */
export function replace<T>(h: History<T>, next: T): History<T> {
  return next === h.present ? h : { ...h, present: next };
}

export function undo<T>(h: History<T>): History<T> {
  const prev = h.past[h.past.length - 1];
  if (prev === undefined) return h;
  return { past: h.past.slice(0, -1), present: prev, future: [h.present, ...h.future] };
}

export function redo<T>(h: History<T>): History<T> {
  const [next, ...rest] = h.future;
  if (next === undefined) return h;
  return { past: [...h.past, h.present], present: next, future: rest };
}
