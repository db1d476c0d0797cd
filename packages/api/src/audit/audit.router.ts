import { AUDIT_TARGETS } from '@sluice/store';
import { z } from 'zod';
import { adminProcedure, router } from '../trpc';

/** Most entries one export call returns; a caller pages through the rest with `next`. */
export const AUDIT_EXPORT_BATCH = 1000;

/**
 * The workspace's audit log, for admins and the owner (docs/security.md, "Roles"): read a page at a
 * time, or exported whole as JSON Lines. Only queries: nothing in the API changes or deletes an entry.
 */
export const auditRouter = router({
  /** One page of entries, newest first, optionally about one kind of thing, one object or one connection. */
  list: adminProcedure
    .input(
      z
        .object({
          page: z.number().int().min(0).max(100_000).default(0),
          pageSize: z.number().int().min(1).max(200).default(50),
          targetType: z.enum(AUDIT_TARGETS).optional(),
          targetId: z.string().min(1).max(1000).optional(),
          /** Entries about this connection or one of its records. */
          connectionId: z.string().min(1).max(1000).optional(),
        })
        .strict(),
    )
    .query(async ({ ctx, input }) => {
      const { entries, total } = await ctx.db.audit.page(ctx.user.workspaceId, input);
      return { entries, total, page: input.page, pageSize: input.pageSize };
    }),

  /**
   * The log oldest first as JSON Lines (one entry per line), `AUDIT_EXPORT_BATCH` entries at a time:
   * pass the answer's `next` as `after` until it is null.
   */
  export: adminProcedure.input(z.object({ after: z.string().min(1).max(200).optional() }).strict()).query(async ({ ctx, input }) => {
    const entries = await ctx.db.audit.after(ctx.user.workspaceId, input.after, AUDIT_EXPORT_BATCH);
    const jsonl = entries.map((e) => `${JSON.stringify(e)}\n`).join('');
    return { jsonl, count: entries.length, next: entries.length === AUDIT_EXPORT_BATCH ? entries.at(-1)!.id : null };
  }),
});
