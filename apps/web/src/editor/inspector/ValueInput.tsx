import { useEffect, useState } from 'react';
import { compileRulePattern, type ConditionOp, type ConditionValue, type FieldType } from '@sluice/graph';
import { isListOp } from '../model/field-ops';

interface ValueInputProps {
  id: string;
  type: FieldType;
  op: ConditionOp;
  value: ConditionValue | undefined;
  onChange: (value: ConditionValue) => void;
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
export function ValueInput({ id, type, op, value, onChange }: ValueInputProps) {
  if (isListOp(op)) return <ListInput id={id} type={type} value={Array.isArray(value) ? value : []} onChange={onChange} />;
  if (op === 'matches') {
    const source = typeof value === 'string' ? value : '';
    const error = regexError(source);
    return (
      <>
        <input
          id={id}
          className="input mono"
          value={source}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-err` : undefined}
          placeholder="^.+@example\.com$"
          onChange={(e) => onChange(e.target.value)}
        />
        {error && (
          <span id={`${id}-err`} className="error-text">
            {error}
          </span>
        )}
      </>
    );
  }
  if (type === 'boolean')
    return (
      <select id={id} className="select" value={String(value === true)} onChange={(e) => onChange(e.target.value === 'true')}>
        <option value="true">true (yes)</option>
        <option value="false">false (no)</option>
      </select>
    );
  if (type === 'number') return <NumberInput id={id} value={typeof value === 'number' ? value : 0} onChange={onChange} />;
  if (type === 'date')
    return (
      <input
        id={id}
        className="input"
        type="date"
        value={typeof value === 'string' ? value.slice(0, 10) : ''}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  return (
    <input
      id={id}
      className="input"
      value={typeof value === 'string' ? value : value == null ? '' : String(value)}
      placeholder={type === 'string[]' ? 'e.g. customer' : ''}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

/** A number field that lets the user type "-" or "" on the way to a number. */
function NumberInput({ id, value, onChange }: { id: string; value: number; onChange: (v: number) => void }) {
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
}: {
  id: string;
  type: FieldType;
  value: (string | number)[];
  onChange: (v: (string | number)[]) => void;
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
        aria-describedby={`${id}-hint`}
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
