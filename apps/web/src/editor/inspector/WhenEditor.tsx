import type { FieldCatalog, When, WhenLeaf } from '@sluice/graph';
import { isWhenLeaf } from '@sluice/graph';
import { opLabels } from '../describe';
import { fieldType, opsByType, isUnaryOp, refitLeaf } from '../model/field-ops';
import { FieldPicker } from './FieldPicker';
import { ValueInput } from './ValueInput';

interface WhenEditorProps {
  when: When;
  onChange: (when: When) => void;
  catalog: FieldCatalog;
  /** Unique prefix for input ids (the tree path). */
  idPrefix: string;
  onRemove?: () => void;
  depth?: number;
}

type GroupKind = 'all' | 'any' | 'not';

const groupNames: Record<GroupKind, string> = { all: 'All of (AND)', any: 'Any of (OR)', not: 'Not' };

const newLeaf = (): WhenLeaf => ({ field: 'email', op: 'isNotEmpty' });

/** Edits a condition tree: leaves get a field picker, op and typed value; groups nest. */
export function WhenEditor({ when, onChange, catalog, idPrefix, onRemove, depth = 0 }: WhenEditorProps) {
  if (isWhenLeaf(when)) return <LeafEditor leaf={when} onChange={onChange} catalog={catalog} idPrefix={idPrefix} onRemove={onRemove} />;
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
  onRemove,
}: {
  leaf: WhenLeaf;
  onChange: (w: When) => void;
  catalog: FieldCatalog;
  idPrefix: string;
  onRemove?: () => void;
}) {
  const type = fieldType(catalog, leaf.field);
  return (
    <div className="when-leaf" role="group" aria-label={`Condition on ${leaf.field}`}>
      <div className="field">
        <label htmlFor={`${idPrefix}-field`}>Field</label>
        <FieldPicker
          id={`${idPrefix}-field`}
          value={leaf.field}
          catalog={catalog}
          onChange={(field) => onChange(refitLeaf({ ...leaf, field }, catalog))}
        />
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-op`}>Comparison</label>
        <select
          id={`${idPrefix}-op`}
          className="select"
          value={leaf.op}
          onChange={(e) => onChange(refitLeaf({ ...leaf, op: e.target.value as WhenLeaf['op'] }, catalog))}
        >
          {opsByType[type].map((op) => (
            <option key={op} value={op}>
              {opLabels[op]}
            </option>
          ))}
        </select>
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
          />
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
