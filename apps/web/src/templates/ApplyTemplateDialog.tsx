import { nodeTitle, type Graph } from '@sluice/graph';
import { Dialog, DialogClose } from '../ui/Dialog';

export interface ApplyTemplateDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The template's name, as the person chose it. */
  templateName: string;
  /** Its rules, when known before the server checks them (a gallery template, a rule file). */
  incoming?: Graph | undefined;
  /** Which rules it replaces, e.g. `Sandbox CRM → Sandbox Outreach`. */
  target: string;
  /** The saved rules it replaces; none means the direction syncs every record now. */
  current?: Graph;
  /** The connection is syncing: applying starts its sync over with the new rules. */
  running: boolean;
  /** There are unsaved edits of these rules in this browser. */
  hasDraft: boolean;
  /** It can open as a draft of these rules (a bundle with field mappings cannot). */
  canDraft: boolean;
  busy: boolean;
  error?: string | null;
  onReplace: () => void;
  onDraft: () => void;
}

/** What a rule holds, in a few words: `“Prospects” (Has no deals, Add tag "New")`. Pure. */
export function ruleSummary(g: Graph): string {
  const steps = g.nodes.filter((n) => n.kind === 'condition' || n.kind === 'action').map(nodeTitle);
  const shown = steps.slice(0, 4).join(', ') + (steps.length > 4 ? `, and ${steps.length - 4} more` : '');
  return `“${g.name}”${steps.length ? ` (${shown})` : ' (every record)'}`;
}

/**
 * Asks before a template replaces a connection's rules: what it replaces, what happens to the
 * running sync, and the choice to open it as a draft in the editor instead (nothing changes until saved).
 */
export function ApplyTemplateDialog(p: ApplyTemplateDialogProps) {
  return (
    <Dialog
      open={p.open}
      onOpenChange={p.onOpenChange}
      title={`Replace the rules ${p.target}?`}
      description={`Applying “${p.templateName}” replaces ${p.current ? `the saved rules ${ruleSummary(p.current)}` : 'the rule that syncs every record'}${p.incoming ? ` with ${ruleSummary(p.incoming)}` : ''}.`}
    >
      <ul className="dialog-list">
        <li>
          <strong>Replace and apply</strong> saves it now;{' '}
          {p.running ? 'the running sync starts over with it and applies it to every record.' : 'it applies from the next sync.'}
        </li>
        {p.canDraft && (
          <li>
            <strong>Open as a draft</strong> shows it in the editor with the preview first; nothing changes until you save.
          </li>
        )}
        {p.hasDraft && <li>Your unsaved edits of these rules are replaced either way.</li>}
      </ul>
      {p.error && (
        <p className="error-text" role="alert">
          {p.error}
        </p>
      )}
      <div className="dialog-actions">
        <DialogClose className="btn">Cancel</DialogClose>
        {p.canDraft && (
          <button type="button" className="btn" disabled={p.busy} onClick={p.onDraft}>
            Open as a draft
          </button>
        )}
        <button type="button" className="btn btn-primary" disabled={p.busy} onClick={p.onReplace}>
          {p.busy ? 'Applying…' : 'Replace and apply'}
        </button>
      </div>
    </Dialog>
  );
}
