import { z } from 'zod';

// HubSpot CRM v3 answers the connector relies on (per HubSpot's public API documentation).

export const hsObjectSchema = z.object({
  id: z.string(),
  properties: z.record(z.string(), z.string().nullable()),
  updatedAt: z.string().nullish(),
  archived: z.boolean().nullish(),
  archivedAt: z.string().nullish(),
  new: z.boolean().nullish(),
});
export type HsObject = z.infer<typeof hsObjectSchema>;

const paging = z.object({ next: z.object({ after: z.string() }).nullish() }).nullish();

export const hsListSchema = z.object({ results: z.array(hsObjectSchema), paging });
export const hsSearchSchema = z.object({ total: z.number().nullish(), results: z.array(hsObjectSchema), paging });
export const hsBatchSchema = z.object({
  status: z.string().nullish(),
  results: z.array(hsObjectSchema),
  errors: z.array(z.object({ message: z.string().nullish(), category: z.string().nullish(), context: z.record(z.string(), z.array(z.string())).nullish() })).nullish(),
});

export const hsPropertiesSchema = z.object({
  results: z.array(
    z.object({
      name: z.string(),
      label: z.string().nullish(),
      type: z.string(),
      hubspotDefined: z.boolean().nullish(),
      calculated: z.boolean().nullish(),
      modificationMetadata: z.object({ readOnlyValue: z.boolean().nullish() }).nullish(),
      /** An enumeration's choices: `value` is what the API reads and writes, `label` what people see. */
      options: z.array(z.object({ label: z.string(), value: z.string(), hidden: z.boolean().nullish() })).nullish(),
    }),
  ),
});
export type HsProperty = z.infer<typeof hsPropertiesSchema>['results'][number];

export const hsMembershipsSchema = z.object({ results: z.array(z.object({ listId: z.string() })), paging });
export const hsListsSchema = z.object({ lists: z.array(z.object({ listId: z.string(), name: z.string() })) });

export const hsAssociationsSchema = z.object({
  results: z.array(z.object({ from: z.object({ id: z.string() }), to: z.array(z.object({ toObjectId: z.union([z.number(), z.string()]) })) })),
});

const hsListInfo = z.object({ listId: z.string(), name: z.string(), processingType: z.string().nullish() });
export const hsListByNameSchema = z.object({ list: hsListInfo });
export const hsMembershipChangeSchema = z.object({ recordIdsAdded: z.array(z.string()).nullish(), recordIdsRemoved: z.array(z.string()).nullish() });
