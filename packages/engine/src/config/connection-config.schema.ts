import { graphSchema, shallowRecord } from '@sluice/graph';
import { z } from 'zod';
import { transformsSchema, writeModes } from './transform.schema';
import { otherwiseSchema, valuePairSchema, valueTableProblems } from './value-table.schema';

export const CONNECTION_FORMAT = 'sluice.connection/v1' as const;

/** One side of a connection: which connector, its config, and (stored) which credential it uses. */
export const connectionAppSchema = z
  .object({
    connector: z.string().min(1),
    config: shallowRecord("This app's config").default({}),
    /** Id of an encrypted credential in the vault (never the secret itself). */
    credentialId: z.string().optional(),
  })
  .strict();

export const syncModes = ['two-way', 'a-to-b', 'b-to-a'] as const;
export type SyncMode = (typeof syncModes)[number];

export const fieldRules = ['a', 'b', 'newest', 'merge'] as const;
export type FieldRule = (typeof fieldRules)[number];

export const matchKeys = ['email', 'phone'] as const;

/**
 * A custom field mapping; `a`/`b` are dotted paths, `fullName` joins/splits first and last name.
 * `values` is a value table between two option fields (docs/mappings.md), `otherwise` what a value
 * with no row becomes; `write: "ifEmpty"` fills blank fields only; `transforms` change the value
 * on its way, per way.
 */
export const mappingSchema = z
  .object({
    a: z.string().min(1),
    b: z.string().min(1),
    direction: z.enum(['both', 'aToB', 'bToA']).default('both'),
    values: z.array(valuePairSchema).max(1000).optional(),
    otherwise: otherwiseSchema.optional(),
    write: z.enum(writeModes).optional(),
    transforms: transformsSchema.optional(),
  })
  .strict();
export type MappingSpec = z.infer<typeof mappingSchema>;

/**
 * Custom mappings, where no field takes its value from two of them: two mappings writing B's
 * `custom.sector` (or A's `email`) would race, the last write silently winning. Each clash is an issue
 * at the later mapping, in a sentence.
 */
export const mappingsSchema = z.array(mappingSchema).superRefine((mappings, ctx) => {
  const writers = { a: new Map<string, number>(), b: new Map<string, number>() };
  mappings.forEach((m, i) => {
    if (m.otherwise !== undefined && m.values === undefined) {
      ctx.addIssue({ code: 'custom', path: [i, 'otherwise'], message: `the mapping ${m.a} ↔ ${m.b} has "otherwise" but no "values" table for it to complete` });
    }
    for (const way of ['aToB', 'bToA'] as const) {
      if (m.transforms?.[way]?.length && m.direction !== 'both' && m.direction !== way) {
        const [from, to] = way === 'aToB' ? ['A', 'B'] : ['B', 'A'];
        ctx.addIssue({ code: 'custom', path: [i, 'transforms', way], message: `the mapping ${m.a} ↔ ${m.b} has transforms for ${from} → ${to} but does not flow that way` });
      }
    }
    if (m.values) for (const message of valueTableProblems({ ...m, values: m.values })) ctx.addIssue({ code: 'custom', path: [i, 'values'], message });
    const written: ['a' | 'b', string][] = [];
    if (m.direction !== 'bToA') written.push(['b', m.b]);
    if (m.direction !== 'aToB') written.push(['a', m.a]);
    for (const [side, path] of written) {
      const first = writers[side].get(path);
      if (first === undefined) {
        writers[side].set(path, i);
        continue;
      }
      const other = mappings[first]!;
      ctx.addIssue({
        code: 'custom',
        path: [i],
        message: `app ${side.toUpperCase()}'s field "${path}" already takes its value from the mapping ${other.a} ↔ ${other.b}; a field can be filled by one mapping only`,
      });
    }
  });
});

/** Where a run may create records: in both apps, only in A, only in B, or nowhere (it then only updates matches). */
export const createSides = ['both', 'a', 'b', 'none'] as const;
export type CreateSides = (typeof createSides)[number];

/** `YYYY-MM-DD`, or a full ISO 8601 date-time with its offset. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** Narrows which records a run takes up: `since`, only records changed at or after that date. */
export const scopeSchema = z
  .object({
    since: z
      .string({ error: () => 'must be a date such as "2026-01-31" or "2026-01-31T09:00:00Z"' })
      .refine((v) => ISO_DATE.test(v) && !Number.isNaN(Date.parse(v)), { message: 'must be a date such as "2026-01-31" or "2026-01-31T09:00:00Z"' })
      .optional(),
  })
  .strict();

/**
 * The blast-radius guard: a run whose plan would change more than `maxChanges` records in one app,
 * or more than `maxShare` (0–1) of the records one app holds, waits for approval before its first write.
 */
export const guardSchema = z
  .object({
    maxChanges: z.number({ error: () => 'must be a whole number of records (1 or more)' }).int('must be a whole number of records (1 or more)').positive('must be a whole number of records (1 or more)').optional(),
    maxShare: z.number({ error: () => 'must be a share between 0 and 1, such as 0.2 for 20 %' }).gt(0, 'must be a share between 0 and 1, such as 0.2 for 20 %').max(1, 'must be a share between 0 and 1, such as 0.2 for 20 %').optional(),
  })
  .strict();
export type GuardLimits = z.infer<typeof guardSchema>;

/** `sluice.connection/v1` (DESIGN.md, "Connection format"). Strict: unknown keys are rejected. */
export const connectionConfigSchema = z
  .object({
    format: z.literal(CONNECTION_FORMAT),
    name: z.string().min(1),
    /** Set by storage; bumps on every saved change (history records it). */
    id: z.string().optional(),
    version: z.number().int().nonnegative().optional(),
    apps: z.object({ a: connectionAppSchema, b: connectionAppSchema }).strict(),
    mode: z.enum(syncModes).default('two-way'),
    rules: z.object({ aToB: graphSchema.optional(), bToA: graphSchema.optional() }).strict().default({}),
    conflict: z
      .object({
        winner: z.enum(['a', 'b']).default('a'),
        fields: z.record(z.string(), z.enum(fieldRules)).default({}),
      })
      .strict()
      .default({ winner: 'a', fields: {} }),
    match: z
      .object({
        keys: z.array(z.enum(matchKeys)).min(1).default(['email']),
        /** ISO 3166 country used to read phone numbers written without `+` (e.g. "BE"). */
        defaultCountry: z.string().length(2).optional(),
      })
      .strict()
      .default({ keys: ['email'] }),
    mappings: mappingsSchema.default([]),
    options: z
      .object({
        avoidDuplicates: z.boolean().default(true),
        syncDeletions: z.boolean().default(true),
        syncUnsubscribes: z.boolean().default(true),
        // Optional without defaults: a file without them parses as before (and hashes as before, so
        // records are not all looked at again after an upgrade).
        scope: scopeSchema.optional(),
        create: z.enum(createSides, { error: () => 'must be "both", "a", "b" or "none" (the apps where new records may be created)' }).optional(),
        guard: guardSchema.optional(),
      })
      .strict()
      .default({ avoidDuplicates: true, syncDeletions: true, syncUnsubscribes: true }),
  })
  .strict();

export type ConnectionConfig = z.output<typeof connectionConfigSchema>;
export type ConnectionConfigInput = z.input<typeof connectionConfigSchema>;
