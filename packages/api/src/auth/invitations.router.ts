import { UserError } from '@sluice/core';
import { z } from 'zod';
import { actorOf, audit } from '../audit/audit.recorder';
import { adminProcedure, publicProcedure, router, signedInProcedure } from '../trpc';
import { forgetSession } from './session.resolver';
import { invitationUnknown } from './sign-up';

const token = z.string().min(10).max(200);

/** Open invitations: listing and revoking them (admins), what a link invites to, and accepting it. */
export const invitationsRouter = router({
  list: adminProcedure.query(async ({ ctx }) => {
    const list = await ctx.db.invitations.list(ctx.user.workspaceId);
    return list.map((i) => ({ id: i.id, email: i.email, role: i.role, createdAt: i.createdAt, expiresAt: i.expiresAt }));
  }),

  revoke: adminProcedure.input(z.object({ id: z.string().min(1).max(1000) }).strict()).mutation(async ({ ctx, input }) => {
    const invitation = (await ctx.db.invitations.list(ctx.user.workspaceId)).find((i) => i.id === input.id);
    if (!(await ctx.db.invitations.revoke(ctx.user.workspaceId, input.id))) throw new UserError('E_NOT_FOUND', `No invitation "${input.id}" in this workspace.`);
    const email = invitation?.email ?? input.id;
    await audit(ctx, { action: 'invitation.revoked', target: { type: 'invitation', id: input.id, name: email }, summary: `Revoked the invitation of ${email}.` });
    return { revoked: true };
  }),

  /** What the link invites to, for the join page; only the holder of the (unguessable) token can ask. */
  peek: publicProcedure.input(z.object({ token }).strict()).query(async ({ ctx, input }) => {
    const invitation = await ctx.db.invitations.peek(input.token);
    if (!invitation) throw invitationUnknown();
    const [workspace, inviter] = await Promise.all([ctx.db.workspaces.get(invitation.workspaceId), ctx.db.users.get(invitation.invitedBy)]);
    return { email: invitation.email, role: invitation.role, workspaceName: workspace?.name ?? '', invitedBy: inviter?.name ?? '', expiresAt: invitation.expiresAt };
  }),

  /** A signed-in user joins the inviting workspace with the link's token; the session then works in it. */
  accept: signedInProcedure.input(z.object({ token }).strict()).mutation(async ({ ctx, input }) => {
    const peek = await ctx.db.invitations.peek(input.token);
    if (!peek) throw invitationUnknown();
    if (peek.email !== ctx.user.email) throw new UserError('E_INVITE_EMAIL', `This invitation is for ${peek.email}; you are signed in as ${ctx.user.email}.`);
    const invitation = await ctx.db.invitations.accept(input.token);
    if (!invitation) throw invitationUnknown();
    // Already a member (say, the owner following their own link): keep the role they have.
    const existing = await ctx.db.members.get(invitation.workspaceId, ctx.user.id);
    const member = existing ?? (await ctx.db.members.add(invitation.workspaceId, ctx.user.id, invitation.role));
    if (!existing) {
      // In the workspace joined (the session's own workspace is still the old one here).
      const target = { type: 'member' as const, id: ctx.user.id, name: ctx.user.email };
      await ctx.db.audit.append(invitation.workspaceId, { actor: actorOf(ctx.user), action: 'member.joined', target, summary: `Joined the workspace as ${member.role} (by invitation).`, details: { role: member.role, invitationId: invitation.id } }, ctx.now());
    }
    if (ctx.session.token) {
      forgetSession(ctx.session.token);
      await ctx.db.sessions.setWorkspace(ctx.session.token, invitation.workspaceId);
    }
    return { workspaceId: invitation.workspaceId, role: member.role };
  }),
});
