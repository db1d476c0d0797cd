import type { ActionDo, FieldCatalog, FormatKind } from '@sluice/graph';
import { formatKinds } from '@sluice/graph';
import type { EditorIssue } from '../canvas/to-flow';
import { FieldPicker } from './FieldPicker';
import { FieldProblem, problemProps, problemsAt } from './FieldProblem';

interface ActionEditorProps {
  action: ActionDo;
  onChange: (action: ActionDo) => void;
  catalog: FieldCatalog;
  idPrefix: string;
  /** Where the action is in the document (`['nodes', 3, 'do']`), to show validation findings at their field. */
  path: readonly (string | number)[];
  issues: readonly EditorIssue[];
}

const actionNames: Record<ActionDo['op'], string> = {
  addTag: 'Add tag',
  removeTag: 'Remove tag',
  addToList: 'Add to list',
  removeFromList: 'Remove from list',
  set: 'Set field',
  clear: 'Clear field',
  copy: 'Copy field',
  format: 'Format field',
  setOwner: 'Set owner',
  unsubscribe: 'Unsubscribe',
  resubscribe: 'Resubscribe',
};

const formatNames: Record<FormatKind, string> = {
  lowercase: 'lower case',
  uppercase: 'UPPER CASE',
  trim: 'trim spaces',
  titleCase: 'Title Case',
  e164: 'phone as E.164 (+4420…)',
};

/** A fresh action of another op, keeping what carries over (value, field). Pure. */
export function switchAction(from: ActionDo, op: ActionDo['op']): ActionDo {
  const value = 'value' in from && typeof from.value === 'string' && from.value ? from.value : 'New';
  const field = 'field' in from ? from.field : 'to' in from ? from.to : 'company';
  switch (op) {
    case 'addTag':
    case 'removeTag':
    case 'addToList':
    case 'removeFromList':
    case 'setOwner':
      return { op, value };
    case 'set':
      return { op, field, value: '' };
    case 'clear':
      return { op, field };
    case 'copy':
      return { op, from: 'email', to: field };
    case 'format':
      return { op, field, as: 'trim' };
    case 'unsubscribe':
    case 'resubscribe':
      return { op };
  }
}

/** Edits what an action node does; field pickers offer only writable fields where it writes. */
export function ActionEditor({ action, onChange, catalog, idPrefix, path, issues }: ActionEditorProps) {
  const problems = (key: string) => problemsAt(issues, [...path, key]);
  const errId = (key: string) => `${idPrefix}-${key}-problem`;
  const text = (label: string, key: 'value', hint?: string) => (
    <div className="field">
      <label htmlFor={`${idPrefix}-${key}`}>{label}</label>
      <input
        id={`${idPrefix}-${key}`}
        className="input"
        value={'value' in action && typeof action.value === 'string' ? action.value : ''}
        onChange={(e) => onChange({ ...action, value: e.target.value } as ActionDo)}
        {...problemProps(errId(key), problems(key))}
      />
      <FieldProblem id={errId(key)} problems={problems(key)} />
      {hint && <span className="hint">{hint}</span>}
    </div>
  );
  const field = (label: string, key: 'field' | 'from' | 'to', writable: boolean) => (
    <div className="field">
      <label htmlFor={`${idPrefix}-${key}`}>{label}</label>
      <FieldPicker
        id={`${idPrefix}-${key}`}
        catalog={catalog}
        writable={writable}
        value={(action as Record<string, unknown>)[key] as string}
        onChange={(field) => onChange({ ...action, [key]: field } as ActionDo)}
        {...problemProps(errId(key), problems(key))}
      />
      <FieldProblem id={errId(key)} problems={problems(key)} />
    </div>
  );

  return (
    <div className="action-editor">
      <div className="field">
        <label htmlFor={`${idPrefix}-op`}>Action</label>
        <select id={`${idPrefix}-op`} className="select" value={action.op} onChange={(e) => onChange(switchAction(action, e.target.value as ActionDo['op']))}>
          {(Object.keys(actionNames) as ActionDo['op'][]).map((op) => (
            <option key={op} value={op}>
              {actionNames[op]}
            </option>
          ))}
        </select>
      </div>
      {(action.op === 'addTag' || action.op === 'removeTag') && text('Tag', 'value')}
      {(action.op === 'addToList' || action.op === 'removeFromList') && text('List', 'value')}
      {action.op === 'setOwner' && text('Owner (user name or email)', 'value')}
      {action.op === 'set' && (
        <>
          {field('Field', 'field', true)}
          {text('Value', 'value', 'Insert another field with {{field}}, e.g. {{firstName}} {{lastName}}.')}
        </>
      )}
      {action.op === 'clear' && field('Field', 'field', true)}
      {action.op === 'copy' && (
        <>
          {field('Copy from', 'from', false)}
          {field('Copy to', 'to', true)}
        </>
      )}
      {action.op === 'format' && (
        <>
          {field('Field', 'field', true)}
          <div className="field">
            <label htmlFor={`${idPrefix}-as`}>Format as</label>
            <select id={`${idPrefix}-as`} className="select" value={action.as} onChange={(e) => onChange({ ...action, as: e.target.value as FormatKind })}>
              {formatKinds.map((k) => (
                <option key={k} value={k}>
                  {formatNames[k]}
                </option>
              ))}
            </select>
          </div>
        </>
      )}
      {(action.op === 'unsubscribe' || action.op === 'resubscribe') && (
        <p className="hint">{action.op === 'unsubscribe' ? 'Marks the person as opted out.' : 'Marks the person as opted in again.'}</p>
      )}
    </div>
  );
}
