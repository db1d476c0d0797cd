import type { FieldCatalog, When, WhenLeaf } from '@sluice/graph';
import { conditionOpWords, isWhenLeaf } from '@sluice/graph';
import { fieldType, opsByType, isUnaryOp, refitLeaf } from '../model/field-ops';
import type { EditorIssue } from '../canvas/to-flow';
import { FieldPicker } from './FieldPicker';
import { FieldProblem, problemProps, problemsAt } from './FieldProblem';
import { ValueInput } from './ValueInput';

interface WhenEditorProps {
  when: When;
  onChange: (when: When) => void;
  catalog: FieldCatalog;
  /** Unique prefix for input ids (the tree path). */
  idPrefix: string;
  /** Where this tree is in the document (`['nodes', 2, 'when']`), to show validation findings at their field. */
  path: readonly (string | number)[];
  issues: readonly EditorIssue[];
  onRemove?: () => void;
  depth?: number;
}

type GroupKind = 'all' | 'any' | 'not';

const groupNames: Record<GroupKind, string> = { all: 'All of (AND)', any: 'Any of (OR)', not: 'Not' };

const newLeaf = (): WhenLeaf => ({ field: 'email', op: 'isNotEmpty' });

/** Edits a condition tree: leaves get a field picker, op and typed value; groups nest. */
export function WhenEditor({ when, onChange, catalog, idPrefix, path, issues, onRemove, depth = 0 }: WhenEditorProps) {
  if (isWhenLeaf(when)) return <LeafEditor leaf={when} onChange={onChange} catalog={catalog} idPrefix={idPrefix} path={path} issues={issues} onRemove={onRemove} />;
  const kind: GroupKind = 'all' in when ? 'all' : 'any' in when ? 'any' : 'not';
  const children: When[] = 'all' in when ? when.all : 'any' in when ? when.any : [when.not];

  const setKind = (k: GroupKind) => {
    if (k === kind) return;
    if (k === 'not') onChange({ not: children[0] ?? newLeaf() });
    else onChange(k === 'all' ? { all: children } : { any: children });
  };
  const setChildren = (list: When[]) => {
    if (kind === 'not') onChange({ not: list[0] ?? newLeaf() });
    else onChange(kind === 'all' ? { all: list } : { any: list });
  };

  return (
    <fieldset className="when-group" data-depth={depth}>
      <legend>
        <label className="visually-hidden" htmlFor={`${idPrefix}-kind`}>
          Group type
        </label>
        <select id={`${idPrefix}-kind`} className="select select-inline" value={kind} onChange={(e) => setKind(e.target.value as GroupKind)}>
          {(Object.keys(groupNames) as GroupKind[]).map((k) => (
            <option key={k} value={k}>
              {groupNames[k]}
            </option>
          ))}
        </select>
        {onRemove && (
          <button type="button" className="btn btn-sm btn-danger" onClick={onRemove} aria-label="Remove this group">
            Remove
          </button>
        )}
      </legend>
      {children.map((child, i) => (
        <WhenEditor
          key={i}
          when={child}
          catalog={catalog}
          idPrefix={`${idPrefix}-${i}`}
          path={kind === 'not' ? [...path, 'not'] : [...path, kind, i]}
          issues={issues}
          depth={depth + 1}
          onChange={(w) => setChildren(children.map((c, j) => (j === i ? w : c)))}
          onRemove={kind === 'not' ? undefined : () => setChildren(children.filter((_, j) => j !== i))}
        />
      ))}
      {kind !== 'not' && (
        <div className="when-add">
          <button type="button" className="btn btn-sm" onClick={() => setChildren([...children, newLeaf()])}>
            + Condition
          </button>
          {depth < 3 && (
            <button type="button" className="btn btn-sm" onClick={() => setChildren([...children, { any: [newLeaf()] }])}>
              + Group
            </button>
          )}
        </div>
      )}
      {kind !== 'not' && children.length === 0 && (
        <p className="hint">{kind === 'all' ? 'An empty AND always holds.' : 'An empty OR never holds.'}</p>
      )}
    </fieldset>
  );
}

function LeafEditor({
  leaf,
  onChange,
  catalog,
  idPrefix,
  path,
  issues,
  onRemove,
}: {
  leaf: WhenLeaf;
  onChange: (w: When) => void;
  catalog: FieldCatalog;
  idPrefix: string;
  path: readonly (string | number)[];
  issues: readonly EditorIssue[];
  onRemove?: () => void;
}) {
  const type = fieldType(catalog, leaf.field);
  const [fieldIssues, opIssues, valueIssues] = (['field', 'op', 'value'] as const).map((k) => problemsAt(issues, [...path, k]));
  const errId = (k: string) => `${idPrefix}-${k}-problem`;
  return (
    <div className="when-leaf" role="group" aria-label={`Condition on ${leaf.field}`}>
      <div className="field">
        <label htmlFor={`${idPrefix}-field`}>Field</label>
        <FieldPicker
          id={`${idPrefix}-field`}
          value={leaf.field}
          catalog={catalog}
          onChange={(field) => onChange(refitLeaf({ ...leaf, field }, catalog))}
          {...problemProps(errId('field'), fieldIssues!)}
        />
        <FieldProblem id={errId('field')} problems={fieldIssues!} />
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-op`}>Comparison</label>
        <select
          id={`${idPrefix}-op`}
          className="select"
          value={leaf.op}
          onChange={(e) => onChange(refitLeaf({ ...leaf, op: e.target.value as WhenLeaf['op'] }, catalog))}
          {...problemProps(errId('op'), opIssues!)}
        >
          {opsByType[type].map((op) => (
            <option key={op} value={op}>
              {conditionOpWords[op]}
            </option>
          ))}
        </select>
        <FieldProblem id={errId('op')} problems={opIssues!} />
      </div>
      {!isUnaryOp(leaf.op) && (
        <div className="field">
          <label htmlFor={`${idPrefix}-value`}>Value</label>
          <ValueInput
            id={`${idPrefix}-value`}
            type={type}
            op={leaf.op}
            value={leaf.value}
            onChange={(value) => onChange({ ...leaf, value })}
            problemId={valueIssues!.length ? errId('value') : undefined}
          />
          <FieldProblem id={errId('value')} problems={valueIssues!} />
        </div>
      )}
      {onRemove && (
        <button type="button" className="btn btn-sm btn-danger when-remove" onClick={onRemove} aria-label={`Remove condition on ${leaf.field}`}>
          Remove
        </button>
      )}
    </div>
  );
}
