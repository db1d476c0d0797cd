import { compileRulePattern } from '@sluice/graph';
import { z } from 'zod';
import { tableValueSchema } from './value-table.schema';

const text = (max: number) => z.string().max(max);

/** The tokens a date format may use; everything else is written as it is. */
export const DATE_TOKENS = ['YYYY', 'MM', 'DD', 'HH', 'mm', 'ss'] as const;

const dateFormat = text(40).refine((f) => f.includes('YYYY') && f.includes('MM') && f.includes('DD'), {
  message: 'a date format needs YYYY, MM and DD (and may use HH, mm, ss), e.g. "DD/MM/YYYY"',
});

/**
 * One step of a mapping's transforms: a small declared vocabulary, no code. Each step takes the
 * value the step before produced (the field's own value first) and gives the next.
 */
export const transformSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('trim') }).strict(),
  z.object({ op: z.literal('lowercase') }).strict(),
  z.object({ op: z.literal('uppercase') }).strict(),
  z.object({ op: z.literal('titleCase') }).strict(),
  z
    .object({
      op: z.literal('replace'),
      /** A regular expression, matched ignoring case and in linear time (as rule conditions). */
      pattern: text(1000).min(1).superRefine((source, ctx) => {
        const compiled = compileRulePattern(source);
        if (!compiled.ok) ctx.addIssue({ code: 'custom', message: `pattern /${source}/ ${compiled.problem}` });
      }),
      /** What each match becomes; `$1` is the first group. */
      with: text(1000).default(''),
    })
    .strict(),
  z
    .object({
      op: z.literal('split'),
      separator: text(20).min(1),
      /** Which part to keep, from 0; negative counts from the end (-1 is the last). */
      part: z.number().int().min(-50).max(50),
      /** Keep that part and everything after it (the rest of a name after the first word). */
      rest: z.boolean().optional(),
    })
    .strict(),
  z
    .object({
      op: z.literal('join'),
      /** Other fields of the same record, appended in order after the value; blank ones are left out. */
      fields: z.array(text(200).min(1)).min(1).max(10),
      separator: text(20).default(' '),
    })
    .strict(),
  z.object({ op: z.literal('prefix'), value: text(200).min(1) }).strict(),
  z.object({ op: z.literal('suffix'), value: text(200).min(1) }).strict(),
  z.object({ op: z.literal('constant'), value: tableValueSchema }).strict(),
  z
    .object({
      op: z.literal('date'),
      /** How the value is written; ISO 8601 when left out. */
      from: dateFormat.optional(),
      /** How to write it; ISO 8601 (`YYYY-MM-DD`) when left out. */
      to: dateFormat.optional(),
    })
    .strict(),
  z
    .object({
      op: z.literal('number'),
      /** The decimal mark of the text; thousands separators (the other mark, spaces) are dropped. */
      decimal: z.enum(['.', ',']).default('.'),
    })
    .strict(),
  z.object({ op: z.literal('text') }).strict(),
  z
    .object({
      op: z.literal('e164'),
      /** ISO 3166 country for numbers written without `+` ("BE"); else the connection's match country. */
      country: z.string().length(2).optional(),
    })
    .strict(),
]);
export type Transform = z.infer<typeof transformSchema>;
export type TransformOp = Transform['op'];

/** Transforms per way a mapping flows. */
export const transformsSchema = z
  .object({ aToB: z.array(transformSchema).max(20).optional(), bToA: z.array(transformSchema).max(20).optional() })
  .strict();
export type Transforms = z.infer<typeof transformsSchema>;

/** `always` (the conflict settings decide) or `ifEmpty` (fill a blank target only, never overwrite). */
export const writeModes = ['always', 'ifEmpty'] as const;
export type WriteMode = (typeof writeModes)[number];
