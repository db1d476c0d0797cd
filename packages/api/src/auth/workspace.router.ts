import { UserError } from '@sluice/core';
import { z } from 'zod';
import { audit } from '../audit/audit.recorder';
import { adminProcedure, router, signedInProcedure, viewerProcedure } from '../trpc';
import { forgetSession } from './session.resolver';

/** The workspace the session works in: its name, renaming it, switching to another one. */
export const workspaceRouter = router({
  get: viewerProcedure.query(async ({ ctx }) => {
    const workspace = await ctx.db.workspaces.get(ctx.user.workspaceId);
    if (!workspace) throw new UserError('E_NOT_FOUND', 'This workspace no longer exists.');
    return { id: workspace.id, name: workspace.name, role: ctx.user.role };
  }),

  rename: adminProcedure.input(z.object({ name: z.string().trim().min(1).max(100) }).strict()).mutation(async ({ ctx, input }) => {
    const before = await ctx.db.workspaces.get(ctx.user.workspaceId);
    await ctx.db.workspaces.rename(ctx.user.workspaceId, input.name);
    await audit(ctx, { action: 'workspace.renamed', target: { type: 'workspace', id: ctx.user.workspaceId, name: input.name }, summary: `Renamed the workspace from “${before?.name ?? ''}” to “${input.name}”.` });
    return { id: ctx.user.workspaceId, name: input.name };
  }),

  /** Works in another workspace the user belongs to. */
  switch: signedInProcedure.input(z.object({ workspaceId: z.string().min(1).max(1000) }).strict()).mutation(async ({ ctx, input }) => {
    const member = await ctx.db.members.get(input.workspaceId, ctx.user.id);
    if (!member) throw new UserError('E_NOT_FOUND', `No workspace "${input.workspaceId}".`);
    if (ctx.session.token) {
      forgetSession(ctx.session.token);
      await ctx.db.sessions.setWorkspace(ctx.session.token, input.workspaceId);
    }
    return { workspaceId: input.workspaceId, role: member.role };
  }),
});
