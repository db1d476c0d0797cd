import type { FieldDef } from '@sluice/graph';
import { suggestPairs, tableKey, valuesWithoutPair, type MappingSpec, type OtherwiseRule, type ValuePair } from './settings.model';

interface ValueTableEditorProps {
  mapping: MappingSpec;
  names: { a: string; b: string };
  fields: { a: FieldDef | undefined; b: FieldDef | undefined };
  onChange: (patch: Pick<MappingSpec, 'values' | 'otherwise' | 'write'>) => void;
}

const OTHERWISE_WORDS: Record<'skip' | 'copy', string> = { skip: 'leave the other app’s value as it is', copy: 'copy the value as it is' };

/**
 * The details of one mapping: its write mode, and for option fields its value table — each of A's
 * values with B's value it becomes (pairs suggested by label), what a value with no pair does, and
 * the values seen that have no pair yet.
 */
export function ValueTableEditor({ mapping, names, fields, onChange }: ValueTableEditorProps) {
  const aOptions = fields.a?.options ?? [];
  const bOptions = fields.b?.options ?? [];
  const values = mapping.values ?? [];
  const otherwise = typeof mapping.otherwise === 'string' ? mapping.otherwise : 'skip';
  const title = `${fields.a?.label ?? mapping.a} ↔ ${fields.b?.label ?? mapping.b}`;
  const listed = [...aOptions, ...values.map((v) => String(v.a)).filter((v) => !aOptions.some((o) => tableKey(o) === tableKey(v)))];
  const bOf = (a: string) => values.find((v) => tableKey(v.a) === tableKey(a))?.b;
  const setPair = (a: string, b: string) => {
    const rest = values.filter((v) => tableKey(v.a) !== tableKey(a));
    const next: ValuePair[] = b === '' ? rest : [...rest, { a, b }];
    onChange({ values: next.length > 0 ? next : undefined, otherwise: next.length > 0 ? mapping.otherwise : undefined });
  };
  const missing = valuesWithoutPair(aOptions, values, 'a');
  const suggested = suggestPairs(aOptions, bOptions).filter((p) => bOf(String(p.a)) === undefined);

  return (
    <section className="settings-group" aria-label={`Details of ${title}`}>
      <h4>{title}</h4>
      <label className="check">
        <input
          type="checkbox"
          checked={mapping.write === 'ifEmpty'}
          onChange={(e) => onChange({ write: e.target.checked ? 'ifEmpty' : undefined })}
        />{' '}
        Fill blank fields only (never overwrite a value)
      </label>
      {listed.length > 0 && (
        <>
          <table className="table table-compact">
            <caption>Value table: what each value of {names.a} becomes in {names.b}</caption>
            <thead>
              <tr>
                <th scope="col">{names.a}</th>
                <th scope="col">{names.b}</th>
              </tr>
            </thead>
            <tbody>
              {listed.map((a) => (
                <tr key={a}>
                  <td>{a}</td>
                  <td>
                    {bOptions.length > 0 ? (
                      <select className="select" aria-label={`${names.b} value for ${a}`} value={String(bOf(a) ?? '')} onChange={(e) => setPair(a, e.target.value)}>
                        <option value="">(no pair)</option>
                        {bOptions.map((b) => (
                          <option key={b} value={b}>
                            {b}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <input className="input" aria-label={`${names.b} value for ${a}`} value={String(bOf(a) ?? '')} onChange={(e) => setPair(a, e.target.value)} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {suggested.length > 0 && (
            <button type="button" className="btn btn-sm" onClick={() => onChange({ values: [...values, ...suggested], otherwise: mapping.otherwise })}>
              Pair {suggested.length} value{suggested.length > 1 ? 's' : ''} by label
            </button>
          )}
          {missing.length > 0 && (
            <p className="hint" data-testid="values-without-pair">
              Values seen without a pair: {missing.join(', ')}
            </p>
          )}
          <label className="field">
            <span className="field-label">A value with no pair</span>
            <select
              className="select"
              value={otherwise}
              disabled={values.length === 0}
              onChange={(e) => onChange({ values: mapping.values, otherwise: e.target.value === 'skip' ? undefined : (e.target.value as OtherwiseRule) })}
            >
              {(['skip', 'copy'] as const).map((o) => (
                <option key={o} value={o}>
                  {OTHERWISE_WORDS[o]}
                </option>
              ))}
            </select>
          </label>
        </>
      )}
    </section>
  );
}
