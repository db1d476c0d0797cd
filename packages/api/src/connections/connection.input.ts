import { connectionConfigSchema } from '@sluice/engine';
import { z } from 'zod';

/** What the quickstart sends to create a connection: `sluice.connection/v1` without format and storage ids. Strict. */
export const connectionDraftSchema = connectionConfigSchema
  .omit({ format: true, id: true, version: true })
  // A name is a label in lists and history: 100 characters, like a workspace name.
  .extend({ name: z.string().trim().min(1).max(100) });
export type ConnectionDraft = z.output<typeof connectionDraftSchema>;

/** A change to a connection: any subset of the draft's parts. */
export const connectionPatchSchema = z
  .object({
    id: z.string().min(1).max(1000),
    /** The version the client edited; a save in between is refused (E_VERSION_CONFLICT). */
    expectedVersion: z.number().int().positive().optional(),
    patch: connectionDraftSchema.partial().strict(),
  })
  .strict();

export const connectionIdSchema = z.object({ id: z.string().min(1).max(1000) }).strict();
