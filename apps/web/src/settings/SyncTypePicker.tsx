import { modeLabel, type SyncMode } from './settings.model';

const modes: readonly SyncMode[] = ['two-way', 'a-to-b', 'b-to-a'];
const explain: Record<SyncMode, string> = {
  'two-way': 'Changes on either side are copied to the other.',
  'a-to-b': 'Only the first app feeds the second; the first app is never written.',
  'b-to-a': 'Only the second app feeds the first; the second app is never written.',
};

/** Sync type: two-way or one-way in either direction, as a radio group. */
export function SyncTypePicker({ value, names, onChange }: { value: SyncMode; names: { a: string; b: string }; onChange: (mode: SyncMode) => void }) {
  return (
    <fieldset className="settings-group">
      <legend>Sync type</legend>
      <div className="choice-list">
        {modes.map((mode) => (
          <label key={mode} className="choice">
            <input type="radio" name="sync-type" value={mode} checked={value === mode} onChange={() => onChange(mode)} />
            <span>
              <strong>{modeLabel(mode, names)}</strong>
              <span className="hint">{explain[mode]}</span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
