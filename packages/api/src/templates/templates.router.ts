import type { Direction } from '@sluice/engine';
import { toTemplate } from '@sluice/graph';
import { UserError, isUserError } from '@sluice/core';
import { z } from 'zod';
import { forgetConnection, loadConnection } from '@sluice/runtime';
import { saveRules, settingsOf } from '../connections/connection.writer';
import { catalogOf } from '../connectors/catalog.loader';
import { adminProcedure, editorProcedure, viewerProcedure, router } from '../trpc';
import { audit, authorOf, connectionTarget } from '../audit/audit.recorder';
import { changesBetween } from '../versions/version-changes';
import { TEMPLATE_BUNDLE_FORMAT, type TemplateBundle } from './template.bundle';
import { galleryTemplate, templateGallery } from './template-gallery';
import { checkTemplateImport } from './template.importer';

const direction = z.enum(['aToB', 'bToA']);
const connectionId = z.string().min(1).max(1000);
const templateSource = z
  .object({ connectionId, direction: direction.optional(), template: z.unknown().optional(), galleryId: z.string().min(1).max(1000).optional() })
  .strict()
  .refine((v) => (v.template === undefined) !== (v.galleryId === undefined), 'give either "template" or "galleryId"');

type AuthedCtx = Parameters<Parameters<typeof viewerProcedure.query>[0]>[0]['ctx'];

/** Checks a template (a file's content or a gallery id) against a connection: what an import would write. */
async function checkAgainst(ctx: AuthedCtx, input: z.infer<typeof templateSource>) {
  const { record, config } = await loadConnection(ctx.db, ctx.user.workspaceId, input.connectionId);
  let template = input.template;
  if (input.galleryId) {
    const found = galleryTemplate(input.galleryId);
    if (!found) throw new UserError('E_NOT_FOUND', `No gallery template "${input.galleryId}".`);
    template = found.graph;
  }
  const [a, b] = await Promise.all([catalogOf(ctx, config.apps, 'a'), catalogOf(ctx, config.apps, 'b')]);
  return { record, config, checked: checkTemplateImport(template, { apps: config.apps, direction: input.direction, catalogs: { a, b } }) };
}

/** Whether a thrown check means "does not fit", with the reasons for a person. */
function misfit(e: unknown): string[] | null {
  if (!isUserError(e) || e.code !== 'E_TEMPLATE_MISMATCH') return null;
  const sentences = (e.details as { sentences?: unknown } | undefined)?.sentences;
  return Array.isArray(sentences) ? sentences.map(String) : [e.message];
}

/** Templates: export a connection's rules with nothing account-specific, import them checked, a gallery, saved templates. */
export const templatesRouter = router({
  /**
   * The built-in templates. For a connection (and direction), each says whether it fits that
   * connection's apps and, when not, why, so a person sees it before choosing it.
   */
  gallery: viewerProcedure
    .input(z.object({ connectionId, direction: direction.optional() }).strict().optional())
    .query(async ({ ctx, input }) => {
      const items = templateGallery.map((t) => ({ id: t.id, title: t.title, summary: t.summary, sourceApp: t.graph.source.app, targetApp: t.graph.target.app, graph: t.graph }));
      if (!input) return items.map((t) => ({ ...t, fit: null }));
      return Promise.all(
        items.map(async (t) => {
          try {
            await checkAgainst(ctx, { connectionId: input.connectionId, direction: input.direction, galleryId: t.id });
            return { ...t, fit: { ok: true, problems: [] as string[] } };
          } catch (e) {
            const problems = misfit(e);
            if (!problems) throw e;
            return { ...t, fit: { ok: false, problems } };
          }
        }),
      );
    }),

  /** What importing a template would write into a connection, checked like an import, saving nothing (to open it as a draft). */
  check: viewerProcedure.input(templateSource).query(async ({ ctx, input }) => (await checkAgainst(ctx, input)).checked),

  /** One direction as a `sluice.graph/v1` file, or (no direction) the whole connection as a `sluice.template/v1` bundle. */
  export: viewerProcedure.input(z.object({ connectionId: z.string().min(1).max(1000), direction: direction.optional() }).strict()).query(async ({ ctx, input }) => {
    const { config } = await loadConnection(ctx.db, ctx.user.workspaceId, input.connectionId);
    if (input.direction) {
      const graph = config.rules[input.direction];
      if (!graph) throw new UserError('E_NOT_FOUND', `The ${input.direction} direction has no rules to export.`);
      return toTemplate(graph);
    }
    const bundle: TemplateBundle = {
      format: TEMPLATE_BUNDLE_FORMAT,
      name: config.name,
      apps: { a: config.apps.a.connector, b: config.apps.b.connector },
      mode: config.mode,
      graphs: {},
      mappings: config.mappings,
    };
    for (const d of ['aToB', 'bToA'] as Direction[]) {
      const g = config.rules[d];
      if (g) bundle.graphs[d] = toTemplate(g);
    }
    return bundle;
  }),

  /** Imports a template file or a gallery template into a connection, after every check passed. */
  import: editorProcedure
    .input(templateSource)
    .mutation(async ({ ctx, input }) => {
      const { record, config, checked } = await checkAgainst(ctx, input);
      const graphs = await saveRules(ctx, record.graphs, checked.graphs);
      const settings = checked.mappings ? { ...settingsOf(config), mappings: checked.mappings } : undefined;
      const updated = await ctx.db.connections.update(ctx.user.workspaceId, input.connectionId, {
        graphs,
        ...(settings ? { settings } : {}),
        now: ctx.now(),
        author: authorOf(ctx, { change: 'template' }),
      });
      forgetConnection(ctx.user.workspaceId, input.connectionId);
      const scope = { workspaceId: ctx.user.workspaceId, connectionId: input.connectionId };
      await ctx.db.checkpoints.clear(scope);
      // A configuration change, as when rules are saved: the machine validates and starts over with
      // the new rules. (Waking it instead started a run with the old state that the next reconcile
      // then stopped, recorded as a failed E_STOPPED run.)
      if (record.status === 'active') await ctx.engine.send(scope, 'configChanged');
      await audit(ctx, {
        action: 'connection.templateImported',
        target: connectionTarget(updated),
        summary: `Imported the template “${Object.values(checked.graphs)[0]?.name ?? input.galleryId ?? 'rules'}” into the connection “${updated.name}” (version ${updated.version}).`,
        details: { version: updated.version, changes: await changesBetween(ctx, ctx.user.workspaceId, record, updated) },
      });
      return { imported: Object.keys(checked.graphs) as Direction[], mappings: checked.mappings?.length ?? 0, tests: checked.tests };
    }),

  /** Saves a connection's rules as a workspace template. */
  save: editorProcedure
    .input(z.object({ connectionId: z.string().min(1).max(1000), name: z.string().trim().min(1).max(100), description: z.string().max(500).optional() }).strict())
    .mutation(async ({ ctx, input }) => {
      const { config } = await loadConnection(ctx.db, ctx.user.workspaceId, input.connectionId);
      const content: TemplateBundle = {
        format: TEMPLATE_BUNDLE_FORMAT,
        name: input.name,
        apps: { a: config.apps.a.connector, b: config.apps.b.connector },
        mode: config.mode,
        graphs: Object.fromEntries((['aToB', 'bToA'] as Direction[]).flatMap((d) => (config.rules[d] ? [[d, toTemplate(config.rules[d])]] : []))),
        mappings: config.mappings,
      };
      return ctx.db.templates.create(ctx.user.workspaceId, {
        name: input.name,
        ...(input.description ? { description: input.description } : {}),
        sourceApp: content.apps.a,
        targetApp: content.apps.b,
        content,
        createdBy: ctx.user.id,
      });
    }),

  list: viewerProcedure.query(({ ctx }) => ctx.db.templates.list(ctx.user.workspaceId)),

  get: viewerProcedure.input(z.object({ id: z.string().min(1).max(1000) }).strict()).query(async ({ ctx, input }) => {
    const t = await ctx.db.templates.get(ctx.user.workspaceId, input.id);
    if (!t) throw new UserError('E_NOT_FOUND', `No template "${input.id}" in this workspace.`);
    return t;
  }),

  delete: adminProcedure.input(z.object({ id: z.string().min(1).max(1000) }).strict()).mutation(async ({ ctx, input }) => {
    if (!(await ctx.db.templates.remove(ctx.user.workspaceId, input.id))) throw new UserError('E_NOT_FOUND', `No template "${input.id}" in this workspace.`);
    return { deleted: true };
  }),
});
