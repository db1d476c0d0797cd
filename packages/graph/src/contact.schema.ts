import { z } from 'zod';
import { CONTACT_LIMITS, cappedList, cappedText } from './size-limits';

/**
 * The canonical contact every connector reads into and writes from (DESIGN.md, "Canonical contact").
 * Field paths in rules and mappings are dotted: `email`, `address.city`, `deals.count`, `custom.industry`.
 * Sizes are capped by `CONTACT_LIMITS`.
 */
const text = () => cappedText(CONTACT_LIMITS.text, 'This value');

export const addressSchema = z
  .object({
    street: text().optional(),
    city: text().optional(),
    zip: text().optional(),
    state: text().optional(),
    country: text().optional(),
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

export const customValueSchema = z.union([text(), z.number(), z.boolean(), z.null()]);

const names = (what: string) => cappedList(cappedText(CONTACT_LIMITS.tag, `This ${what}`), CONTACT_LIMITS.listItems, 'This contact', `${what}s`);

export const contactSchema = z
  .object({
    id: cappedText(CONTACT_LIMITS.key, 'This id'),
    email: text().optional(),
    firstName: text().optional(),
    lastName: text().optional(),
    phone: text().optional(),
    mobile: text().optional(),
    company: text().optional(),
    jobTitle: text().optional(),
    website: text().optional(),
    address: addressSchema.optional(),
    tags: names('tag'),
    lists: names('list'),
    owner: text().optional(),
    unsubscribed: z.boolean().optional(),
    deleted: z.boolean().optional(),
    deals: dealsSchema.optional(),
    custom: z.record(cappedText(CONTACT_LIMITS.key, "This custom field's name"), customValueSchema).check((ctx) => {
      const n = Object.keys(ctx.value).length;
      if (n > CONTACT_LIMITS.customFields) ctx.issues.push({ code: 'custom', input: ctx.value, message: `This contact has ${n.toLocaleString('en')} custom fields; at most ${CONTACT_LIMITS.customFields} are allowed.` });
    }),
    updatedAt: cappedText(100, 'This date'),
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
