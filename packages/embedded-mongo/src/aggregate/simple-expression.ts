/**
 * The aggregation expressions that only move values — field paths (`'$address.city'`), `$$ROOT`
 * and `$$CURRENT`, literals, `{ $literal }`, and documents and arrays of those — evaluated here
 * on exactly typed documents, so every value comes out with the BSON type it went in with.
 * Expressions that compute (`$add`, `$concat`, …) are not simple: the stage holding one is run
 * by mingo (see aggregate-pipeline). Pure.
 */
import { isDocument } from '../query/field-path';

type Doc = Record<string, unknown>;

/** Whether `expr` is made only of field paths, the root variables and literals. */
export function isSimpleExpression(expr: unknown): boolean {
  if (typeof expr === 'string') return !expr.startsWith('$$') || /^\$\$(ROOT|CURRENT)(\..+)?$/.test(expr);
  if (Array.isArray(expr)) return expr.every(isSimpleExpression);
  if (!isDocument(expr)) return true;
  const keys = Object.keys(expr);
  if (keys.length === 1 && keys[0] === '$literal') return true;
  return keys.every((k) => !k.startsWith('$') && !k.includes('.')) && Object.values(expr).every(isSimpleExpression);
}

/** The value of a field path, MongoDB style: through an array it gives the array of what each element holds. */
export function fieldPathValue(value: unknown, parts: readonly string[], i = 0): unknown {
  if (i === parts.length) return value;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      const v = fieldPathValue(item, parts, i);
      if (v !== undefined) out.push(v);
    }
    return out;
  }
  if (!isDocument(value)) return undefined;
  return fieldPathValue(value[parts[i]!], parts, i + 1);
}

/**
 * Evaluates a simple expression against a document; `undefined` when a field path finds nothing
 * (a field so computed is left out of the output).
 * @example evaluate({ city: '$address.city' }, doc) // { city: 'Ghent' }
 */
export function evaluate(expr: unknown, doc: Doc): unknown {
  if (typeof expr === 'string' && expr.startsWith('$')) {
    if (expr.startsWith('$$')) {
      const dot = expr.indexOf('.');
      return dot < 0 ? doc : fieldPathValue(doc, expr.slice(dot + 1).split('.'));
    }
    return fieldPathValue(doc, expr.slice(1).split('.'));
  }
  if (Array.isArray(expr)) return expr.map((e) => evaluate(e, doc) ?? null);
  if (!isDocument(expr)) return expr;
  if (Object.hasOwn(expr, '$literal')) return expr.$literal;
  const out: Doc = {};
  for (const [k, e] of Object.entries(expr)) {
    const v = evaluate(e, doc);
    if (v !== undefined) out[k] = v;
  }
  return out;
}
