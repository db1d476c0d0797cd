import { UserError } from '@sluice/core';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { ApiContext } from '../context';
import { publicProcedure, router, signedInProcedure } from '../trpc';
import { guardPasswordCheck } from './attempt.limits';
import { hashPassword, verifyPassword } from './password.hasher';
import { passwordProblem } from './password.policy';
import { forgetSession, forgetUser, SESSION_TTL_MS } from './session.resolver';
import { signUp } from './sign-up';

const email = z.string().trim().toLowerCase().email().max(254);
const newPassword = z.string().min(8, 'use at least 8 characters').max(200);

/** Hashes to compare against when the email is unknown (one per cost), so timing does not tell which emails exist. */
const decoys = new Map<number, Promise<string>>();
function decoyHash(cost: number): Promise<string> {
  let decoy = decoys.get(cost);
  if (!decoy) decoys.set(cost, (decoy = hashPassword('not-a-real-password-decoy', cost)));
  return decoy;
}

/** Starts a session for the user in the workspace and hands its cookie to the browser. */
async function startSession(ctx: ApiContext, userId: string, workspaceId: string | undefined): Promise<void> {
  const { token, session } = await ctx.db.sessions.create({ userId, workspaceId, ttlMs: SESSION_TTL_MS });
  ctx.session.set(token, new Date(session.expiresAt));
}

/**
 * Accounts: sign up (the first visit on a fresh install creates the first account; later ones need
 * an invitation unless sign-up is open), sign in, sign out (here or everywhere), change the password,
 * who am I. Sessions live in an httpOnly SameSite=Strict cookie (set by the HTTP layer).
 */
export const authRouter = router({
  /** What the first screen needs: whether anyone has an account yet, who is signed in, and whether strangers may sign up. */
  status: publicProcedure.query(async ({ ctx }) => {
    const accounts = await ctx.db.users.count();
    return { needsSetup: accounts === 0, user: ctx.user, signUp: ctx.auth.signUp };
  }),

  signUp: publicProcedure
    .input(
      z
        .object({
          email,
          password: newPassword,
          name: z.string().trim().min(1).max(100),
          workspaceName: z.string().trim().min(1).max(100).optional(),
          /** Joins the inviting workspace instead of creating one. */
          inviteToken: z.string().min(10).max(200).optional(),
        })
        .strict(),
    )
    .mutation(async ({ ctx, input }) => {
      const { user, workspaceId } = await signUp(ctx, input);
      await startSession(ctx, user.id, workspaceId);
      return { user: { id: user.id, email: user.email, name: user.name }, workspaceId };
    }),

  signIn: publicProcedure.input(z.object({ email, password: z.string().min(1).max(200) }).strict()).mutation(async ({ ctx, input }) => {
    const guard = await guardPasswordCheck(ctx, input.email);
    const found = await ctx.db.users.findForSignIn(input.email);
    const ok = found ? await verifyPassword(input.password, found.passwordHash) : (await verifyPassword(input.password, await decoyHash(ctx.settings.scryptCost)), false);
    await guard.settle(ok);
    if (!found || !ok) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Wrong email or password.' });
    const [member] = await ctx.db.members.workspacesOf(found.user.id);
    await startSession(ctx, found.user.id, member?.workspaceId);
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

  /** Ends every session of this account, this one included (a lost laptop, a shared computer). */
  signOutEverywhere: signedInProcedure.mutation(async ({ ctx }) => {
    const ended = await ctx.db.sessions.removeForUser(ctx.user.id);
    forgetUser(ctx.user.id);
    ctx.session.clear();
    return { sessionsEnded: ended };
  }),

  /**
   * A new password, given the current one (a wrong one counts as a failed sign-in). Ends every other
   * session of the account and gives this browser a new one.
   */
  changePassword: signedInProcedure
    .input(z.object({ currentPassword: z.string().min(1).max(200), newPassword }).strict())
    .mutation(async ({ ctx, input }) => {
      const guard = await guardPasswordCheck(ctx, ctx.user.email);
      const found = await ctx.db.users.findForSignIn(ctx.user.email);
      const ok = found !== null && (await verifyPassword(input.currentPassword, found.passwordHash));
      await guard.settle(ok);
      if (!found || !ok) throw new UserError('E_WRONG_PASSWORD', 'The current password is not right.');
      if (input.newPassword === input.currentPassword) throw new UserError('E_WEAK_PASSWORD', 'The new password is the same as the current one; choose another.');
      const problem = passwordProblem(input.newPassword, ctx.user.email);
      if (problem) throw new UserError('E_WEAK_PASSWORD', problem);
      await ctx.db.users.setPasswordHash(ctx.user.id, await hashPassword(input.newPassword, ctx.settings.scryptCost));
      const ended = await ctx.db.sessions.removeForUser(ctx.user.id);
      forgetUser(ctx.user.id);
      await startSession(ctx, ctx.user.id, ctx.user.workspaceId);
      return { otherSessionsEnded: Math.max(0, ended - (ctx.session.token ? 1 : 0)) };
    }),

  me: signedInProcedure.query(async ({ ctx }) => {
    const memberships = await ctx.db.members.workspacesOf(ctx.user.id);
    const workspaces = await ctx.db.workspaces.getMany(memberships.map((m) => m.workspaceId));
    return {
      user: ctx.user,
      workspaces: workspaces.flatMap((w) => {
        const role = memberships.find((m) => m.workspaceId === w.id)?.role;
        return role ? [{ id: w.id, name: w.name, role }] : [];
      }),
    };
  }),
});
