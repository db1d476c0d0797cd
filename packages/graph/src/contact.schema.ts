import { z } from 'zod';

/**
 * The canonical contact every connector reads into and writes from (DESIGN.md, "Canonical contact").
 * Field paths in rules and mappings are dotted: `email`, `address.city`, `deals.count`, `custom.industry`.
 */
export const addressSchema = z
  .object({
    street: z.string().optional(),
    city: z.string().optional(),
    zip: z.string().optional(),
    state: z.string().optional(),
    country: z.string().optional(),
  })
  .strict();

export const dealsSchema = z
  .object({
    count: z.number(),
    open: z.number(),
    won: z.number(),
    value: z.number(),
  })
  .strict();

export const customValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const contactSchema = z
  .object({
    id: z.string(),
    email: z.string().optional(),
    firstName: z.string().optional(),
    lastName: z.string().optional(),
    phone: z.string().optional(),
    mobile: z.string().optional(),
    company: z.string().optional(),
    jobTitle: z.string().optional(),
    website: z.string().optional(),
    address: addressSchema.optional(),
    tags: z.array(z.string()),
    lists: z.array(z.string()),
    owner: z.string().optional(),
    unsubscribed: z.boolean().optional(),
    deleted: z.boolean().optional(),
    deals: dealsSchema.optional(),
    custom: z.record(z.string(), customValueSchema),
    updatedAt: z.string(),
  })
  .strict();

export type Address = z.infer<typeof addressSchema>;
export type Deals = z.infer<typeof dealsSchema>;
export type CustomValue = z.infer<typeof customValueSchema>;
export type Contact = z.infer<typeof contactSchema>;

/** A contact as it may arrive from a file or an API: lists and custom may be missing. Pure. */
export function normalizeContact(input: Partial<Contact> & { id: string }): Contact {
  return {
    ...input,
    tags: input.tags ?? [],
    lists: input.lists ?? [],
    custom: input.custom ?? {},
    updatedAt: input.updatedAt ?? new Date(0).toISOString(),
  };
}
