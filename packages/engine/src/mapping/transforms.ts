import { phoneKey } from '@sluice/core';
import { compileRulePattern, FORMATTERS, type Contact, type FieldType } from '@sluice/graph';
import type { Transform } from '../config/transform.schema';
import { isBlank, readField } from './field-value';
import { typeWords } from './mapping-compat';

/** A value after a step, or why the step could not take it (the value is then not written). */
type Step = (value: unknown, record: Contact | undefined) => { value: unknown; problem?: string };


const TEXT_OPS = new Set<Transform['op']>(['trim', 'lowercase', 'uppercase', 'titleCase', 'replace', 'split', 'prefix', 'suffix', 'e164', 'join']);

/**
 * The type a step gives for the type it receives, or the sentence saying it cannot take it. Text
 * steps take text and dates (as written) and lists (item by item). Pure.
 */
export function stepType(step: Transform, input: FieldType): FieldType | { problem: string } {
  if (TEXT_OPS.has(step.op)) {
    if (input === 'string[]' && step.op !== 'join') return 'string[]';
    if (input === 'string' || input === 'date') return 'string';
    return { problem: `${step.op} works on text, not on a ${typeWords(input)} value` };
  }
  switch (step.op) {
    case 'constant':
      return typeof step.value === 'number' ? 'number' : typeof step.value === 'boolean' ? 'boolean' : 'string';
    case 'date':
      if (input !== 'string' && input !== 'date') return { problem: `date works on dates and text, not on a ${typeWords(input)} value` };
      return step.to ? 'string' : 'date';
    case 'number':
      if (input !== 'string' && input !== 'number') return { problem: `number works on text, not on a ${typeWords(input)} value` };
      return 'number';
    case 'text':
      return 'string';
    default:
      return input;
  }
}

/** Reads a date written in `format` (YYYY MM DD HH mm ss), or an ISO 8601 one; epoch ms or undefined. Pure. */
function readDate(text: string, format: string | undefined): number | undefined {
  if (!format) {
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? undefined : ms;
  }
  const parts: Record<string, number> = { YYYY: 0, MM: 1, DD: 1, HH: 0, mm: 0, ss: 0 };
  let at = 0;
  for (let i = 0; i < format.length; ) {
    const token = ['YYYY', 'MM', 'DD', 'HH', 'mm', 'ss'].find((t) => format.startsWith(t, i));
    if (token) {
      const digits = /^\d+/.exec(text.slice(at, at + token.length))?.[0];
      if (!digits) return undefined;
      parts[token] = Number(digits);
      at += digits.length;
      i += token.length;
    } else {
      if (text[at] !== format[i]) return undefined;
      at++;
      i++;
    }
  }
  if (text.slice(at).trim() !== '') return undefined;
  const ms = Date.UTC(parts.YYYY!, parts.MM! - 1, parts.DD!, parts.HH!, parts.mm!, parts.ss!);
  // 31/02 would roll over into March: a date that does not exist is not read.
  return new Date(ms).getUTCDate() === parts.DD ? ms : undefined;
}

function writeDate(ms: number, format: string | undefined): string {
  const d = new Date(ms);
  if (!format) return d.toISOString().slice(0, 10);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const values: Record<string, string> = {
    YYYY: pad(d.getUTCFullYear(), 4),
    MM: pad(d.getUTCMonth() + 1),
    DD: pad(d.getUTCDate()),
    HH: pad(d.getUTCHours()),
    mm: pad(d.getUTCMinutes()),
    ss: pad(d.getUTCSeconds()),
  };
  return format.replace(/YYYY|MM|DD|HH|mm|ss/g, (t) => values[t]!);
}

/** One step as a function on one (non-list) value. */
function compileStep(step: Transform, defaultCountry: string | undefined): Step {
  const ok = (value: unknown) => ({ value });
  switch (step.op) {
    case 'trim':
    case 'lowercase':
    case 'uppercase':
    case 'titleCase': {
      const format = FORMATTERS[step.op];
      return (v) => ok(format(String(v)));
    }
    case 'replace': {
      const compiled = compileRulePattern(step.pattern);
      // The schema refused a pattern that does not compile; a step that cannot run changes nothing.
      return compiled.ok ? (v) => ok(compiled.pattern.replaceAll(String(v), step.with)) : (v) => ok(v);
    }
    case 'split':
      return (v) => {
        const parts = String(v).split(step.separator);
        const at = step.part < 0 ? parts.length + step.part : step.part;
        if (at < 0 || at >= parts.length) return ok(undefined);
        return ok(step.rest ? parts.slice(at).join(step.separator) : parts[at]);
      };
    case 'join':
      return (v, record) => {
        const all = [v, ...step.fields.map((f) => (record ? readField(record, f) : undefined))].filter((x) => !isBlank(x));
        return ok(all.map(String).join(step.separator));
      };
    case 'prefix':
      // Not added twice: a value that comes back with it keeps one.
      return (v) => ok(String(v).startsWith(step.value) ? String(v) : step.value + String(v));
    case 'suffix':
      return (v) => ok(String(v).endsWith(step.value) ? String(v) : String(v) + step.value);
    case 'constant':
      return () => ok(step.value);
    case 'date':
      return (v) => {
        const ms = readDate(String(v).trim(), step.from);
        return ms === undefined ? { value: undefined, problem: `"${String(v)}" is not a date${step.from ? ` written ${step.from}` : ''}` } : ok(writeDate(ms, step.to));
      };
    case 'number':
      return (v) => {
        if (typeof v === 'number') return ok(v);
        const thousands = step.decimal === '.' ? ',' : '.';
        const plain = String(v).trim().replace(/[\s\u00a0']/g, '').split(thousands).join('').replace(',', '.');
        const n = plain === '' ? NaN : Number(plain);
        return Number.isFinite(n) ? ok(n) : { value: undefined, problem: `"${String(v)}" is not a number` };
      };
    case 'text':
      return (v) => ok(Array.isArray(v) ? v.join(', ') : String(v));
    case 'e164': {
      const country = step.country ?? defaultCountry;
      // The one phone rule of packages/core: a value that is not a valid number stays as written.
      return (v) => ok(phoneKey(String(v), country) ?? String(v));
    }
  }
}

/** Steps that work on a whole list rather than item by item. */
const WHOLE = new Set<Transform['op']>(['constant', 'text', 'join']);

/**
 * A mapping's transforms for one way as one function: each step in turn; a blank value stays blank
 * (only `constant` fills it); a value a step cannot read is not written, with a note. Pure once built.
 */
export function compileTransforms(
  steps: readonly Transform[],
  where: string,
  defaultCountry?: string,
): (value: unknown, record: Contact | undefined) => { value: unknown; note?: string } {
  const compiled = steps.map((s) => ({ op: s.op, run: compileStep(s, defaultCountry) }));
  return (value, record) => {
    let current = value;
    for (const { op, run } of compiled) {
      if (isBlank(current) && op !== 'constant') return { value: undefined };
      if (Array.isArray(current) && !WHOLE.has(op)) {
        const out: unknown[] = [];
        for (const item of current) {
          const r = run(item, record);
          if (r.problem) return { value: undefined, note: `${where}: ${r.problem}; not written` };
          if (!isBlank(r.value)) out.push(r.value);
        }
        current = out;
        continue;
      }
      const r = run(current, record);
      if (r.problem) return { value: undefined, note: `${where}: ${r.problem}; not written` };
      current = r.value;
    }
    return { value: current };
  };
}

/**
 * The type a way's transforms give for the source field's type, or the first step that cannot take
 * what it gets, as a sentence. Pure.
 */
export function chainType(steps: readonly Transform[], input: FieldType): FieldType | { problem: string } {
  let type = input;
  for (const [i, step] of steps.entries()) {
    const next = stepType(step, type);
    if (typeof next === 'object') return { problem: `step ${i + 1} (${step.op}): ${next.problem}` };
    type = next;
  }
  return type;
}
