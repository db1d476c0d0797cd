import { useRef, type ReactNode } from 'react';

export interface EditorToolbarProps {
  canUndo: boolean;
  canRedo: boolean;
  hasSelection: boolean;
  canPaste: boolean;
  errorCount: number;
  warningCount: number;
  dirty: boolean;
  onUndo: () => void;
  onRedo: () => void;
  onCopy: () => void;
  onPaste: () => void;
  onDelete: () => void;
  onLayout: () => void;
  onFitView: () => void;
  minimap: boolean;
  onToggleMinimap: () => void;
  onImport: (file: File) => void;
  onExport: () => void;
  onSave?: () => void;
  saving?: boolean;
  /** Back to the saved version (one undo step). */
  onDiscard?: () => void;
  children?: ReactNode;
}

/** The editor's commands as buttons; each names its shortcut. */
export function EditorToolbar(p: EditorToolbarProps) {
  const file = useRef<HTMLInputElement>(null);
  return (
    <div className="editor-toolbar" role="toolbar" aria-label="Rule editor">
      <div className="toolbar-group">
        <button type="button" className="btn btn-sm" onClick={p.onUndo} disabled={!p.canUndo} aria-keyshortcuts="Control+Z" title="Undo (Ctrl+Z)">
          Undo
        </button>
        <button
          type="button"
          className="btn btn-sm"
          onClick={p.onRedo}
          disabled={!p.canRedo}
          aria-keyshortcuts="Control+Shift+Z Control+Y"
          title="Redo (Ctrl+Shift+Z)"
        >
          Redo
        </button>
      </div>
      <div className="toolbar-group">
        <button type="button" className="btn btn-sm" onClick={p.onCopy} disabled={!p.hasSelection} aria-keyshortcuts="Control+C" title="Copy (Ctrl+C)">
          Copy
        </button>
        <button type="button" className="btn btn-sm" onClick={p.onPaste} disabled={!p.canPaste} aria-keyshortcuts="Control+V" title="Paste (Ctrl+V)">
          Paste
        </button>
        <button type="button" className="btn btn-sm" onClick={p.onDelete} disabled={!p.hasSelection} aria-keyshortcuts="Delete" title="Delete (Delete)">
          Delete
        </button>
      </div>
      <div className="toolbar-group">
        <button type="button" className="btn btn-sm" onClick={p.onLayout} title="Arrange the nodes left to right">
          Auto-layout
        </button>
        <button type="button" className="btn btn-sm" onClick={p.onFitView} title="Show the whole rule">
          Fit view
        </button>
        <button type="button" className="btn btn-sm" aria-pressed={p.minimap} onClick={p.onToggleMinimap} title="Show an overview of the whole rule">
          Minimap
        </button>
      </div>
      <div className="toolbar-group">
        <button type="button" className="btn btn-sm" onClick={() => file.current?.click()} title="Open a sluice.graph/v1 file">
          Import
        </button>
        <input
          ref={file}
          type="file"
          accept=".json,application/json"
          className="visually-hidden"
          tabIndex={-1}
          aria-label="Import a rule file"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) p.onImport(f);
            e.target.value = '';
          }}
        />
        <button type="button" className="btn btn-sm" onClick={p.onExport} title="Download this rule as a sluice.graph/v1 file">
          Export
        </button>
      </div>
      <span className="toolbar-spacer" />
      <span
        className={`badge ${p.errorCount ? 'badge-danger' : p.warningCount ? 'badge-warning' : 'badge-success'}`}
        aria-live="polite"
        data-testid="validity"
      >
        {p.errorCount
          ? `${p.errorCount} ${p.errorCount === 1 ? 'error' : 'errors'}`
          : p.warningCount
            ? `${p.warningCount} ${p.warningCount === 1 ? 'warning' : 'warnings'}`
            : 'Valid'}
      </span>
      {p.children}
      {p.dirty && (
        <span className="badge badge-warning" role="status" data-testid="unsaved">
          Unsaved changes
        </span>
      )}
      {p.dirty && p.onDiscard && (
        <button type="button" className="btn btn-sm" onClick={p.onDiscard} title="Go back to the saved version (Undo brings your changes back)">
          Discard
        </button>
      )}
      {p.onSave && (
        <button
          type="button"
          className="btn btn-sm btn-primary"
          onClick={p.onSave}
          disabled={!p.dirty || p.errorCount > 0 || p.saving}
          title={p.dirty && p.errorCount > 0 ? 'Fix the errors first: a rule with errors cannot run' : undefined}
        >
          {p.saving ? 'Saving…' : p.dirty ? 'Save' : 'Saved'}
        </button>
      )}
    </div>
  );
}
