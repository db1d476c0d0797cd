import { useState } from 'react';
import type { FieldCatalog } from '@sluice/graph';
import { setFieldRule, type ConflictSettings, type FieldRule, type SyncMode } from './settings.model';

interface ConflictEditorProps {
  value: ConflictSettings;
  names: { a: string; b: string };
  /** The fields the two apps share (paths of app A), for per-field overrides. */
  fields: FieldCatalog;
  /** The sync type: a one-way connection never writes its source, so the winner's value goes one way. */
  mode: SyncMode;
  onChange: (next: ConflictSettings) => void;
}

/** What happens to the two values of a field both apps changed, under each sync type. Pure. */
export function conflictHint(mode: SyncMode, names: { a: string; b: string }): string {
  if (mode === 'two-way') return "When both apps changed a field since the last sync, the winner's value is written to both. The losing value stays in History.";
  const [source, target] = mode === 'a-to-b' ? [names.a, names.b] : [names.b, names.a];
  return `When both apps changed a field since the last sync: if ${source} wins, its value is written to ${target}; if ${target} wins, ${target} keeps its own value. ${source} is never written. The losing value stays in History.`;
}

function ruleLabel(rule: FieldRule, names: { a: string; b: string }): string {
  if (rule === 'a') return `${names.a} wins`;
  if (rule === 'b') return `${names.b} wins`;
  return rule === 'newest' ? 'newest change wins' : 'merge both lists';
}

/**
 * Conflict settings: which app wins when both hold different values for a field, and per-field
 * overrides (an app, the newest change, or a merge for list fields such as tags).
 */
export function ConflictEditor({ value, names, fields, mode, onChange }: ConflictEditorProps) {
  const free = fields.filter((f) => !f.readOnly && value.fields[f.path] === undefined);
  const [path, setPath] = useState('');
  const chosen = fields.find((f) => f.path === path);
  const rulesFor = (type: string | undefined): FieldRule[] => (type === 'string[]' ? ['a', 'b', 'newest', 'merge'] : ['a', 'b', 'newest']);
  const typeOf = (p: string) => fields.find((f) => f.path === p)?.type;
  return (
    <fieldset className="settings-group">
      <legend>Conflicts</legend>
      <p className="hint">{conflictHint(mode, names)}</p>
      <div className="choice-row" role="radiogroup" aria-label="Winning app">
        {(['a', 'b'] as const).map((side) => (
          <label key={side} className="choice choice-inline">
            <input type="radio" name="conflict-winner" value={side} checked={value.winner === side} onChange={() => onChange({ ...value, winner: side })} />
            <span>{names[side]} wins</span>
          </label>
        ))}
      </div>
      <table className="table table-compact">
        <caption className="hint">Per-field overrides</caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Rule</th>
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(value.fields).length === 0 && (
            <tr>
              <td colSpan={3} className="hint">
                No overrides: {names[value.winner]} wins for every field.
              </td>
            </tr>
          )}
          {Object.entries(value.fields).map(([p, rule]) => (
            <tr key={p}>
              <td>{fields.find((f) => f.path === p)?.label ?? p}</td>
              <td>
                <select className="select" aria-label={`Rule for ${p}`} value={rule} onChange={(e) => onChange(setFieldRule(value, p, e.target.value as FieldRule))}>
                  {rulesFor(typeOf(p)).map((r) => (
                    <option key={r} value={r}>
                      {ruleLabel(r, names)}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <button type="button" className="btn btn-sm" aria-label={`Remove override for ${p}`} onClick={() => onChange(setFieldRule(value, p, undefined))}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="inline-form">
        <label className="field">
          <span className="field-label">Override field</span>
          <select className="select" value={path} onChange={(e) => setPath(e.target.value)}>
            <option value="">Choose a field…</option>
            {free.map((f) => (
              <option key={f.path} value={f.path}>
                {f.label} ({f.path})
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="btn"
          disabled={!chosen}
          onClick={() => {
            if (!chosen) return;
            onChange(setFieldRule(value, chosen.path, chosen.type === 'string[]' ? 'merge' : value.winner === 'a' ? 'b' : 'a'));
            setPath('');
          }}
        >
          Add override
        </button>
      </div>
    </fieldset>
  );
}
