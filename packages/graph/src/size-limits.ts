import { z } from 'zod';

/**
 * How big a contact may be (docs/security.md, "Rules and resource limits"). A sync passes on no
 * record over these: one that arrives bigger fails alone, with a reason in history (the engine's
 * screening), and the rest of the run goes on.
 */
export const CONTACT_LIMITS = {
  /** Characters of one text value: a field, an address part, a custom value. */
  text: 32_768,
  /** Characters of one tag or list name. */
  tag: 255,
  /** Items in `tags`, and in `lists`. */
  listItems: 1_000,
  /** Custom fields of one contact. */
  customFields: 500,
  /** Characters of a custom field's name, and of a record id. */
  key: 255,
  /**
   * Characters of text in one contact, all fields together: what Sluice stores per record (its link,
   * its history, a batch's outbox entry) stays well under MongoDB's 16 MiB per document.
   */
  recordText: 1_000_000,
} as const;

/**
 * How big a rule graph may be (same document). What a rule writes into every record it passes is
 * capped hardest (a tag: 255 characters, a set value: 4,096), since it is multiplied by the number of
 * records; the rest keeps a hostile template from making validation, storage or reasons costly.
 */
export const GRAPH_LIMITS = {
  /** Levels of one condition: `{ all: [ { not: leaf } ] }` is 3 deep. */
  whenDepth: 20,
  /** Conditions in one `all` or `any` group. */
  groupItems: 200,
  /** Values in an `in` / `notIn` list. */
  valueItems: 1_000,
  /** Characters of a value a condition compares with, and of a `set` value before placeholders. */
  text: 4_096,
  /** Characters of a node id, a field path, an app id, a test's name. */
  name: 200,
  /** Characters of a node's label (labels may be written out from long conditions). */
  label: 10_000,
  /** Characters of the graph's description. */
  description: 5_000,
  nodes: 1_000,
  edges: 5_000,
  tests: 500,
  /** Levels of nested objects and lists in the open parts (an endpoint's config, a test record). */
  jsonDepth: 10,
} as const;

const count = (n: number) => n.toLocaleString('en');

/**
 * A string schema capped at `max` characters, whose refusal is a sentence naming `what`
 * ("This tag is 50,000 characters long; at most 255 are allowed."). Pure.
 */
export function cappedText(max: number, what: string) {
  return z.string().max(max, { error: (issue) => `${what} is ${count(String(issue.input).length)} characters long; at most ${count(max)} are allowed.` });
}

/**
 * An array schema of at most `max` items, refused with a sentence naming `what` and the items
 * (`nouns`): "This rule has 1,500 nodes; at most 1,000 are allowed." Pure.
 */
export function cappedList<T extends z.ZodType>(item: T, max: number, what: string, nouns: string) {
  return z.array(item).max(max, { error: (issue) => `${what} has ${count((issue.input as unknown[]).length)} ${nouns}; at most ${count(max)} are allowed.` });
}

/**
 * How many levels of objects and lists `value` nests (a scalar is 0, `{}` is 1), counted without
 * recursion and no further than `limit + 1`, so that any depth is measured safely. Pure.
 */
export function nestingDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const todo: [unknown, number][] = [[value, 1]];
  while (todo.length > 0) {
    const [v, depth] = todo.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > deepest) deepest = depth;
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(v) ? v : Object.values(v)) todo.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * `Record<string, unknown>` for the open parts of documents, refused with a sentence when nested
 * deeper than `GRAPH_LIMITS.jsonDepth`: code that copies or stores such a value walks it by
 * recursion. Pure.
 */
export function shallowRecord(what: string) {
  return z.record(z.string(), z.unknown()).check((ctx) => {
    if (nestingDepth(ctx.value, GRAPH_LIMITS.jsonDepth) > GRAPH_LIMITS.jsonDepth) {
      ctx.issues.push({ code: 'custom', input: ctx.value, message: `${what} nests more than ${GRAPH_LIMITS.jsonDepth} levels deep; that is the most allowed.` });
    }
  });
}
