/**
 * The checks of one node's content against the field catalog: conditions (field, operator, value
 * type, patterns) and actions (writable fields, placeholders), each issue with a sentence a person
 * reads at the field. The graph's shape (schema, wires, reachability) is checked in graph.validator.ts.
 */
import { orderingOperand } from './condition.compiler';
import { canonicalCatalog, findField, type FieldCatalog, type FieldDef, type FieldType } from './field-catalog';
import { isWhenLeaf, unaryConditionOps, type ActionDo, type When, type WhenLeaf } from './graph.schema';
import { placeholderFields } from './placeholder.renderer';
import { conditionOpWords, formatValue } from './reason.describer';
import { compileRulePattern } from './rule-pattern';
import type { ValidationCode, ValidationIssue } from './validation-issue';

export type Path = (string | number)[];

/** Which ops make sense on which field type (E_TYPE_MISMATCH otherwise). */
const OPS_BY_TYPE: Record<FieldType, ReadonlySet<string>> = {
  string: new Set(['eq', 'ne', 'contains', 'notContains', 'startsWith', 'endsWith', 'in', 'notIn', 'isEmpty', 'isNotEmpty', 'matches']),
  'string[]': new Set(['eq', 'ne', 'contains', 'notContains', 'startsWith', 'endsWith', 'in', 'notIn', 'isEmpty', 'isNotEmpty', 'matches']),
  number: new Set(['eq', 'ne', 'in', 'notIn', 'isEmpty', 'isNotEmpty', 'gt', 'gte', 'lt', 'lte']),
  date: new Set(['eq', 'ne', 'in', 'notIn', 'isEmpty', 'isNotEmpty', 'gt', 'gte', 'lt', 'lte']),
  boolean: new Set(['eq', 'ne', 'isEmpty', 'isNotEmpty']),
};

const TEXT_OPS = new Set(['contains', 'notContains', 'startsWith', 'endsWith', 'matches']);
const ORDER_OPS = new Set(['gt', 'gte', 'lt', 'lte']);
const NUMERIC = /^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

export class IssueList {
  readonly items: ValidationIssue[] = [];
  /** `sentence` is what a person reads (at the field in the editor); `message` stays the stable technical line. */
  add(code: ValidationCode, message: string, path: Path, extra: Partial<ValidationIssue> & { sentence: string }): void {
    this.items.push({ code, severity: code === 'E_UNREACHABLE' ? 'warning' : 'error', path, message, ...extra });
  }
}

/** Field lookup: an explicit catalog is strict; the default canonical one accepts any `custom.*`. */
export interface FieldLookup {
  find(path: string): FieldDef | 'open' | undefined;
  suggest(path: string): string | undefined;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] as number;
      row[j] = Math.min((row[j] as number) + 1, (row[j - 1] as number) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length] as number;
}

export function fieldLookup(catalog: FieldCatalog | undefined): FieldLookup {
  const cat = catalog ?? canonicalCatalog;
  const open = catalog === undefined;
  return {
    find: (path) => findField(cat, path) ?? (open && /^custom\.[^.]+$/.test(path) ? 'open' : undefined),
    suggest: (path) => {
      let best: string | undefined;
      let bestD = 3;
      for (const f of cat) {
        const d = distance(path, f.path);
        if (d < bestD) [best, bestD] = [f.path, d];
      }
      return best;
    },
  };
}

/** How a field reads in a sentence: its label with its path, `Number of deals (deals.count)`. */
function fieldName(def: FieldDef): string {
  return def.label && def.label !== def.path ? `${def.label} (${def.path})` : def.path;
}

const TYPE_WORDS: Record<FieldType, string> = { string: 'text', number: 'numbers', boolean: 'yes or no', date: 'dates', 'string[]': 'a list of texts' };

function valueFits(type: FieldType, v: unknown): boolean {
  if (v === null) return true;
  switch (type) {
    case 'number':
      return typeof v === 'number' || (typeof v === 'string' && NUMERIC.test(v));
    case 'boolean':
      return typeof v === 'boolean' || v === 'true' || v === 'false';
    case 'date':
      return typeof v === 'string' && Number.isFinite(Date.parse(v));
    default:
      return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  }
}

function checkLeaf(leaf: WhenLeaf, path: Path, nodeId: string, fields: FieldLookup, out: IssueList): void {
  const at = { nodeId };
  const { op, value, field } = leaf;
  if (!unaryConditionOps.includes(op)) {
    if (value === undefined) out.add('E_SCHEMA', `op "${op}" needs a value`, [...path, 'value'], { ...at, sentence: 'Enter a value to compare with.' });
    else if ((op === 'in' || op === 'notIn') !== Array.isArray(value)) {
      out.add('E_SCHEMA', Array.isArray(value) ? `op "${op}" compares with one value; use "in" for a list` : `op "${op}" needs a list of values`, [...path, 'value'], {
        ...at,
        sentence: Array.isArray(value) ? `"${conditionOpWords[op]}" compares with one value; choose "is one of" for a list.` : 'Enter one or more values, separated by commas.',
      });
    } else if (TEXT_OPS.has(op) && value === null) out.add('E_SCHEMA', `op "${op}" needs a text value`, [...path, 'value'], { ...at, sentence: 'Enter some text to compare with.' });
    else if (ORDER_OPS.has(op) && !orderingOperand(value)) {
      out.add('E_TYPE_MISMATCH', `op "${op}" needs a number or an ISO date, got ${JSON.stringify(value)}`, [...path, 'value'], {
        ...at,
        sentence: `Enter a number or a date (YYYY-MM-DD) to compare with; ${formatValue(value)} is neither.`,
      });
    }
  }
  if (op === 'matches' && typeof value === 'string') {
    const compiled = compileRulePattern(value);
    if (!compiled.ok) out.add('E_BAD_REGEX', `pattern /${value}/ ${compiled.problem}`, [...path, 'value'], { ...at, sentence: `This pattern ${compiled.problem}.` });
  }
  const def = checkField(field, [...path, 'field'], nodeId, fields, out);
  if (!def || def === 'open') return;
  if (!OPS_BY_TYPE[def.type].has(op)) {
    out.add('E_TYPE_MISMATCH', `op "${op}" does not apply to ${def.path} (${def.type})`, [...path, 'op'], {
      ...at,
      sentence: `"${conditionOpWords[op]}" does not work on ${fieldName(def)}, which holds ${TYPE_WORDS[def.type]}; choose another comparison.`,
    });
    return;
  }
  if (ORDER_OPS.has(op)) {
    const mode = orderingOperand(value)?.mode;
    if (mode && mode !== (def.type === 'date' ? 'date' : 'number')) {
      out.add('E_TYPE_MISMATCH', `${def.path} is a ${def.type}, so op "${op}" needs a ${def.type === 'date' ? 'date' : 'number'}, got ${JSON.stringify(value)}`, [...path, 'value'], {
        ...at,
        sentence: `${fieldName(def)} holds ${TYPE_WORDS[def.type]}: enter a ${def.type === 'date' ? 'date (YYYY-MM-DD)' : 'number'}.`,
      });
    }
  } else if (value !== undefined && !TEXT_OPS.has(op) && def.type !== 'string' && def.type !== 'string[]') {
    const values = Array.isArray(value) ? value : [value];
    const bad = values.find((v) => !valueFits(def.type, v));
    if (bad !== undefined) {
      out.add('E_TYPE_MISMATCH', `${def.path} is a ${def.type}, ${JSON.stringify(bad)} is not`, [...path, 'value'], {
        ...at,
        sentence: `${fieldName(def)} holds ${TYPE_WORDS[def.type]}; ${formatValue(bad)} is not one of them.`,
      });
    }
  }
}

function checkField(field: string, path: Path, nodeId: string, fields: FieldLookup, out: IssueList): FieldDef | 'open' | undefined {
  const def = fields.find(field);
  if (!def) {
    const hint = fields.suggest(field);
    const hinted = hint ? fields.find(hint) : undefined;
    out.add('E_UNKNOWN_FIELD', `field "${field}" is unknown${hint ? ` (did you mean "${hint}"?)` : ''}`, path, {
      nodeId,
      sentence: field
        ? `This app has no field "${field}".${hinted && hinted !== 'open' ? ` Did you mean ${fieldName(hinted)}?` : ' Choose one of its fields.'}`
        : 'Choose a field.',
    });
  }
  return def;
}

export function checkWhen(when: When, path: Path, nodeId: string, fields: FieldLookup, out: IssueList): void {
  if (isWhenLeaf(when)) return checkLeaf(when, path, nodeId, fields, out);
  if ('all' in when) when.all.forEach((w, i) => checkWhen(w, [...path, 'all', i], nodeId, fields, out));
  else if ('any' in when) when.any.forEach((w, i) => checkWhen(w, [...path, 'any', i], nodeId, fields, out));
  else checkWhen(when.not, [...path, 'not'], nodeId, fields, out);
}

function checkWritable(field: string, path: Path, nodeId: string, fields: FieldLookup, out: IssueList): FieldDef | 'open' | undefined {
  const def = checkField(field, path, nodeId, fields, out);
  if (def && def !== 'open' && def.readOnly) {
    out.add('E_READ_ONLY_FIELD', `${def.path} is read-only; rules cannot change it`, path, {
      nodeId,
      sentence: `${fieldName(def)} is filled in by the app, so a rule cannot change it; choose another field.`,
    });
  }
  return def;
}

function checkPlaceholders(text: string, path: Path, nodeId: string, fields: FieldLookup, out: IssueList): boolean {
  const refs = placeholderFields(text);
  for (const f of refs) checkField(f, path, nodeId, fields, out);
  return refs.length > 0;
}

export function checkAction(action: ActionDo, path: Path, nodeId: string, fields: FieldLookup, out: IssueList): void {
  const at = { nodeId };
  switch (action.op) {
    case 'set': {
      const def = checkWritable(action.field, [...path, 'field'], nodeId, fields, out);
      const templated = typeof action.value === 'string' && checkPlaceholders(action.value, [...path, 'value'], nodeId, fields, out);
      if (def && def !== 'open') {
        if (def.type === 'string[]') {
          out.add('E_TYPE_MISMATCH', `${def.path} is a list; use add/remove actions instead of set`, [...path, 'field'], {
            ...at,
            sentence: `${fieldName(def)} is a list: change it with the add and remove actions instead.`,
          });
        } else if (!templated && !valueFits(def.type, action.value)) {
          out.add('E_TYPE_MISMATCH', `${def.path} is a ${def.type}, ${JSON.stringify(action.value)} is not`, [...path, 'value'], {
            ...at,
            sentence: `${fieldName(def)} holds ${TYPE_WORDS[def.type]}; ${formatValue(action.value)} is not one of them.`,
          });
        }
      }
      return;
    }
    case 'clear':
      checkWritable(action.field, [...path, 'field'], nodeId, fields, out);
      return;
    case 'copy': {
      const from = checkField(action.from, [...path, 'from'], nodeId, fields, out);
      const to = checkWritable(action.to, [...path, 'to'], nodeId, fields, out);
      if (from && to && from !== 'open' && to !== 'open' && from.type !== to.type && !(to.type === 'string' && from.type !== 'string[]')) {
        out.add('E_TYPE_MISMATCH', `cannot copy ${from.path} (${from.type}) into ${to.path} (${to.type})`, [...path, 'to'], {
          ...at,
          sentence: `${fieldName(from)} holds ${TYPE_WORDS[from.type]} and cannot be copied into ${fieldName(to)}, which holds ${TYPE_WORDS[to.type]}.`,
        });
      }
      return;
    }
    case 'format': {
      const def = checkWritable(action.field, [...path, 'field'], nodeId, fields, out);
      if (def && def !== 'open' && def.type !== 'string' && def.type !== 'string[]') {
        out.add('E_TYPE_MISMATCH', `format needs a text field; ${def.path} is a ${def.type}`, [...path, 'field'], {
          ...at,
          sentence: `Only text can be formatted; ${fieldName(def)} holds ${TYPE_WORDS[def.type]}.`,
        });
      }
      return;
    }
    case 'setOwner':
      checkPlaceholders(action.value, [...path, 'value'], nodeId, fields, out);
      return;
    default:
      return;
  }
}
