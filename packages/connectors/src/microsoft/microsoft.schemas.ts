import { z } from 'zod';

// The parts of Microsoft Graph v1.0 answers the connector relies on; anything else Graph sends is
// ignored, anything missing or mistyped here is refused before a single record is used.

export const msAddressSchema = z.object({
  street: z.string().nullish(),
  city: z.string().nullish(),
  postalCode: z.string().nullish(),
  state: z.string().nullish(),
  countryOrRegion: z.string().nullish(),
});
export type MsAddress = z.infer<typeof msAddressSchema>;

const strings = z.array(z.string().nullable()).nullish();

export const msContactSchema = z.object({
  id: z.string().min(1),
  givenName: z.string().nullish(),
  surname: z.string().nullish(),
  displayName: z.string().nullish(),
  emailAddresses: z.array(z.object({ address: z.string().nullish(), name: z.string().nullish() })).nullish(),
  businessPhones: strings,
  homePhones: strings,
  mobilePhone: z.string().nullish(),
  companyName: z.string().nullish(),
  jobTitle: z.string().nullish(),
  department: z.string().nullish(),
  businessHomePage: z.string().nullish(),
  businessAddress: msAddressSchema.nullish(),
  homeAddress: msAddressSchema.nullish(),
  categories: strings,
  lastModifiedDateTime: z.string().nullish(),
  parentFolderId: z.string().nullish(),
});
export type MsContact = z.infer<typeof msContactSchema>;

/** A delta item: a contact, or only its id and `@removed` when it left the folder (deleted or moved). */
export const msDeltaItemSchema = z.union([
  z.object({ id: z.string().min(1), '@removed': z.object({ reason: z.string().nullish() }) }),
  msContactSchema,
]);
export type MsDeltaItem = z.infer<typeof msDeltaItemSchema>;

/** One page of a delta round: `@odata.nextLink` while the round goes on, `@odata.deltaLink` on its last page. */
export const msDeltaPageSchema = z
  .object({
    value: z.array(msDeltaItemSchema),
    '@odata.nextLink': z.string().nullish(),
    '@odata.deltaLink': z.string().nullish(),
  })
  .refine((p) => Boolean(p['@odata.nextLink']) !== Boolean(p['@odata.deltaLink']), { message: 'a delta page carries exactly one of @odata.nextLink and @odata.deltaLink' });

export const msContactsPageSchema = z.object({ value: z.array(msContactSchema), '@odata.nextLink': z.string().nullish() });

export const msFolderSchema = z.object({ id: z.string().min(1), displayName: z.string().nullish(), parentFolderId: z.string().nullish() });
export const msFoldersPageSchema = z.object({ value: z.array(msFolderSchema), '@odata.nextLink': z.string().nullish() });
