import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc';
import { Dialog, DialogClose } from '../ui/Dialog';
import { errorMessage } from '../ui/ErrorState';
import { useToast } from '../ui/Toast';
import { VersionDiff } from './VersionDiff';

interface RestoreDialogProps {
  connectionId: string;
  /** The version the connection runs now. */
  current: number;
  /** The version to restore; null: closed. */
  version: number | null;
  onClose: () => void;
}

/**
 * Restoring a version: first what it would change against the version in use, in sentences, then
 * Cancel or Restore. The restore is saved as a new version (nothing is rewritten), so it can be
 * undone by restoring again.
 */
export function RestoreDialog({ connectionId, current, version, onClose }: RestoreDialogProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const restore = useMutation(
    trpc.versions.restore.mutationOptions({
      onSuccess: (r) => {
        onClose();
        toast({ title: `Version ${r.restored} restored`, description: `The connection now runs it as version ${r.version}.`, tone: 'success' });
        // The connection, its rules and its versions all changed.
        void queryClient.invalidateQueries();
      },
    }),
  );
  return (
    <Dialog
      open={version !== null}
      onOpenChange={(open) => {
        if (!open) {
          restore.reset();
          onClose();
        }
      }}
      title={version === null ? 'Restore' : `Restore version ${version}?`}
      description={version === null ? undefined : `The connection would run version ${version}'s settings and rules again, saved as a new version ${current + 1}. You can undo it by restoring version ${current}.`}
    >
      {version !== null && (
        <>
          <h3 className="restore-title">What restoring changes</h3>
          <div className="restore-preview" tabIndex={0} role="region" aria-label="What restoring changes">
            <VersionDiff connectionId={connectionId} from={current} to={version} empty="Nothing but where nodes sit on the canvas." />
          </div>
          {restore.isError && (
            <p className="error-text" role="alert">
              {errorMessage(restore.error)}
            </p>
          )}
          <div className="dialog-actions">
            <DialogClose className="btn">Cancel</DialogClose>
            <button type="button" className="btn btn-primary" disabled={restore.isPending} onClick={() => restore.mutate({ connectionId, version, expectedVersion: current })}>
              {restore.isPending ? 'Restoring…' : `Restore version ${version}`}
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}
