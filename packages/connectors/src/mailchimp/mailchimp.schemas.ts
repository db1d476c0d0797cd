import { z } from 'zod';

// Answers of Mailchimp Marketing API 3.0 that the connector relies on. Anything else Mailchimp sends is
// ignored; anything missing or mistyped here is refused before a single record is used.

/** The ADDRESS merge field as Mailchimp stores it; an empty address comes back as "". */
export const mcAddressSchema = z.object({
  addr1: z.string().nullish(),
  addr2: z.string().nullish(),
  city: z.string().nullish(),
  state: z.string().nullish(),
  zip: z.string().nullish(),
  country: z.string().nullish(),
});
export type McAddress = z.infer<typeof mcAddressSchema>;

const mergeValue = z.union([z.string(), z.number(), mcAddressSchema, z.null()]);

export const mcMemberSchema = z.object({
  /** The subscriber hash: MD5 of the lower-cased email address. */
  id: z.string().min(1),
  /** Stays when the email address changes; Mailchimp takes it in member paths too. */
  contact_id: z.string().nullish(),
  email_address: z.string(),
  status: z.string(),
  merge_fields: z.record(z.string(), mergeValue).nullish(),
  tags: z.array(z.object({ id: z.number().nullish(), name: z.string() })).nullish(),
  last_changed: z.string().nullish(),
});
export type McMember = z.infer<typeof mcMemberSchema>;

export const mcMembersPageSchema = z.object({ members: z.array(mcMemberSchema), total_items: z.number().int().nullish() });

export const mcMergeFieldSchema = z.object({
  merge_id: z.number().int().nullish(),
  tag: z.string().min(1),
  name: z.string(),
  type: z.string(),
  required: z.boolean().nullish(),
  options: z.object({ choices: z.array(z.string()).nullish() }).nullish(),
});
export type McMergeField = z.infer<typeof mcMergeFieldSchema>;
export const mcMergeFieldsPageSchema = z.object({ merge_fields: z.array(mcMergeFieldSchema), total_items: z.number().int().nullish() });

export const mcListsPageSchema = z.object({
  lists: z.array(z.object({ id: z.string().min(1), name: z.string(), stats: z.object({ member_count: z.number().nullish() }).nullish() })),
  total_items: z.number().int().nullish(),
});
export const mcListSchema = z.object({ id: z.string().min(1), name: z.string() });

export const mcPingSchema = z.object({ health_status: z.string().nullish() });

/** Batch subscribe (`POST /lists/{list_id}`): the members it created or updated, and the ones it refused. */
export const mcBatchResultSchema = z.object({
  new_members: z.array(mcMemberSchema).nullish(),
  updated_members: z.array(mcMemberSchema).nullish(),
  errors: z
    .array(z.object({ email_address: z.string().nullish(), error: z.string().nullish(), error_code: z.string().nullish(), field: z.string().nullish(), field_message: z.string().nullish() }))
    .nullish(),
});

/** Mailchimp's OAuth metadata: the data centre an access token belongs to. */
export const mcOAuthMetadataSchema = z.object({ dc: z.string().regex(/^[a-z]+\d+$/) });
