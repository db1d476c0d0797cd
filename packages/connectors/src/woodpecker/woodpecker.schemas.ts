import { z } from 'zod';

// Woodpecker API v1 answers the connector relies on. Text fields may be missing or null.
const text = z.string().nullish();

export const wpProspectSchema = z
  .object({
    id: z.number().int(),
    email: text,
    first_name: text,
    last_name: text,
    company: text,
    industry: text,
    website: text,
    linkedin_url: text,
    tags: text,
    title: text,
    phone: text,
    address: text,
    city: text,
    state: text,
    country: text,
    status: text,
    updated: text,
  })
  .catchall(z.unknown());
export type WpProspect = z.infer<typeof wpProspectSchema>;

export const wpProspectListSchema = z.array(wpProspectSchema);

export const wpAddResultSchema = z.object({
  prospects: z.array(z.object({ email: text, id: z.number().int().nullish(), status: text, msg: text })).nullish(),
  status: z.object({ status: text, code: text, msg: text }).nullish(),
});
