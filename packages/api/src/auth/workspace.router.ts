import { UserError } from '@sluice/graph';
import { z } from 'zod';
import { authedProcedure, ownerProcedure, router } from '../trpc';
import { forgetSession, forgetUser } from './session.resolver';

const role = z.enum(['admin', 'member']);

/** The team: members, invitations, switching and renaming workspaces. */
export const workspaceRouter = router({
  get: authedProcedure.query(async ({ ctx }) => {
    const workspace = await ctx.db.workspaces.get(ctx.user.workspaceId);
    if (!workspace) throw new UserError('E_NOT_FOUND', 'This workspace no longer exists.');
    return { id: workspace.id, name: workspace.name, role: ctx.user.role };
  }),

  rename: ownerProcedure.input(z.object({ name: z.string().trim().min(1).max(100) }).strict()).mutation(async ({ ctx, input }) => {
    await ctx.db.workspaces.rename(ctx.user.workspaceId, input.name);
    return { id: ctx.user.workspaceId, name: input.name };
  }),

  members: authedProcedure.query(async ({ ctx }) => {
    const members = await ctx.db.members.list(ctx.user.workspaceId);
    const users = await Promise.all(members.map((m) => ctx.db.users.get(m.userId)));
    return members.map((m, i) => ({ userId: m.userId, role: m.role, joinedAt: m.joinedAt, email: users[i]?.email ?? '', name: users[i]?.name ?? '' }));
  }),

  invitations: ownerProcedure.query(async ({ ctx }) => {
    const list = await ctx.db.invitations.list(ctx.user.workspaceId);
    return list.map((i) => ({ id: i.id, email: i.email, role: i.role, createdAt: i.createdAt, expiresAt: i.expiresAt }));
  }),

  /** Invites someone by email; the link (shown once) lets them sign up or join. */
  invite: ownerProcedure
    .input(z.object({ email: z.string().max(254).trim().toLowerCase().email(), role: role.default('member') }).strict())
    .mutation(async ({ ctx, input }) => {
      const { token, invitation } = await ctx.db.invitations.create(ctx.user.workspaceId, { email: input.email, role: input.role, invitedBy: ctx.user.id });
      return { id: invitation.id, email: invitation.email, expiresAt: invitation.expiresAt, token, link: `${ctx.origin ?? ''}/join?token=${encodeURIComponent(token)}` };
    }),

  revokeInvitation: ownerProcedure.input(z.object({ id: z.string().min(1).max(1000) }).strict()).mutation(async ({ ctx, input }) => {
    if (!(await ctx.db.invitations.revoke(ctx.user.workspaceId, input.id))) throw new UserError('E_NOT_FOUND', `No invitation "${input.id}" in this workspace.`);
    return { revoked: true };
  }),

  removeMember: ownerProcedure.input(z.object({ userId: z.string().min(1).max(1000) }).strict()).mutation(async ({ ctx, input }) => {
    if (input.userId === ctx.user.id) throw new UserError('E_FORBIDDEN', 'You cannot remove yourself; hand the workspace to another owner first.');
    if (!(await ctx.db.members.remove(ctx.user.workspaceId, input.userId))) throw new UserError('E_NOT_FOUND', `No member "${input.userId}" in this workspace.`);
    forgetUser(input.userId);
    return { removed: true };
  }),

  /** A signed-in user joins another workspace with an invitation token. */
  join: authedProcedure.input(z.object({ token: z.string().min(10).max(200) }).strict()).mutation(async ({ ctx, input }) => {
    const peek = await ctx.db.invitations.peek(input.token);
    if (!peek) throw new UserError('E_INVITE_INVALID', 'This invitation link is unknown or has expired; ask for a new one.');
    if (peek.email !== ctx.user.email) throw new UserError('E_INVITE_EMAIL', `This invitation is for ${peek.email}.`);
    const invitation = await ctx.db.invitations.accept(input.token);
    if (!invitation) throw new UserError('E_INVITE_INVALID', 'This invitation was already used.');
    await ctx.db.members.add(invitation.workspaceId, ctx.user.id, invitation.role);
    if (ctx.session.token) {
      forgetSession(ctx.session.token);
      await ctx.db.sessions.setWorkspace(ctx.session.token, invitation.workspaceId);
    }
    return { workspaceId: invitation.workspaceId };
  }),

  /** Works in another workspace the user belongs to. */
  switch: authedProcedure.input(z.object({ workspaceId: z.string().min(1).max(1000) }).strict()).mutation(async ({ ctx, input }) => {
    const member = await ctx.db.members.get(input.workspaceId, ctx.user.id);
    if (!member) throw new UserError('E_NOT_FOUND', `No workspace "${input.workspaceId}".`);
    if (ctx.session.token) {
      forgetSession(ctx.session.token);
      await ctx.db.sessions.setWorkspace(ctx.session.token, input.workspaceId);
    }
    return { workspaceId: input.workspaceId, role: member.role };
  }),
});
