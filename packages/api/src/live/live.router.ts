import { tracked, TRPCError } from '@trpc/server';
import { z } from 'zod';
import { getConnection } from '@sluice/runtime';
import type { ApiContext, ApiUser } from '../context';
import { toTRPCError } from '../error.mapper';
import type { RuntimeEvent } from '@sluice/runtime';
import { userForSession } from '../auth/session.resolver';
import { viewerProcedure, router } from '../trpc';
import { eventStream } from './event.stream';
import { liveTail, publisherOf } from '@sluice/runtime';

/** Errors inside a subscription's generator do not pass the error middleware: map them here. */
async function mapped<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (e) {
    throw toTRPCError(e);
  }
}

/**
 * `lastEventId` is what httpSubscriptionLink sends back when it reconnects: the id of the last
 * event the client saw (the event's sequence number in the workspace's feed). Anything else (an
 * id from an older server) starts from now.
 */
const lastEventId = z.string().max(40).nullish();
const sequenceOf = (id: string | null | undefined): number | null => (id && /^\d{1,15}$/.test(id) ? Number(id) : null);

/**
 * Whether the stream's session still stands for the same user and workspace. A stream outlives
 * the request that opened it, so it asks again before each event: after a sign-out in this
 * process at once, after one in another process within the session cache's bound (10 s).
 */
async function stillSignedIn(ctx: ApiContext & { user: ApiUser }): Promise<boolean> {
  if (!ctx.session.token) return true; // an in-process caller with no session (tests, scripts)
  const user = await userForSession(ctx.db, ctx.session.token);
  return user?.id === ctx.user.id && user.workspaceId === ctx.user.workspaceId;
}

/**
 * The workspace's events from the database's live feed, so that a sync run by any process (this
 * one or a `sluice worker`) is seen. This process's own runtime publishes the workspace too (a
 * no-op when the process set its publisher up already); its writes wake the tail at once.
 */
async function* workspaceEvents(ctx: ApiContext & { user: ApiUser }, after: string | null | undefined, wanted: (e: RuntimeEvent) => boolean, signal: AbortSignal | undefined) {
  const workspaceId = ctx.user.workspaceId;
  publisherOf(ctx.engine, ctx.db).watch(workspaceId);
  const tail = liveTail(ctx.db.live);
  const stream = eventStream<RuntimeEvent>(
    (push) => tail.listen(workspaceId, sequenceOf(after), (seq, event) => wanted(event) && push({ seq, event })),
    signal,
    (e) => e.type === 'progress',
  );
  for await (const { seq, event } of stream) {
    if (!(await stillSignedIn(ctx))) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Signed out: sign in again for live updates.' });
    yield tracked(String(seq), event);
  }
}

/**
 * Live updates over SSE (httpSubscriptionLink): connection state changes and run progress. Each
 * event's id is its sequence number, so a dropped stream resumes where it stopped, with nothing
 * lost or repeated (for as long as the feed keeps events: 10 minutes).
 */
export const liveRouter = router({
  /** Every event of the workspace's connections, or of one connection. */
  connections: viewerProcedure
    .input(z.object({ connectionId: z.string().min(1).max(1000).optional(), lastEventId }).strict().optional())
    .subscription(async function* ({ ctx, input, signal }) {
      const wanted = input?.connectionId;
      if (wanted) await mapped(getConnection(ctx.db, ctx.user.workspaceId, wanted));
      yield* workspaceEvents(ctx, input?.lastEventId, (e) => !wanted || e.connectionId === wanted, signal);
    }),

  /** Progress of the runs of one connection (counts as each page is written, then the finished run). */
  runProgress: viewerProcedure.input(z.object({ connectionId: z.string().min(1).max(1000), lastEventId }).strict()).subscription(async function* ({ ctx, input, signal }) {
    await mapped(getConnection(ctx.db, ctx.user.workspaceId, input.connectionId));
    yield* workspaceEvents(ctx, input.lastEventId, (e) => e.connectionId === input.connectionId && e.type !== 'state', signal);
  }),
});
