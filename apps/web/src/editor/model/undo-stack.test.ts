import { describe, expect, it } from 'vitest';
import { begin, commit, createUndoStack, redo, replace, undo } from './undo-stack';

describe('undo stack', () => {
  it('undoes and redoes committed steps in order', () => {
    let h = createUndoStack(1);
    h = commit(h, 2);
    h = commit(h, 3);
    h = undo(h);
    expect(h.present).toBe(2);
    h = undo(h);
    expect(h.present).toBe(1);
    expect(undo(h)).toBe(h);
    h = redo(redo(h));
    expect(h.present).toBe(3);
    expect(redo(h)).toBe(h);
  });

  it('drops the redo stack on a new commit', () => {
    const h = commit(undo(commit(createUndoStack('a'), 'b')), 'c');
    expect(h.future).toEqual([]);
    expect(undo(h).present).toBe('a');
  });

  it('records a whole gesture as one undo step', () => {
    let h = begin(createUndoStack(0));
    for (let x = 1; x <= 10; x++) h = replace(h, x);
    expect(h.present).toBe(10);
    expect(undo(h).present).toBe(0);
    expect(undo(h).past).toEqual([]);
  });
});
