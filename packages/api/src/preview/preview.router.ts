import { CONNECTION_FORMAT, connectionConfigSchema } from '@sluice/engine';
import { z } from 'zod';
import { loadConnectionRecent } from '@sluice/runtime';
import { connectionDraftSchema } from '../connections/connection.input';
import { checkApps } from '../connections/connection.writer';
import { editorProcedure, router } from '../trpc';
import { runPreview } from './preview.service';

/** Records one preview reads (the editor asks for 200); what it answers is capped by size (`RequestWork`). */
const MAX_SAMPLE = 1000;

/**
 * The live preview of a connection draft: a saved connection with unsaved edits (`connectionId` +
 * `draft` parts), a saved one as it is (`connectionId`), or a new one (`draft` with apps).
 */
export const previewRouter = router({
  run: editorProcedure
    .input(
      z
        .object({
          connectionId: z.string().min(1).max(1000).optional(),
          draft: connectionDraftSchema.partial().strict().optional(),
          direction: z.enum(['aToB', 'bToA']).default('aToB'),
          sampleSize: z.number().int().min(1).max(MAX_SAMPLE, { error: `A preview reads at most ${MAX_SAMPLE} records; ask for fewer.` }).default(50),
          /** Read the sample from the apps again instead of the cached one. */
          refresh: z.boolean().default(false),
          /** Add each record's full trace through the graph (node by node). */
          trace: z.boolean().default(false),
          /** `sample.fetchedAt` of the sample the client holds: records and matched records are then left out. */
          knownSample: z.number().int().optional(),
        })
        .strict()
        .refine((v) => v.connectionId !== undefined || v.draft?.apps !== undefined, 'give a connectionId, or a draft with apps'),
    )
    .query(async ({ ctx, input }) => {
      ctx.work.readFromApps('preview');
      const saved = input.connectionId ? await loadConnectionRecent(ctx.db, ctx.user.workspaceId, input.connectionId) : null;
      const base = saved ? saved.config : { format: CONNECTION_FORMAT, name: 'Draft', apps: input.draft!.apps! };
      const merged = { ...base, ...(input.draft ?? {}), format: CONNECTION_FORMAT, name: input.draft?.name ?? base.name, rules: input.draft?.rules ?? saved?.config.rules ?? {} };
      const config = connectionConfigSchema.parse(merged);
      if (!saved || input.draft?.apps) await checkApps(ctx, config.apps);
      return runPreview(ctx, {
        config,
        ...(input.connectionId ? { connectionId: input.connectionId } : {}),
        direction: input.direction,
        sampleSize: input.sampleSize,
        refresh: input.refresh,
        includeTrace: input.trace,
        ...(input.knownSample !== undefined ? { knownSample: input.knownSample } : {}),
        saved: saved ? (saved.config.rules[input.direction] ?? null) : null,
      });
    }),
});
