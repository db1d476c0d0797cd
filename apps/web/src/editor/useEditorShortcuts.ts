import { useCallback, type KeyboardEvent } from 'react';

export interface EditorCommands {
  undo: () => void;
  redo: () => void;
  copy: () => void;
  paste: () => void;
  remove: () => void;
  selectAll: () => void;
  clearSelection: () => void;
}

function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

/**
 * Keyboard shortcuts of the editor, bound on its root element: Ctrl/Cmd+Z undo, Ctrl+Shift+Z or
 * Ctrl+Y redo, Ctrl+C/V copy/paste, Ctrl+A select all, Delete/Backspace delete, Escape deselect.
 * Keys typed into form fields are left alone. The canvas handles Delete itself when it has focus.
 */
export function useEditorShortcuts(cmd: EditorCommands) {
  return useCallback(
    (e: KeyboardEvent) => {
      if (typingIn(e.target)) return;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      const inCanvas = e.target instanceof Element && !!e.target.closest('.react-flow');
      let handled = true;
      if (mod && key === 'z' && !e.shiftKey) cmd.undo();
      else if (mod && ((key === 'z' && e.shiftKey) || key === 'y')) cmd.redo();
      else if (mod && key === 'c') cmd.copy();
      else if (mod && key === 'v') cmd.paste();
      else if (mod && key === 'a') cmd.selectAll();
      else if (!mod && (e.key === 'Delete' || e.key === 'Backspace') && !inCanvas) cmd.remove();
      else if (e.key === 'Escape' && !inCanvas) cmd.clearSelection();
      else handled = false;
      if (handled) e.preventDefault();
    },
    [cmd],
  );
}
