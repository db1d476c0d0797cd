import { UserError } from '@sluice/graph';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { authedProcedure, publicProcedure, router } from '../trpc';
import { hashPassword, verifyPassword } from './password.hasher';
import { forgetSession, SESSION_TTL_MS } from './session.resolver';

const email = z.string().trim().toLowerCase().email().max(254);
const password = z.string().min(8, 'use at least 8 characters').max(200);

/** A hash to compare against when the email is unknown, so timing does not tell which emails exist. */
const decoyHash = hashPassword('not-a-real-password-decoy');

/**
 * Accounts: sign up (the first visit on a fresh install creates the first account), sign in,
 * sign out, who am I. Sessions live in an httpOnly SameSite=Strict cookie (set by the HTTP layer).
 */
export const authRouter = router({
  /** What the first screen needs: whether anyone has an account yet, and who is signed in. */
  status: publicProcedure.query(async ({ ctx }) => {
    const accounts = await ctx.db.users.count();
    return { needsSetup: accounts === 0, user: ctx.user };
  }),

  signUp: publicProcedure
    .input(
      z
        .object({
          email,
          password,
          name: z.string().trim().min(1).max(100),
          workspaceName: z.string().trim().min(1).max(100).optional(),
          /** Joins the inviting workspace instead of creating one. */
          inviteToken: z.string().min(10).max(200).optional(),
        })
        .strict(),
    )
    .mutation(async ({ ctx, input }) => {
      const invitation = input.inviteToken ? await ctx.db.invitations.peek(input.inviteToken) : null;
      if (input.inviteToken && !invitation) throw new UserError('E_INVITE_INVALID', 'This invitation link is unknown or has expired; ask for a new one.');
      if (invitation && invitation.email !== input.email) {
        throw new UserError('E_INVITE_EMAIL', `This invitation is for ${invitation.email}; sign up with that address.`);
      }
      const user = await ctx.db.users.create({ email: input.email, name: input.name, passwordHash: await hashPassword(input.password, ctx.settings.scryptCost) });
      let workspaceId: string;
      if (invitation && input.inviteToken && (await ctx.db.invitations.accept(input.inviteToken))) {
        workspaceId = invitation.workspaceId;
        await ctx.db.members.add(workspaceId, user.id, invitation.role);
      } else {
        const workspace = await ctx.db.workspaces.create({ name: input.workspaceName ?? `${input.name}'s workspace`, createdBy: user.id });
        workspaceId = workspace.id;
        await ctx.db.members.add(workspaceId, user.id, 'owner');
      }
      const { token, session } = await ctx.db.sessions.create({ userId: user.id, workspaceId, ttlMs: SESSION_TTL_MS });
      ctx.session.set(token, new Date(session.expiresAt));
      return { user: { id: user.id, email: user.email, name: user.name }, workspaceId };
    }),

  signIn: publicProcedure.input(z.object({ email, password: z.string().min(1).max(200) }).strict()).mutation(async ({ ctx, input }) => {
    const found = await ctx.db.users.findForSignIn(input.email);
    const ok = found ? await verifyPassword(input.password, found.passwordHash) : (await verifyPassword(input.password, await decoyHash), false);
    if (!found || !ok) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Wrong email or password.' });
    const [member] = await ctx.db.members.workspacesOf(found.user.id);
    const { token, session } = await ctx.db.sessions.create({ userId: found.user.id, workspaceId: member?.workspaceId, ttlMs: SESSION_TTL_MS });
    ctx.session.set(token, new Date(session.expiresAt));
    return { user: { id: found.user.id, email: found.user.email, name: found.user.name }, workspaceId: member?.workspaceId ?? null };
  }),

  signOut: publicProcedure.mutation(async ({ ctx }) => {
    if (ctx.session.token) {
      forgetSession(ctx.session.token);
      await ctx.db.sessions.remove(ctx.session.token);
    }
    ctx.session.clear();
    return { signedOut: true };
  }),

  me: authedProcedure.query(async ({ ctx }) => {
    const memberships = await ctx.db.members.workspacesOf(ctx.user.id);
    const workspaces = await ctx.db.workspaces.getMany(memberships.map((m) => m.workspaceId));
    return {
      user: ctx.user,
      workspaces: workspaces.map((w) => ({ id: w.id, name: w.name, role: memberships.find((m) => m.workspaceId === w.id)?.role ?? 'member' })),
    };
  }),
});
