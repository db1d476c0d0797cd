import { z } from 'zod';

// Answers of Intercom API 2.16 that the connector relies on. Anything else Intercom sends is ignored;
// anything missing or mistyped here is refused before a single record is used.

/** A reference in a contact's embedded lists (tags, companies): Intercom gives ids, not names. */
const refSchema = z.object({ id: z.string().min(1), type: z.string().nullish() });
const embeddedListSchema = z.object({ data: z.array(refSchema).nullish(), total_count: z.number().int().nullish(), has_more: z.boolean().nullish() }).nullish();

export const icContactSchema = z.object({
  id: z.string().min(1),
  role: z.string().nullish(),
  email: z.string().nullish(),
  phone: z.string().nullish(),
  name: z.string().nullish(),
  external_id: z.string().nullish(),
  unsubscribed_from_emails: z.boolean().nullish(),
  /** Unix seconds. */
  updated_at: z.number().int(),
  custom_attributes: z.record(z.string(), z.unknown()).nullish(),
  tags: embeddedListSchema,
  companies: embeddedListSchema,
});
export type IcContact = z.infer<typeof icContactSchema>;

export const icPagesSchema = z
  .object({ next: z.object({ starting_after: z.string().nullish() }).nullish(), per_page: z.number().int().nullish(), total_pages: z.number().int().nullish() })
  .nullish();

export const icContactListSchema = z.object({ data: z.array(icContactSchema), total_count: z.number().int().nullish(), pages: icPagesSchema });

export const icTagSchema = z.object({ id: z.string().min(1), name: z.string() });
export type IcTag = z.infer<typeof icTagSchema>;
export const icTagListSchema = z.object({ data: z.array(icTagSchema) });

export const icCompanySchema = z.object({ id: z.string().min(1), name: z.string().nullish(), company_id: z.string().nullish() });
export type IcCompany = z.infer<typeof icCompanySchema>;
export const icCompanyListSchema = z.object({ data: z.array(icCompanySchema) });
export const icAttachedCompaniesSchema = z.object({ companies: z.array(icCompanySchema).nullish(), data: z.array(icCompanySchema).nullish() });

export const icDataAttributeSchema = z.object({
  name: z.string().min(1),
  full_name: z.string().nullish(),
  label: z.string().nullish(),
  data_type: z.string(),
  options: z.array(z.string()).nullish(),
  api_writable: z.boolean().nullish(),
  custom: z.boolean().nullish(),
  archived: z.boolean().nullish(),
});
export type IcDataAttribute = z.infer<typeof icDataAttributeSchema>;
export const icDataAttributeListSchema = z.object({ data: z.array(icDataAttributeSchema) });

/** `GET /me`: the admin the token belongs to, and its workspace. */
export const icMeSchema = z.object({ id: z.string().min(1), app: z.object({ id_code: z.string().nullish(), name: z.string().nullish() }).nullish() });
