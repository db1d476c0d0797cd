import { useState } from 'react';
import type { FieldCatalog } from '@sluice/graph';
import { addMapping, directionLabel, mappingRows, removeMapping, setRowDirection, type MappingDirection, type MappingSpec } from './settings.model';

export type MappingCheck = { ok: true } | { ok: false; reason: string };

interface MappingEditorProps {
  /** The default mapping of the two apps (pre-filled). */
  defaults: readonly MappingSpec[];
  mappings: readonly MappingSpec[];
  names: { a: string; b: string };
  catalogs: { a: FieldCatalog; b: FieldCatalog };
  onChange: (next: MappingSpec[]) => void;
  /** Asks the server whether a custom mapping can work (and why not). */
  onCheck: (mapping: MappingSpec) => Promise<MappingCheck>;
}

const directions: readonly MappingDirection[] = ['both', 'aToB', 'bToA'];

/**
 * Field mappings: the apps' default pairs, each switchable to one direction, plus custom mappings added
 * with "Add field mapping" (checked by the server, an incompatible pair explained inline).
 */
export function MappingEditor({ defaults, mappings, names, catalogs, onChange, onCheck }: MappingEditorProps) {
  const rows = mappingRows(defaults, mappings);
  const [draft, setDraft] = useState<MappingSpec>({ a: '', b: '', direction: 'both' });
  const [problem, setProblem] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const label = (side: 'a' | 'b', path: string) => catalogs[side].find((f) => f.path === path)?.label ?? path;

  const add = async () => {
    setChecking(true);
    setProblem(null);
    try {
      const result = await onCheck(draft);
      if (result.ok) {
        onChange(addMapping(mappings, draft));
        setDraft({ a: '', b: '', direction: 'both' });
      } else setProblem(result.reason);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'The mapping could not be checked.');
    } finally {
      setChecking(false);
    }
  };

  return (
    <fieldset className="settings-group">
      <legend>Field mappings</legend>
      <p className="hint">The default mapping for {names.a} and {names.b} is filled in. Switch a row to one direction, or add your own.</p>
      <div className="mapping-scroll">
        <table className="table table-compact">
          <caption className="visually-hidden">Field mappings</caption>
          <thead>
            <tr>
              <th scope="col">{names.a}</th>
              <th scope="col">{names.b}</th>
              <th scope="col">Direction</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={`${row.a}|${row.b}`} data-testid={`mapping-${row.a}-${row.b}`}>
                <td>{label('a', row.a)}</td>
                <td>{label('b', row.b)}</td>
                <td>
                  <select
                    className="select"
                    aria-label={`Direction of ${row.a} ↔ ${row.b}`}
                    value={row.direction}
                    onChange={(e) => onChange(setRowDirection(defaults, mappings, row, e.target.value as MappingDirection))}
                  >
                    {directions.map((d) => (
                      <option key={d} value={d}>
                        {directionLabel(d, names)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  {row.kind === 'custom' ? (
                    <button type="button" className="btn btn-sm" aria-label={`Remove mapping ${row.a} ↔ ${row.b}`} onClick={() => onChange(removeMapping(mappings, row))}>
                      Remove
                    </button>
                  ) : (
                    <span className="badge">default</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="inline-form">
        {(['a', 'b'] as const).map((side) => (
          <label className="field" key={side}>
            <span className="field-label">{names[side]} field</span>
            <select className="select" value={draft[side]} onChange={(e) => setDraft({ ...draft, [side]: e.target.value })}>
              <option value="">Choose…</option>
              {catalogs[side].map((f) => (
                <option key={f.path} value={f.path}>
                  {f.label} ({f.path}, {f.type})
                </option>
              ))}
            </select>
          </label>
        ))}
        <label className="field">
          <span className="field-label">Direction</span>
          <select className="select" value={draft.direction} onChange={(e) => setDraft({ ...draft, direction: e.target.value as MappingDirection })}>
            {directions.map((d) => (
              <option key={d} value={d}>
                {directionLabel(d, names)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn" disabled={!draft.a || !draft.b || checking} onClick={() => void add()}>
          {checking ? 'Checking…' : 'Add field mapping'}
        </button>
      </div>
      {problem && (
        <p className="error-text" role="alert">
          This mapping cannot work: {problem}
        </p>
      )}
    </fieldset>
  );
}
