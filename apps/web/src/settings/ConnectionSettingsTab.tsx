import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc';
import { fingerprint } from '../drafts/draft.store';
import { useDraft } from '../drafts/useDraft';
import { errorMessage } from '../ui/ErrorState';
import { SettingsEditors } from './SettingsEditors';
import type { SyncSettings } from './settings.model';
import type { AppSide } from './useSettingsData';

interface ConnectionSettingsTabProps {
  id: string;
  version: number;
  sides: { a: AppSide; b: AppSide };
  names: { a: string; b: string };
  saved: SyncSettings;
  parts: readonly ('mode' | 'conflict' | 'mappings')[];
}

const settingsText = (s: SyncSettings) => JSON.stringify({ mode: s.mode, conflict: { winner: s.conflict.winner, fields: s.conflict.fields }, mappings: s.mappings });
const sameSettings = (x: SyncSettings, y: SyncSettings) => settingsText(x) === settingsText(y);
const parseSettings = (v: unknown): SyncSettings | undefined => {
  const s = v as Partial<SyncSettings> | null;
  return s && typeof s === 'object' && typeof s.mode === 'string' && s.conflict && typeof s.conflict === 'object' && Array.isArray(s.mappings) ? (s as SyncSettings) : undefined;
};

/**
 * The Mappings and Conflicts tabs: the wizard's settings, edited and saved with connections.update.
 * Unsaved edits are a draft (drafts/) shared by both tabs, so moving between them, to the rules
 * or away and back, and reloading, keeps them.
 */
export function ConnectionSettingsTab({ id, version, sides, names, saved, parts }: ConnectionSettingsTabProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // The base is what was saved, not the connection's version: saving rules bumps that too.
  const draft = useDraft<SyncSettings>({ connectionId: id, part: 'settings', saved, base: fingerprint(settingsText(saved)), same: sameSettings, parse: parseSettings });
  const save = useMutation(
    trpc.connections.update.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.connections.get.queryKey({ id }) });
        void queryClient.invalidateQueries({ queryKey: trpc.connections.list.queryKey() });
      },
    }),
  );
  const value = draft.value;
  return (
    <div className="settings-stack">
      {draft.stale && (
        <div className="draft-notice" role="status" data-testid="draft-stale">
          <span>The saved settings changed since you started editing them. Your edits are still here; saving them replaces the new version.</span>
          <button type="button" className="btn btn-sm" onClick={draft.rebase}>
            Keep my edits
          </button>
          <button type="button" className="btn btn-sm" onClick={draft.discard}>
            Discard them
          </button>
        </div>
      )}
      <SettingsEditors sides={sides} names={names} value={value} onChange={draft.set} parts={parts} />
      <div className="settings-actions">
        {draft.dirty && (
          <span className="badge badge-warning" role="status" data-testid="unsaved">
            Unsaved changes
          </span>
        )}
        <button
          type="button"
          className="btn btn-primary"
          disabled={!draft.dirty || save.isPending}
          onClick={() => save.mutate({ id, expectedVersion: version, patch: { mode: value.mode, conflict: value.conflict, mappings: value.mappings } })}
        >
          {save.isPending ? 'Saving…' : draft.dirty ? 'Save changes' : 'Saved'}
        </button>
        {draft.dirty && (
          <button type="button" className="btn" onClick={draft.discard}>
            Discard
          </button>
        )}
        {save.isError && (
          <p className="error-text" role="alert">
            Not saved: {errorMessage(save.error)}
          </p>
        )}
        {!draft.dirty && save.isSuccess && (
          <p className="hint" role="status">
            Saved. The next run applies the new settings to every record.
          </p>
        )}
      </div>
    </div>
  );
}
