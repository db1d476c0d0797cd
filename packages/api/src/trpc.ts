import { initTRPC, TRPCError } from '@trpc/server';
import type { ApiContext, ApiUser } from './context';
import { appCodeOf, toTRPCError } from './error.mapper';

const t = initTRPC.context<ApiContext>().create({
  errorFormatter({ shape, error }) {
    // Internals never leave the server: no stack, and the code names the Sluice error when there is one.
    const { stack: _stack, ...data } = shape.data;
    return { ...shape, data: { ...data, appCode: appCodeOf(error) } };
  },
});

/** Turns every failure of a procedure into the right tRPC error (error.mapper.ts is the one place). */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) throw toTRPCError(result.error);
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const mergeRouters = t.mergeRouters;

/** Open to anyone (sign-up, sign-in, setup status). */
export const publicProcedure = t.procedure.use(mapErrors);

/** Needs a session: `ctx.user` is set and every query is scoped by `ctx.user.workspaceId`. */
export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first.' });
  return next({ ctx: { ...ctx, user: ctx.user as ApiUser } });
});

/** Only the workspace's owner (inviting members, removing them). */
export const ownerProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== 'owner') throw new TRPCError({ code: 'FORBIDDEN', message: 'Only the workspace owner can do this.' });
  return next();
});
