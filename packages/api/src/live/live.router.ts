import { tracked } from '@trpc/server';
import { z } from 'zod';
import { getConnection } from '../connections/connection-config.loader';
import { toTRPCError } from '../error.mapper';
import type { RuntimeEvent } from '../runtime.port';
import { authedProcedure, router } from '../trpc';

/**
 * Turns listener callbacks into an async iterable that ends when `signal` aborts. Events queue
 * while the consumer is busy (bounded: the oldest progress events are dropped first).
 */
async function* listen(subscribe: (push: (e: RuntimeEvent) => void) => () => void, signal: AbortSignal | undefined): AsyncGenerator<RuntimeEvent> {
  const queue: RuntimeEvent[] = [];
  let wake: (() => void) | null = null;
  const unsubscribe = subscribe((e) => {
    queue.push(e);
    if (queue.length > 1000) queue.splice(queue.findIndex((q) => q.type === 'progress'), 1);
    wake?.();
  });
  const onAbort = () => wake?.();
  signal?.addEventListener('abort', onAbort);
  try {
    while (!signal?.aborted) {
      const next = queue.shift();
      if (next) {
        yield next;
        continue;
      }
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    unsubscribe();
  }
}

/** Errors inside a subscription's generator do not pass the error middleware: map them here. */
async function mapped<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (e) {
    throw toTRPCError(e);
  }
}

let eventCounter = 0;
const eventId = (e: RuntimeEvent) => `${e.at}-${++eventCounter}`;

/** Live updates over SSE (httpSubscriptionLink): connection state changes and run progress. */
export const liveRouter = router({
  /** Every event of the workspace's connections, or of one connection. */
  connections: authedProcedure
    .input(z.object({ connectionId: z.string().min(1).optional() }).strict().optional())
    .subscription(async function* ({ ctx, input, signal }) {
      if (input?.connectionId) await mapped(getConnection(ctx.db, ctx.user.workspaceId, input.connectionId));
      const wanted = input?.connectionId;
      for await (const event of listen(
        (push) => ctx.engine.subscribe(ctx.user.workspaceId, (e) => (!wanted || e.connectionId === wanted) && push(e)),
        signal,
      )) {
        yield tracked(eventId(event), event);
      }
    }),

  /** Progress of the runs of one connection (counts as each page is written, then the finished run). */
  runProgress: authedProcedure.input(z.object({ connectionId: z.string().min(1) }).strict()).subscription(async function* ({ ctx, input, signal }) {
    await mapped(getConnection(ctx.db, ctx.user.workspaceId, input.connectionId));
    for await (const event of listen(
      (push) => ctx.engine.subscribe(ctx.user.workspaceId, (e) => e.connectionId === input.connectionId && e.type !== 'state' && push(e)),
      signal,
    )) {
      yield tracked(eventId(event), event);
    }
  }),
});
