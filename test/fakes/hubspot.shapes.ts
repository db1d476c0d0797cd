import { z } from 'zod';

// HubSpot does not allow copying its OpenAPI files, so these are the request and response shapes of
// the CRM v3 endpoints as HubSpot's public documentation describes them (contacts basic/batch/search,
// properties, lists memberships). The HubSpot fake checks every request it receives and every answer
// it gives against them; the contract test fails on any mismatch, as Prism does for the other vendors.

const propertyValues = z.record(z.string(), z.string());
const id = z.string().regex(/^\d+$/, 'HubSpot record ids are numeric strings');

export const simplePublicObject = z
  .object({
    id,
    properties: z.record(z.string(), z.string().nullable()),
    createdAt: z.string(),
    updatedAt: z.string(),
    archived: z.boolean(),
    archivedAt: z.string().optional(),
  })
  .strict();

const paging = z.object({ next: z.object({ after: z.string(), link: z.string().optional() }).strict().optional() }).strict();

/** Request shapes, by "METHOD path-pattern". */
export const hubspotRequests = {
  'GET /crm/v3/objects/contacts': z
    .object({
      limit: z.coerce.number().int().min(1).max(100).optional(),
      after: z.string().optional(),
      properties: z.string().optional(),
      archived: z.enum(['true', 'false']).optional(),
    })
    .strict(),
  'POST /crm/v3/objects/contacts/search': z
    .object({
      filterGroups: z
        .array(
          z
            .object({
              filters: z
                .array(
                  z
                    .object({
                      propertyName: z.string(),
                      operator: z.enum(['EQ', 'NEQ', 'LT', 'LTE', 'GT', 'GTE', 'BETWEEN', 'IN', 'NOT_IN', 'HAS_PROPERTY', 'NOT_HAS_PROPERTY', 'CONTAINS_TOKEN', 'NOT_CONTAINS_TOKEN']),
                      value: z.string().optional(),
                      highValue: z.string().optional(),
                      values: z.array(z.string()).max(100).optional(),
                    })
                    .strict(),
                )
                .max(6),
            })
            .strict(),
        )
        .max(5)
        .optional(),
      sorts: z.array(z.object({ propertyName: z.string(), direction: z.enum(['ASCENDING', 'DESCENDING']) }).strict()).max(1).optional(),
      properties: z.array(z.string()).optional(),
      limit: z.number().int().min(1).max(200).optional(),
      after: z.string().optional(),
      query: z.string().optional(),
    })
    .strict(),
  'POST /crm/v3/objects/contacts/batch/read': z
    .object({ properties: z.array(z.string()).optional(), idProperty: z.string().optional(), inputs: z.array(z.object({ id: z.string() }).strict()).min(1).max(100) })
    .strict(),
  'POST /crm/v3/objects/contacts/batch/create': z.object({ inputs: z.array(z.object({ properties: propertyValues }).strict()).min(1).max(100) }).strict(),
  'POST /crm/v3/objects/contacts/batch/update': z.object({ inputs: z.array(z.object({ id, properties: propertyValues }).strict()).min(1).max(100) }).strict(),
  'POST /crm/v3/objects/contacts/batch/upsert': z
    .object({ inputs: z.array(z.object({ idProperty: z.string(), id: z.string(), properties: propertyValues }).strict()).min(1).max(100) })
    .strict(),
  'POST /crm/v4/associations/contacts/deals/batch/read': z.object({ inputs: z.array(z.object({ id: z.string(), after: z.string().optional() }).strict()).min(1).max(1000) }).strict(),
  'POST /crm/v3/objects/deals/batch/read': z
    .object({ properties: z.array(z.string()).optional(), idProperty: z.string().optional(), inputs: z.array(z.object({ id: z.string() }).strict()).min(1).max(100) })
    .strict(),
  'POST /crm/v3/lists': z.object({ name: z.string().min(1), objectTypeId: z.string(), processingType: z.enum(['MANUAL', 'DYNAMIC', 'SNAPSHOT']), filterBranch: z.unknown().optional() }).strict(),
  'PUT /crm/v3/lists/:listId/memberships/add-and-remove': z.object({ recordIdsToAdd: z.array(id), recordIdsToRemove: z.array(id) }).strict(),
} as const;

const listInfo = z.object({ listId: z.string(), name: z.string(), processingType: z.enum(['MANUAL', 'DYNAMIC', 'SNAPSHOT']), objectTypeId: z.string() }).strict();

/** Response shapes (2xx), by the same keys. */
export const hubspotResponses = {
  'GET /crm/v3/objects/contacts': z.object({ results: z.array(simplePublicObject), paging: paging.optional() }).strict(),
  'POST /crm/v3/objects/contacts/search': z.object({ total: z.number().int(), results: z.array(simplePublicObject), paging: paging.optional() }).strict(),
  'BATCH': z
    .object({
      status: z.enum(['PENDING', 'PROCESSING', 'CANCELED', 'COMPLETE']),
      results: z.array(simplePublicObject.extend({ new: z.boolean().optional() })),
      startedAt: z.string(),
      completedAt: z.string(),
      numErrors: z.number().int().optional(),
      errors: z.array(z.object({ status: z.string(), category: z.string(), message: z.string(), context: z.record(z.string(), z.array(z.string())).optional() }).strict()).optional(),
    })
    .strict(),
  'GET /crm/v3/properties/contacts': z
    .object({
      results: z.array(
        z
          .object({
            name: z.string(),
            label: z.string(),
            type: z.enum(['bool', 'enumeration', 'date', 'datetime', 'string', 'number', 'phone_number', 'object_coordinates', 'json']),
            fieldType: z.string(),
            groupName: z.string(),
            hubspotDefined: z.boolean().optional(),
            calculated: z.boolean().optional(),
            modificationMetadata: z.object({ archivable: z.boolean(), readOnlyDefinition: z.boolean(), readOnlyValue: z.boolean(), readOnlyOptions: z.boolean().optional() }).strict(),
            // An enumeration's choices (HubSpot's Property model: label, value, displayOrder, hidden, description).
            options: z
              .array(z.object({ label: z.string(), value: z.string(), displayOrder: z.number().int(), hidden: z.boolean(), description: z.string().optional() }).strict())
              .optional(),
          })
          .strict(),
      ),
    })
    .strict(),
  'GET /crm/v3/lists/records/0-1/:id/memberships': z
    .object({
      results: z.array(z.object({ listId: z.string(), listVersion: z.number().int(), firstAddedTimestamp: z.string(), lastAddedTimestamp: z.string() }).strict()),
      total: z.number().int().optional(),
      paging: paging.optional(),
    })
    .strict(),
  'GET /crm/v3/lists': z.object({ lists: z.array(z.object({ listId: z.string(), name: z.string(), processingType: z.enum(['MANUAL', 'DYNAMIC', 'SNAPSHOT']), objectTypeId: z.string() }).strict()) }).strict(),
  'POST /crm/v4/associations/contacts/deals/batch/read': z
    .object({
      status: z.enum(['PENDING', 'PROCESSING', 'CANCELED', 'COMPLETE']),
      results: z.array(
        z
          .object({
            from: z.object({ id }).strict(),
            to: z.array(z.object({ toObjectId: z.number().int(), associationTypes: z.array(z.object({ category: z.string(), typeId: z.number().int(), label: z.string().nullable() }).strict()) }).strict()),
          })
          .strict(),
      ),
      startedAt: z.string(),
      completedAt: z.string(),
      numErrors: z.number().int().optional(),
      errors: z.array(z.object({ status: z.string(), category: z.string(), message: z.string(), context: z.record(z.string(), z.array(z.string())).optional() }).strict()).optional(),
    })
    .strict(),
  'GET /crm/v3/lists/object-type-id/0-1/name/:name': z.object({ list: listInfo }).strict(),
  'POST /crm/v3/lists': z.object({ list: listInfo }).strict(),
  'PUT /crm/v3/lists/:listId/memberships/add-and-remove': z.object({ recordIdsAdded: z.array(z.string()), recordIdsRemoved: z.array(z.string()), recordsIdsMissing: z.array(z.string()) }).strict(),
  'ERROR': z.object({ status: z.literal('error'), message: z.string(), correlationId: z.string(), category: z.string(), errorType: z.string().optional(), policyName: z.string().optional() }).strict(),
} as const;
