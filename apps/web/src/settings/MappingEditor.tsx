import { useState } from 'react';
import type { FieldCatalog } from '@sluice/graph';
import {
  addMapping,
  describeSteps,
  directionLabel,
  effectiveDirection,
  mappingClash,
  mappingRows,
  removeMapping,
  setRowDirection,
  updateRow,
  type MappingDirection,
  type MappingRow,
  type MappingSpec,
  type SyncMode,
} from './settings.model';
import { ValueTableEditor } from './ValueTableEditor';

export type MappingCheck = { ok: true } | { ok: false; reason: string };

interface MappingEditorProps {
  /** The default mapping of the two apps (pre-filled). */
  defaults: readonly MappingSpec[];
  mappings: readonly MappingSpec[];
  names: { a: string; b: string };
  catalogs: { a: FieldCatalog; b: FieldCatalog };
  /** The connection's sync type: a one-way connection maps one way only. */
  mode: SyncMode;
  onChange: (next: MappingSpec[]) => void;
  /** Asks the server whether a custom mapping can work (and why not). */
  onCheck: (mapping: MappingSpec) => Promise<MappingCheck>;
}

const directions: readonly MappingDirection[] = ['both', 'aToB', 'bToA'];

/**
 * Field mappings: the apps' default pairs, each switchable to one direction, plus custom mappings added
 * with "Add field mapping" (checked by the server, an incompatible pair explained inline). A field takes
 * its value from one mapping: a second mapping onto it is refused with a sentence. On a one-way
 * connection every mapping flows that way, so no direction is offered.
 */
export function MappingEditor({ defaults, mappings, names, catalogs, mode, onChange, onCheck }: MappingEditorProps) {
  const rows = mappingRows(defaults, mappings);
  const oneWay: MappingDirection | null = mode === 'a-to-b' ? 'aToB' : mode === 'b-to-a' ? 'bToA' : null;
  const [draft, setDraft] = useState<MappingSpec>({ a: '', b: '', direction: 'both' });
  const [problem, setProblem] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const label = (side: 'a' | 'b', path: string) => catalogs[side].find((f) => f.path === path)?.label ?? path;
  const field = (side: 'a' | 'b', path: string) => catalogs[side].find((f) => f.path === path);
  const keyOf = (row: { a: string; b: string }) => `${row.a}|${row.b}`;
  const openRow = rows.find((r) => keyOf(r) === open && r.kind !== 'replaced');

  /** What a row does besides copying, in words: its value table, write mode and transforms per way. */
  const extras = (row: MappingRow): string[] => {
    const out: string[] = [];
    if (row.values?.length) out.push(`value table: ${row.values.length} pair${row.values.length > 1 ? 's' : ''}`);
    if (row.write === 'ifEmpty') out.push('fills blank fields only');
    const aToB = describeSteps(row.transforms?.aToB);
    const bToA = describeSteps(row.transforms?.bToA);
    if (aToB) out.push(`${names.a} → ${names.b}: ${aToB}`);
    if (bToA) out.push(`${names.b} → ${names.a}: ${bToA}`);
    return out;
  };

  const add = async () => {
    const candidate = { ...draft, direction: oneWay ?? draft.direction };
    setProblem(null);
    const clash = mappingClash(mappings, candidate);
    if (clash) {
      const from = clash.side === 'b' ? 'a' : 'b';
      setProblem(
        `${names[clash.side]}'s field “${label(clash.side, clash.path)}” already takes its value from ${names[from]}'s “${label(from, clash.other[from])}”. ` +
          'A field can be filled by one mapping only: remove that mapping first, or choose another field.',
      );
      return;
    }
    setChecking(true);
    try {
      const result = await onCheck(candidate);
      if (result.ok) {
        onChange(addMapping(mappings, candidate));
        setDraft({ a: '', b: '', direction: 'both' });
      } else setProblem(`This mapping cannot work: ${result.reason}`);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'The mapping could not be checked.');
    } finally {
      setChecking(false);
    }
  };

  /** Applies a change of a row's details at once (nothing typed is lost), then says if the server finds it cannot work. */
  const changeRow = async (row: MappingRow, patch: Parameters<typeof updateRow>[3]) => {
    const next = updateRow(defaults, mappings, row, patch);
    onChange(next);
    setProblem(null);
    const changed = next.find((m) => m.a === row.a && m.b === row.b);
    if (!changed) return;
    try {
      const result = await onCheck(changed);
      // The code stays for tooltips and logs; people read the sentence.
      if (!result.ok) setProblem(`This mapping cannot work yet: ${result.reason.replace(/^E_[A-Z_]+: /, '')}`);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'The mapping could not be checked.');
    }
  };

  const directionCell = (row: MappingRow) => {
    if (row.kind === 'replaced') return <span className="hint">replaced by your mapping of one of its fields</span>;
    if (oneWay) {
      const flows = effectiveDirection(row.direction, mode);
      return flows ? directionLabel(flows, names) : <span className="hint">not used: this connection syncs {directionLabel(oneWay, names)}</span>;
    }
    return (
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
    );
  };

  return (
    <fieldset className="settings-group">
      <legend>Field mappings</legend>
      <p className="hint">
        The default mapping for {names.a} and {names.b} is filled in.{' '}
        {oneWay ? `Every mapping flows ${directionLabel(oneWay, names)}.` : 'Switch a row to one direction, or add your own.'}
      </p>
      {/* A long list scrolls inside its box; focusable so the keyboard can scroll it too (axe: scrollable-region-focusable). */}
      <div className="mapping-scroll" role="region" aria-label="Field mappings list" tabIndex={0}>
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
              <tr key={`${row.a}|${row.b}`} data-testid={`mapping-${row.a}-${row.b}`} className={row.kind === 'replaced' ? 'is-muted' : undefined}>
                <td>{label('a', row.a)}</td>
                <td>
                  {label('b', row.b)}
                  {extras(row).length > 0 && <div className="hint">{extras(row).join(' · ')}</div>}
                </td>
                <td>{directionCell(row)}</td>
                <td>
                  {row.kind !== 'replaced' && (
                    <button
                      type="button"
                      className="btn btn-sm"
                      aria-expanded={open === keyOf(row)}
                      aria-label={`Details of ${row.a} ↔ ${row.b}`}
                      onClick={() => setOpen(open === keyOf(row) ? null : keyOf(row))}
                    >
                      Details
                    </button>
                  )}{' '}
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
      {openRow && (
        <ValueTableEditor
          mapping={openRow}
          names={names}
          fields={{ a: field('a', openRow.a), b: field('b', openRow.b) }}
          onChange={(patch) => void changeRow(openRow, patch)}
        />
      )}
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
        {!oneWay && (
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
        )}
        <button type="button" className="btn" disabled={!draft.a || !draft.b || checking} onClick={() => void add()}>
          {checking ? 'Checking…' : 'Add field mapping'}
        </button>
      </div>
      {problem && (
        <p className="error-text" role="alert">
          {problem}
        </p>
      )}
    </fieldset>
  );
}
