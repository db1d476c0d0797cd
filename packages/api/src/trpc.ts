import { initTRPC, TRPCError } from '@trpc/server';
import type { MemberRole } from '@sluice/store';
import type { ApiContext, ApiUser } from './context';
import { refusalFor, roleAtLeast, type Access } from './auth/roles';
import { appCodeOf, toTRPCError } from './error.mapper';

/** What each procedure declares about itself; `access` is read by the rights check and its tests. */
export interface ProcedureMeta {
  access: Access;
}

const t = initTRPC
  .context<ApiContext>()
  .meta<ProcedureMeta>()
  .create({
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

/**
 * The rights check, the same for every procedure: it reads the procedure's declared `access`, so
 * what a procedure says and what it enforces cannot differ. Runs before the input is parsed.
 */
const checkAccess = t.middleware(({ ctx, meta, next }) => {
  const access = meta?.access;
  if (!access) throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'This procedure declares no access right.' });
  if (access === 'public') return next();
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first.' });
  if (access !== 'signedIn' && !roleAtLeast(ctx.user.role, access)) throw new TRPCError({ code: 'FORBIDDEN', message: refusalFor(access, ctx.user.role) });
  return next({ ctx: { ...ctx, user: ctx.user as ApiUser } });
});

/** Access checked on every procedure; the builders below only declare it. */
const checked = t.procedure.use(mapErrors).use(checkAccess);

/** The user is set for every procedure below `publicProcedure`. */
const withUser = (access: Exclude<Access, 'public'>) =>
  checked.meta({ access }).use(({ ctx, next }) => next({ ctx: { ...ctx, user: ctx.user as ApiUser } }));

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const mergeRouters = t.mergeRouters;

/** Open to anyone (sign-up, sign-in, setup status). */
export const publicProcedure = checked.meta({ access: 'public' });

/** Anyone signed in, whatever their role: their own account, their workspaces. */
export const signedInProcedure = withUser('signedIn');

/** Members with at least this role; `ctx.user.workspaceId` scopes every query. */
const roleProcedure = (role: MemberRole) => withUser(role);

/** Reading the workspace: every member. */
export const viewerProcedure = roleProcedure('viewer');
/** Changing connections, rules, records and templates. */
export const editorProcedure = roleProcedure('editor');
/** Credentials' secrets, deleting, people. */
export const adminProcedure = roleProcedure('admin');
/** Handing the workspace over. */
export const ownerProcedure = roleProcedure('owner');
