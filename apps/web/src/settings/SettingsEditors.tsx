import { ErrorState } from '../ui/ErrorState';
import { LoadingState } from '../ui/LoadingState';
import { ConflictEditor } from './ConflictEditor';
import { MappingEditor } from './MappingEditor';
import { SyncTypePicker } from './SyncTypePicker';
import type { SyncSettings } from './settings.model';
import { useSettingsData, type AppSide } from './useSettingsData';
import './settings.css';

interface SettingsEditorsProps {
  /** Each side's app with its settings (a file's path) and credential: the fields are read with them. */
  sides: { a: AppSide; b: AppSide };
  names: { a: string; b: string };
  value: SyncSettings;
  onChange: (next: SyncSettings) => void;
  /** Which parts to show (the wizard shows all; each tab shows its own). */
  parts?: readonly ('mode' | 'conflict' | 'mappings')[];
}

/** Sync type, conflict settings and field mappings of a pair of apps, loaded from the server. */
export function SettingsEditors({ sides, names, value, onChange, parts = ['mode', 'conflict', 'mappings'] }: SettingsEditorsProps) {
  const data = useSettingsData(sides);
  if (data.isPending) return <LoadingState label="Loading the apps' fields…" minHeight="240px" />;
  if (data.error) return <ErrorState title="Could not load the apps' fields" error={data.error} onRetry={data.retry} />;
  const shared = data.catalogs.a.filter((f) => data.defaults.some((d) => d.a === f.path) || value.mappings.some((m) => m.a === f.path));
  return (
    <>
      {parts.includes('mode') && <SyncTypePicker value={value.mode} names={names} onChange={(mode) => onChange({ ...value, mode })} />}
      {parts.includes('conflict') && <ConflictEditor value={value.conflict} names={names} fields={shared} mode={value.mode} onChange={(conflict) => onChange({ ...value, conflict })} />}
      {parts.includes('mappings') && (
        <MappingEditor
          defaults={data.defaults}
          mappings={value.mappings}
          names={names}
          catalogs={data.catalogs}
          mode={value.mode}
          onChange={(mappings) => onChange({ ...value, mappings })}
          onCheck={data.check}
        />
      )}
    </>
  );
}
