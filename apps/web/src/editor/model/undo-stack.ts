/**
 * The editor's undo/redo stack over immutable values. Pure. (Not to be confused with a connection's
 * sync history: this is only the editing session's past and future.)
 * A "gesture" (a drag) records one undo step for many intermediate values: `begin` saves the
 * value before it, `replace` updates the present without adding steps.
 */
export interface UndoStack<T> {
  past: T[];
  present: T;
  future: T[];
}

const LIMIT = 200;

/** A stack holding just `value`. */
export function createUndoStack<T>(value: T): UndoStack<T> {
  return { past: [], present: value, future: [] };
}

/** Records `next` as a new undo step; clears the redo stack. No-op when `next` is the present. */
export function commit<T>(s: UndoStack<T>, next: T): UndoStack<T> {
  if (next === s.present) return s;
  return { past: [...s.past, s.present].slice(-LIMIT), present: next, future: [] };
}

/** Saves the present as an undo step before a gesture, whose steps then `replace` it. */
export function begin<T>(s: UndoStack<T>): UndoStack<T> {
  return { past: [...s.past, s.present].slice(-LIMIT), present: s.present, future: [] };
}

/** Changes the present without adding an undo step (during a gesture). */
export function replace<T>(s: UndoStack<T>, next: T): UndoStack<T> {
  return next === s.present ? s : { ...s, present: next };
}

export function undo<T>(s: UndoStack<T>): UndoStack<T> {
  const prev = s.past[s.past.length - 1];
  if (prev === undefined) return s;
  return { past: s.past.slice(0, -1), present: prev, future: [s.present, ...s.future] };
}

export function redo<T>(s: UndoStack<T>): UndoStack<T> {
  const [next, ...rest] = s.future;
  if (next === undefined) return s;
  return { past: [...s.past, s.present], present: next, future: rest };
}
