import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc';
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

const sameSettings = (x: SyncSettings, y: SyncSettings) => JSON.stringify(x) === JSON.stringify(y);

/** The Mappings and Conflicts tabs: the wizard's settings, edited and saved with connections.update. */
export function ConnectionSettingsTab({ id, version, sides, names, saved, parts }: ConnectionSettingsTabProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<SyncSettings>(saved);
  const save = useMutation(
    trpc.connections.update.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.connections.get.queryKey({ id }) });
        void queryClient.invalidateQueries({ queryKey: trpc.connections.list.queryKey() });
      },
    }),
  );
  const dirty = !sameSettings(draft, saved);
  return (
    <div className="settings-stack">
      <SettingsEditors sides={sides} names={names} value={draft} onChange={setDraft} parts={parts} />
      <div className="settings-actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={!dirty || save.isPending}
          onClick={() => save.mutate({ id, expectedVersion: version, patch: { mode: draft.mode, conflict: draft.conflict, mappings: draft.mappings } })}
        >
          {save.isPending ? 'Saving…' : dirty ? 'Save changes' : 'Saved'}
        </button>
        {dirty && (
          <button type="button" className="btn" onClick={() => setDraft(saved)}>
            Discard
          </button>
        )}
        {save.isError && (
          <p className="error-text" role="alert">
            Not saved: {errorMessage(save.error)}
          </p>
        )}
        {!dirty && save.isSuccess && (
          <p className="hint" role="status">
            Saved. The next run applies the new settings to every record.
          </p>
        )}
      </div>
    </div>
  );
}
