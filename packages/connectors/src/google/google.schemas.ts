import { z } from 'zod';

// The parts of Google People API v1 answers the connector relies on; the rest is ignored.

const item = <T extends z.ZodRawShape>(shape: T) => z.array(z.object(shape)).nullish();

export const gPersonSchema = z.object({
  resourceName: z.string(),
  etag: z.string().nullish(),
  metadata: z
    .object({
      deleted: z.boolean().nullish(),
      sources: z.array(z.object({ type: z.string().nullish(), updateTime: z.string().nullish() })).nullish(),
    })
    .nullish(),
  names: item({ givenName: z.string().nullish(), familyName: z.string().nullish(), displayName: z.string().nullish() }),
  emailAddresses: item({ value: z.string().nullish(), type: z.string().nullish() }),
  phoneNumbers: item({ value: z.string().nullish(), type: z.string().nullish() }),
  organizations: item({ name: z.string().nullish(), title: z.string().nullish() }),
  addresses: item({
    streetAddress: z.string().nullish(),
    city: z.string().nullish(),
    postalCode: z.string().nullish(),
    region: z.string().nullish(),
    country: z.string().nullish(),
  }),
  urls: item({ value: z.string().nullish() }),
  memberships: item({ contactGroupMembership: z.object({ contactGroupResourceName: z.string().nullish() }).nullish() }),
  userDefined: item({ key: z.string().nullish(), value: z.string().nullish() }),
});
export type GPerson = z.infer<typeof gPersonSchema>;

export const gConnectionsSchema = z.object({
  connections: z.array(gPersonSchema).nullish(),
  nextPageToken: z.string().nullish(),
  nextSyncToken: z.string().nullish(),
});

export const gBatchGetSchema = z.object({
  responses: z.array(z.object({ person: gPersonSchema.nullish(), requestedResourceName: z.string().nullish(), httpStatusCode: z.number().nullish() })).nullish(),
});

export const gSearchSchema = z.object({ results: z.array(z.object({ person: gPersonSchema })).nullish() });

const status = z.object({ code: z.number().nullish(), message: z.string().nullish() }).nullish();

export const gBatchCreateSchema = z.object({
  createdPeople: z.array(z.object({ person: gPersonSchema.nullish(), httpStatusCode: z.number().nullish(), status })),
});

export const gBatchUpdateSchema = z.object({
  updateResult: z.record(z.string(), z.object({ person: gPersonSchema.nullish(), httpStatusCode: z.number().nullish(), status })),
});

export const gGroupSchema = z.object({
  resourceName: z.string(),
  name: z.string().nullish(),
  formattedName: z.string().nullish(),
  groupType: z.string().nullish(),
});
export const gGroupsSchema = z.object({ contactGroups: z.array(gGroupSchema).nullish(), nextPageToken: z.string().nullish() });
