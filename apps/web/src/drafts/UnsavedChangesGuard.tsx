import { useEffect, useState } from 'react';
import { setNavigationGuard } from '../app/useRoute';
import { Dialog, DialogClose } from '../ui/Dialog';
import { discardDrafts, useDraftParts } from './useDraft';
import { useDraftScope } from './useDraftScope';
import './drafts.css';

/** What a draft part is called: `the rules Sandbox CRM → Sandbox Outreach`. Pure. */
export function partLabel(part: string, names: { a: string; b: string }): string {
  if (part === 'rules:aToB') return `the rules ${names.a} → ${names.b}`;
  if (part === 'rules:bToA') return `the rules ${names.b} → ${names.a}`;
  if (part === 'settings') return 'the sync type, mappings and conflict settings';
  return part;
}

/**
 * While a connection has unsaved edits: the browser asks before the page is closed or reloaded,
 * and leaving the connection inside the app asks whether to keep the edits as a draft or discard
 * them. Moving between the connection's own tabs never asks (the edits stay).
 */
export function UnsavedChangesGuard({ connectionId, connectionName, names }: { connectionId: string; connectionName: string; names: { a: string; b: string } }) {
  const parts = useDraftParts(connectionId);
  const scope = useDraftScope();
  const [pending, setPending] = useState<(() => void) | null>(null);
  const dirty = parts.length > 0;

  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      // Older browsers show the prompt only when returnValue is set.
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    const own = `/connections/${encodeURIComponent(connectionId)}/`;
    const remove = setNavigationGuard((path, proceed) => {
      if (path.startsWith(own)) return true;
      setPending(() => proceed);
      return false;
    });
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      remove();
    };
  }, [dirty, connectionId]);

  const leave = (discard: boolean) => {
    const proceed = pending;
    setPending(null);
    if (discard) discardDrafts(scope, connectionId);
    proceed?.();
  };

  return (
    <Dialog
      open={pending !== null && dirty}
      onOpenChange={(open) => !open && setPending(null)}
      title={`Unsaved changes in ${connectionName}`}
      description="You changed these and did not save them:"
    >
      <ul className="dialog-list">
        {parts.map((p) => (
          <li key={p}>{partLabel(p, names)}</li>
        ))}
      </ul>
      <p className="hint">A draft stays in this browser until you save or discard it; the running sync keeps the saved version meanwhile.</p>
      <div className="dialog-actions">
        <button type="button" className="btn btn-danger" onClick={() => leave(true)}>
          Discard and leave
        </button>
        <button type="button" className="btn" onClick={() => leave(false)}>
          Keep as draft and leave
        </button>
        <DialogClose className="btn btn-primary">Stay</DialogClose>
      </div>
    </Dialog>
  );
}
