import { type ReactNode } from 'react';
import * as RadixDialog from '@radix-ui/react-dialog';
import './overlays.css';

interface DialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  /** One sentence under the title (read out when the dialog opens). */
  description?: ReactNode;
  children?: ReactNode;
  /** `sheet` slides in from the left edge (the narrow layout's menu); `center` is a modal box. */
  variant?: 'center' | 'sheet';
}

/**
 * A modal dialog (Radix Dialog): focus moves in and stays in, Escape and the close button close it,
 * focus returns to what opened it.
 */
export function Dialog({ open, onOpenChange, title, description, children, variant = 'center' }: DialogProps) {
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="dialog-overlay" />
        <RadixDialog.Content className={`dialog dialog-${variant}`} {...(description ? {} : { 'aria-describedby': undefined })}>
          <header className="dialog-header">
            <RadixDialog.Title className="dialog-title">{title}</RadixDialog.Title>
            <RadixDialog.Close className="btn btn-sm dialog-close" aria-label="Close">
              ✕
            </RadixDialog.Close>
          </header>
          {description && <RadixDialog.Description className="hint">{description}</RadixDialog.Description>}
          {children}
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

interface ConfirmDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  /** Marks the confirm button as destructive. */
  danger?: boolean;
  busy?: boolean;
}

/** "Are you sure?" with a named action and Cancel (Cancel has the focus first, so Enter is safe). */
export function ConfirmDialog({ open, onOpenChange, title, description, confirmLabel, onConfirm, danger = false, busy = false }: ConfirmDialogProps) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={title} description={description}>
      <div className="dialog-actions">
        <RadixDialog.Close className="btn">Cancel</RadixDialog.Close>
        <button type="button" className={`btn ${danger ? 'btn-danger-solid' : 'btn-primary'}`} disabled={busy} onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}

/** A button inside a Dialog that closes it (e.g. a link in the narrow layout's menu). */
export const DialogClose = RadixDialog.Close;
