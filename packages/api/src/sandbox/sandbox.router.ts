import { sandboxDealInput, sandboxPersonInput, sandboxProspectInput } from '@sluice/connectors';
import { UserError } from '@sluice/core';
import { z } from 'zod';
import type { ApiContext } from '../context';
import { editorProcedure, viewerProcedure, router } from '../trpc';

type AuthedCtx = ApiContext & { user: NonNullable<ApiContext['user']> };

function editor(ctx: AuthedCtx) {
  if (!ctx.sandbox) throw new UserError('E_NO_SANDBOX', 'The sandbox apps are not available on this server.');
  return ctx.sandbox;
}

/** After an edit, active connections that use a sandbox app run soon, so the change is seen flowing. */
async function nudge(ctx: AuthedCtx): Promise<void> {
  for (const c of await ctx.db.connections.list(ctx.user.workspaceId)) {
    const apps = [c.settings.apps.a.connector, c.settings.apps.b.connector];
    if (c.status === 'active' && apps.some((a) => a.startsWith('sandbox-'))) ctx.engine.wake({ workspaceId: ctx.user.workspaceId, connectionId: c.id });
  }
}

const page = z.object({ afterId: z.string().min(1).max(1000).optional(), limit: z.number().int().min(1).max(500).default(50) }).strict().optional();
const id = z.string().min(1).max(200);

function found<T>(value: T | undefined, what: string, key: string): T {
  if (value === undefined) throw new UserError('E_NOT_FOUND', `The sandbox has no ${what} "${key}".`);
  return value;
}

/** The two demo apps' records, viewable and editable, so a user sees changes flow through a connection live. */
export const sandboxRouter = router({
  /** Fills the workspace's sandbox with the 500 demo contacts (once). */
  seed: editorProcedure.mutation(async ({ ctx }) => ({ seeded: (await editor(ctx).seed(ctx.user.workspaceId)) ?? null })),

  crm: router({
    list: viewerProcedure.input(page).query(({ ctx, input }) => editor(ctx).crm.listPeople(ctx.user.workspaceId, input ?? {})),
    get: viewerProcedure.input(z.object({ id }).strict()).query(async ({ ctx, input }) => found(await editor(ctx).crm.getPerson(ctx.user.workspaceId, input.id), 'person', input.id)),
    create: editorProcedure.input(sandboxPersonInput).mutation(async ({ ctx, input }) => {
      const contact = await editor(ctx).crm.createPerson(ctx.user.workspaceId, input);
      await nudge(ctx);
      return contact;
    }),
    update: editorProcedure.input(z.object({ id, patch: sandboxPersonInput }).strict()).mutation(async ({ ctx, input }) => {
      const contact = await editor(ctx).crm.updatePerson(ctx.user.workspaceId, input.id, input.patch);
      await nudge(ctx);
      return contact;
    }),
    delete: editorProcedure.input(z.object({ id }).strict()).mutation(async ({ ctx, input }) => {
      await editor(ctx).crm.deletePerson(ctx.user.workspaceId, input.id);
      await nudge(ctx);
      return { deleted: true };
    }),
    deals: viewerProcedure.input(z.object({ personId: id }).strict()).query(({ ctx, input }) => editor(ctx).crm.listDeals(ctx.user.workspaceId, input.personId)),
    addDeal: editorProcedure.input(z.object({ personId: id, deal: sandboxDealInput }).strict()).mutation(async ({ ctx, input }) => {
      const contact = await editor(ctx).crm.addDeal(ctx.user.workspaceId, input.personId, input.deal);
      await nudge(ctx);
      return contact;
    }),
    updateDeal: editorProcedure.input(z.object({ dealId: id, patch: sandboxDealInput.partial().strict() }).strict()).mutation(async ({ ctx, input }) => {
      const contact = await editor(ctx).crm.updateDeal(ctx.user.workspaceId, input.dealId, input.patch);
      await nudge(ctx);
      return contact;
    }),
  }),

  outreach: router({
    list: viewerProcedure.input(page).query(({ ctx, input }) => editor(ctx).outreach.listProspects(ctx.user.workspaceId, input ?? {})),
    get: viewerProcedure.input(z.object({ id }).strict()).query(async ({ ctx, input }) => found(await editor(ctx).outreach.getProspect(ctx.user.workspaceId, input.id), 'prospect', input.id)),
    create: editorProcedure.input(sandboxProspectInput).mutation(async ({ ctx, input }) => {
      const contact = await editor(ctx).outreach.createProspect(ctx.user.workspaceId, input);
      await nudge(ctx);
      return contact;
    }),
    update: editorProcedure.input(z.object({ id, patch: sandboxProspectInput }).strict()).mutation(async ({ ctx, input }) => {
      const contact = await editor(ctx).outreach.updateProspect(ctx.user.workspaceId, input.id, input.patch);
      await nudge(ctx);
      return contact;
    }),
    delete: editorProcedure.input(z.object({ id }).strict()).mutation(async ({ ctx, input }) => {
      await editor(ctx).outreach.deleteProspect(ctx.user.workspaceId, input.id);
      await nudge(ctx);
      return { deleted: true };
    }),
  }),
});
