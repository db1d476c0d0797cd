import { z } from 'zod';

// Response shapes of Pipedrive API v2 that the connector relies on. Anything else the API sends is
// ignored; anything missing or mistyped here is rejected before a single record is used.

const labelled = z.object({ value: z.string(), primary: z.boolean().optional(), label: z.string().optional() });

export const pdPersonSchema = z.object({
  id: z.number().int(),
  name: z.string().nullish(),
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  owner_id: z.number().int().nullish(),
  org_id: z.number().int().nullish(),
  update_time: z.string(),
  emails: z.array(labelled).nullish(),
  phones: z.array(labelled).nullish(),
  label_ids: z.array(z.number().int()).nullish(),
  job_title: z.string().nullish(),
  is_deleted: z.boolean().nullish(),
  postal_address: z
    .object({
      value: z.string().nullish(),
      route: z.string().nullish(),
      street_number: z.string().nullish(),
      locality: z.string().nullish(),
      postal_code: z.string().nullish(),
      admin_area_level_1: z.string().nullish(),
      country: z.string().nullish(),
    })
    .nullish(),
  custom_fields: z.record(z.string(), z.unknown()).nullish(),
});
export type PdPerson = z.infer<typeof pdPersonSchema>;

const nextCursor = z.object({ next_cursor: z.string().nullish() }).nullish();

export const pdPersonsPageSchema = z.object({ success: z.literal(true), data: z.array(pdPersonSchema).nullable(), additional_data: nextCursor });
export const pdPersonSchemaResponse = z.object({ success: z.literal(true), data: pdPersonSchema });

export const pdFieldSchema = z.object({
  field_name: z.string(),
  field_code: z.string(),
  field_type: z.string(),
  is_custom_field: z.boolean(),
  options: z.array(z.object({ id: z.union([z.number(), z.string()]), label: z.string() })).nullish(),
});
export type PdField = z.infer<typeof pdFieldSchema>;
export const pdFieldsPageSchema = z.object({ success: z.literal(true), data: z.array(pdFieldSchema), additional_data: nextCursor });

export const pdOrgsPageSchema = z.object({
  success: z.literal(true),
  data: z.array(z.object({ id: z.number().int(), name: z.string() })).nullable(),
  additional_data: nextCursor,
});
export const pdOrgSearchSchema = z.object({
  success: z.literal(true),
  data: z.object({ items: z.array(z.object({ item: z.object({ id: z.number().int(), name: z.string().nullish() }) })) }),
});
export const pdOrgResponseSchema = z.object({ success: z.literal(true), data: z.object({ id: z.number().int(), name: z.string() }) });

export const pdDealsPageSchema = z.object({
  success: z.literal(true),
  data: z.array(z.object({ id: z.number().int(), value: z.number().nullish(), status: z.string().nullish() })).nullable(),
  additional_data: nextCursor,
});

export const pdPersonSearchSchema = z.object({
  success: z.literal(true),
  data: z.object({ items: z.array(z.object({ item: z.object({ id: z.number().int() }) })) }),
  additional_data: nextCursor,
});
