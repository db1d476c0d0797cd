import { z } from 'zod';

/** A value an option field holds: a dropdown's text, a number, a yes/no. */
export const tableValueSchema = z.union([z.string().max(500), z.number(), z.boolean()]);
export type TableValue = z.infer<typeof tableValueSchema>;

/**
 * One row of a value table: A's value ↔ B's value. `direction` keeps a row to one way, which is
 * how a table says which value wins on the way back when two values map to one.
 */
export const valuePairSchema = z
  .object({
    a: tableValueSchema,
    b: tableValueSchema,
    direction: z.enum(['both', 'aToB', 'bToA']).optional(),
  })
  .strict();
export type ValuePair = z.infer<typeof valuePairSchema>;

/** What a value with no pair becomes: nothing (`skip`), itself (`copy`), or a fixed value. */
export const otherwiseRuleSchema = z.union([z.enum(['skip', 'copy']), z.object({ value: tableValueSchema }).strict()]);
export type OtherwiseRule = z.infer<typeof otherwiseRuleSchema>;

/** One rule for both ways, or one per way (`{ "aToB": …, "bToA": … }`, each defaulting to `skip`). */
export const otherwiseSchema = z.union([
  otherwiseRuleSchema,
  z.object({ aToB: otherwiseRuleSchema.optional(), bToA: otherwiseRuleSchema.optional() }).strict(),
]);
export type Otherwise = z.infer<typeof otherwiseSchema>;

/** The rule for one way of a table. Pure. */
export function otherwiseFor(otherwise: Otherwise | undefined, way: 'aToB' | 'bToA'): OtherwiseRule {
  if (otherwise === undefined) return 'skip';
  if (typeof otherwise === 'string' || 'value' in otherwise) return otherwise;
  return otherwise[way] ?? 'skip';
}

/** How table values compare: as text, trimmed, ignoring case ("Lead" pairs with "lead "). Pure. */
export function tableKey(value: unknown): string {
  return String(value).trim().toLowerCase();
}

/** A value as people read it in a sentence. Pure. */
export const quoted = (value: unknown): string => (typeof value === 'string' ? `"${value}"` : String(value));

/**
 * Why a value table cannot be used the ways its mapping flows, in sentences: a value that turns into
 * two different values on one way (two rows from A's "lead", or on the way back two rows to B's
 * "New") must have all but one of its rows kept to the other way. Pure.
 */
export function valueTableProblems(mapping: { a: string; b: string; direction: 'both' | 'aToB' | 'bToA'; values: readonly ValuePair[] }): string[] {
  const problems: string[] = [];
  const ways = mapping.direction === 'both' ? (['aToB', 'bToA'] as const) : [mapping.direction];
  for (const way of ways) {
    const [from, to] = way === 'aToB' ? (['a', 'b'] as const) : (['b', 'a'] as const);
    const targets = new Map<string, { shown: TableValue; to: Map<string, TableValue> }>();
    for (const row of mapping.values) {
      if (row.direction !== undefined && row.direction !== 'both' && row.direction !== way) continue;
      const key = tableKey(row[from]);
      const entry = targets.get(key) ?? { shown: row[from], to: new Map() };
      entry.to.set(tableKey(row[to]), row[to]);
      targets.set(key, entry);
    }
    for (const { shown, to: many } of targets.values()) {
      if (many.size < 2) continue;
      const values = [...many.values()].map(quoted);
      const list = `${values.slice(0, -1).join(', ')} and ${values.at(-1)}`;
      const other = way === 'aToB' ? 'bToA' : 'aToB';
      const side = from.toUpperCase();
      problems.push(
        way === 'bToA' && mapping.direction === 'both'
          ? `the value table of ${mapping.a} ↔ ${mapping.b} maps ${list} to ${quoted(shown)}, so on the way back ${quoted(shown)} has no single value: mark the rows that should not be used from ${side} with "direction": "${other}"`
          : `the value table of ${mapping.a} ↔ ${mapping.b} turns ${side}'s ${quoted(shown)} into both ${list}: keep one row for ${quoted(shown)} from ${side} and mark the others "direction": "${other}"`,
      );
    }
  }
  return problems;
}
