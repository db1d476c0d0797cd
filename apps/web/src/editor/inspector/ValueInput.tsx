import { useEffect, useState } from 'react';
import { compileRulePattern, type ConditionOp, type ConditionValue, type FieldType } from '@sluice/graph';
import { isListOp } from '../model/field-ops';

interface ValueInputProps {
  id: string;
  type: FieldType;
  op: ConditionOp;
  value: ConditionValue | undefined;
  onChange: (value: ConditionValue) => void;
  /** The id of the sentence explaining what is wrong with the value, when validation found something. */
  problemId?: string;
}

/** Parses "a, b, c" into a list; numbers stay numbers on number fields. Pure. */
export function parseList(text: string, type: FieldType): (string | number)[] {
  const parts = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (type !== 'number') return parts;
  return parts.map((s) => (Number.isFinite(Number(s)) ? Number(s) : s));
}

/** Why a rule could not use this pattern (the server's own check, so both say the same), or null. Pure. */
export function regexError(source: string): string | null {
  const compiled = compileRulePattern(source);
  return compiled.ok ? null : `This pattern ${compiled.problem}.`;
}

/** The value input of a condition, shaped by the field's type and the op. */
export function ValueInput({ id, type, op, value, onChange, problemId }: ValueInputProps) {
  const problem = problemId ? { 'aria-invalid': true as const, 'aria-describedby': problemId } : {};
  if (isListOp(op)) return <ListInput id={id} type={type} value={Array.isArray(value) ? value : []} onChange={onChange} problemId={problemId} />;
  if (op === 'matches') {
    const source = typeof value === 'string' ? value : '';
    // The same check validation makes: when validation's sentence is shown beside the field
    // (problemId), it is not said twice here.
    const error = regexError(source);
    const own = error && !problemId ? `${id}-err` : undefined;
    return (
      <>
        <input
          id={id}
          className="input mono"
          value={source}
          aria-invalid={error || problemId ? true : undefined}
          aria-describedby={problemId ?? own}
          placeholder="^.+@example\.com$"
          onChange={(e) => onChange(e.target.value)}
        />
        {own && (
          <span id={own} className="error-text">
            {error}
          </span>
        )}
      </>
    );
  }
  if (type === 'boolean')
    return (
      <select id={id} className="select" value={String(value === true)} onChange={(e) => onChange(e.target.value === 'true')} {...problem}>
        <option value="true">true (yes)</option>
        <option value="false">false (no)</option>
      </select>
    );
  if (type === 'number') return <NumberInput id={id} value={typeof value === 'number' ? value : 0} onChange={onChange} problemId={problemId} />;
  if (type === 'date')
    return (
      <input
        id={id}
        className="input"
        type="date"
        value={typeof value === 'string' ? value.slice(0, 10) : ''}
        onChange={(e) => onChange(e.target.value)}
        {...problem}
      />
    );
  return (
    <input
      id={id}
      className="input"
      value={typeof value === 'string' ? value : value == null ? '' : String(value)}
      placeholder={type === 'string[]' ? 'e.g. customer' : ''}
      onChange={(e) => onChange(e.target.value)}
      {...problem}
    />
  );
}

/** A number field that lets the user type "-" or "" on the way to a number. */
function NumberInput({ id, value, onChange, problemId }: { id: string; value: number; onChange: (v: number) => void; problemId?: string }) {
  const [text, setText] = useState(String(value));
  useEffect(() => {
    if (Number(text) !== value) setText(String(value));
    // Only an outside change (undo, another node) resets the text.
  }, [value]);
  return (
    <input
      id={id}
      className="input"
      type="number"
      inputMode="decimal"
      value={text}
      aria-invalid={problemId ? true : undefined}
      aria-describedby={problemId}
      onChange={(e) => {
        setText(e.target.value);
        const n = Number(e.target.value);
        if (e.target.value.trim() !== '' && Number.isFinite(n)) onChange(n);
      }}
    />
  );
}

function ListInput({
  id,
  type,
  value,
  onChange,
  problemId,
}: {
  id: string;
  type: FieldType;
  value: (string | number)[];
  onChange: (v: (string | number)[]) => void;
  problemId?: string;
}) {
  const [text, setText] = useState(value.join(', '));
  useEffect(() => {
    if (parseList(text, type).join('\u0000') !== value.join('\u0000')) setText(value.join(', '));
  }, [value]);
  return (
    <>
      <input
        id={id}
        className="input"
        value={text}
        placeholder="first, second, third"
        aria-describedby={problemId ? `${problemId} ${id}-hint` : `${id}-hint`}
        aria-invalid={problemId ? true : undefined}
        onChange={(e) => {
          setText(e.target.value);
          onChange(parseList(e.target.value, type));
        }}
      />
      <span id={`${id}-hint`} className="hint">
        Separate values with commas ({value.length} {value.length === 1 ? 'value' : 'values'}).
      </span>
    </>
  );
}
