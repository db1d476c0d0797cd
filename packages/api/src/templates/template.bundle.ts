import { mappingSchema } from '@sluice/engine';
import { graphSchema } from '@sluice/graph';
import { z } from 'zod';

export const TEMPLATE_BUNDLE_FORMAT = 'sluice.template/v1' as const;

/**
 * A whole connection's rules as a shareable file: a `sluice.graph/v1` graph per direction plus the
 * custom field mappings. App types only: no credentials, account ids, configs or records.
 */
export const templateBundleSchema = z
  .object({
    format: z.literal(TEMPLATE_BUNDLE_FORMAT),
    name: z.string().min(1).max(1000),
    description: z.string().optional(),
    apps: z.object({ a: z.string().min(1).max(1000), b: z.string().min(1).max(1000) }).strict(),
    mode: z.enum(['two-way', 'a-to-b', 'b-to-a']).optional(),
    graphs: z.object({ aToB: graphSchema.optional(), bToA: graphSchema.optional() }).strict(),
    mappings: z.array(mappingSchema).default([]),
  })
  .strict();
export type TemplateBundle = z.output<typeof templateBundleSchema>;
