import { UserError } from '@sluice/core';
import type { Store } from '@sluice/store';
import { z } from 'zod';
import { audit } from '../audit/audit.recorder';
import { adminProcedure, ownerProcedure, router, viewerProcedure } from '../trpc';
import { forgetSession, forgetUser } from './session.resolver';

const userId = z.string().min(1).max(1000);
/** Roles an admin hands out; `owner` changes hands only through `transferOwnership`. */
export const invitableRole = z.enum(['admin', 'editor', 'viewer']);

/** A member as an audit target: the person's email, as they are known now. */
async function memberTarget(ctx: { db: Store }, userId: string) {
  const user = await ctx.db.users.get(userId);
  return { type: 'member' as const, id: userId, name: user?.email ?? userId };
}

const noMember = (id: string) => new UserError('E_NOT_FOUND', `No member "${id}" in this workspace.`);

/**
 * The people of the workspace: who they are, inviting more, changing roles, removing and leaving.
 * There is always exactly one owner: nobody removes or demotes them; they hand the workspace over.
 */
export const membersRouter = router({
  list: viewerProcedure.query(async ({ ctx }) => {
    const members = await ctx.db.members.list(ctx.user.workspaceId);
    const users = await Promise.all(members.map((m) => ctx.db.users.get(m.userId)));
    return members.map((m, i) => ({ userId: m.userId, email: users[i]?.email ?? '', name: users[i]?.name ?? '', role: m.role, joinedAt: m.joinedAt, you: m.userId === ctx.user.id }));
  }),

  /** Invites someone by email; the link (shown only in this answer) works once, for that address, for 7 days. */
  invite: adminProcedure
    .input(z.object({ email: z.string().max(254).trim().toLowerCase().email(), role: invitableRole.default('editor') }).strict())
    .mutation(async ({ ctx, input }) => {
      const existing = await ctx.db.users.findByEmail(input.email);
      if (existing && (await ctx.db.members.get(ctx.user.workspaceId, existing.id))) throw new UserError('E_CONFLICT', `${input.email} is already a member of this workspace.`);
      const { token, invitation } = await ctx.db.invitations.create(ctx.user.workspaceId, { email: input.email, role: input.role, invitedBy: ctx.user.id });
      await audit(ctx, {
        action: 'member.invited',
        target: { type: 'invitation', id: invitation.id, name: invitation.email },
        summary: `Invited ${invitation.email} as ${input.role}.`,
        details: { role: input.role, expiresAt: invitation.expiresAt },
      });
      return {
        id: invitation.id,
        email: invitation.email,
        role: invitation.role,
        expiresAt: invitation.expiresAt,
        token,
        link: `${ctx.origin ?? ''}/join?token=${encodeURIComponent(token)}`,
      };
    }),

  /** Moves a member between admin, editor and viewer; the owner's role changes only by a hand-over. */
  setRole: adminProcedure.input(z.object({ userId, role: invitableRole }).strict()).mutation(async ({ ctx, input }) => {
    const target = await ctx.db.members.get(ctx.user.workspaceId, input.userId);
    if (!target) throw noMember(input.userId);
    if (target.role === 'owner') throw new UserError('E_FORBIDDEN', "The owner's role changes only when the owner hands the workspace to someone else.");
    await ctx.db.members.setRole(ctx.user.workspaceId, input.userId, input.role);
    forgetUser(input.userId);
    const who = await memberTarget(ctx, input.userId);
    await audit(ctx, { action: 'member.roleChanged', target: who, summary: `Changed the role of ${who.name} from ${target.role} to ${input.role}.`, details: { from: target.role, to: input.role } });
    return { userId: input.userId, role: input.role };
  }),

  /** The owner hands the workspace to another member, who becomes the owner; the old owner becomes an admin. */
  transferOwnership: ownerProcedure.input(z.object({ userId }).strict()).mutation(async ({ ctx, input }) => {
    if (input.userId === ctx.user.id) throw new UserError('E_CONFLICT', 'You already own this workspace.');
    if (!(await ctx.db.members.get(ctx.user.workspaceId, input.userId))) throw noMember(input.userId);
    // The new owner first: if the second write fails there are two owners for a moment, never none.
    await ctx.db.members.setRole(ctx.user.workspaceId, input.userId, 'owner');
    await ctx.db.members.setRole(ctx.user.workspaceId, ctx.user.id, 'admin');
    forgetUser(input.userId);
    forgetUser(ctx.user.id);
    const who = await memberTarget(ctx, input.userId);
    await audit(ctx, { action: 'member.ownershipTransferred', target: who, summary: `Handed the workspace over to ${who.name}, who is now its owner (${ctx.user.email} is now an admin).` });
    return { owner: input.userId };
  }),

  remove: adminProcedure.input(z.object({ userId }).strict()).mutation(async ({ ctx, input }) => {
    const target = await ctx.db.members.get(ctx.user.workspaceId, input.userId);
    if (!target) throw noMember(input.userId);
    if (target.role === 'owner') throw new UserError('E_FORBIDDEN', 'The owner cannot be removed; the owner can hand the workspace to someone else first.');
    const who = await memberTarget(ctx, input.userId);
    await ctx.db.members.remove(ctx.user.workspaceId, input.userId);
    forgetUser(input.userId);
    await audit(ctx, { action: 'member.removed', target: who, summary: `Removed ${who.name} (${target.role}) from the workspace.`, details: { role: target.role } });
    return { removed: true };
  }),

  /** Leaves the workspace (the owner hands it over first). The session moves to another workspace, if any. */
  leave: viewerProcedure.mutation(async ({ ctx }) => {
    if (ctx.user.role === 'owner') throw new UserError('E_FORBIDDEN', 'The owner cannot leave; hand the workspace to another member first.');
    await ctx.db.members.remove(ctx.user.workspaceId, ctx.user.id);
    if (ctx.session.token) forgetSession(ctx.session.token);
    forgetUser(ctx.user.id);
    await audit(ctx, { action: 'member.left', target: { type: 'member', id: ctx.user.id, name: ctx.user.email }, summary: `Left the workspace (was ${ctx.user.role}).`, details: { role: ctx.user.role } });
    return { left: true };
  }),
});
