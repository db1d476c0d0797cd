import {
  EMPTY,
  NEVER,
  catchError,
  concat,
  concatMap,
  connect,
  defer,
  from,
  fromEvent,
  ignoreElements,
  map,
  merge,
  of,
  reduce,
  scan,
  takeUntil,
  tap,
  throwError,
  type Observable,
} from 'rxjs';
import type { ConnectionConfig } from '../config/connection-config.schema';
import type { Run } from '../ports/runs.port';
import { directionPass } from './direction-pass';
import { recoverIntents } from './recover-intents';
import { addTallies, type Tally } from './run-counts';
import { directionsOf, type SyncRunOptions } from './run-options';
import type { RunParams } from './run-params';
import { startRun } from './start-run';

/**
 * One sync run of a connection as an RxJS pipeline (DESIGN.md "Data flow"): finishes any batch a
 * crashed run left in flight, then runs each direction of the mode from its checkpoint, page by
 * page (`directionPass`). Emits the run after each page, with its counts so far (summed here from
 * what each page counted, and stored as the run's progress), then the finished run, and completes.
 *
 * Stopping is unsubscribing. Aborting `options.signal` (the connection machine's pause or stop)
 * unsubscribes the passes, waits until nothing they started is still being written, records the
 * run as failed with the signal's reason and errors with it. A failure of an app or a store does
 * the same with that failure (the machine retries the run; the pipeline does not). The checkpoint
 * of a direction only ever moves past pages whose writes, links and history are stored.
 */
export function runPipeline(options: SyncRunOptions): Observable<Run> {
  return defer(() => from(startRun(options))).pipe(
    concatMap(({ run, params }) => {
      const { scope, stores, clock } = params;
      const signal = options.signal;
      let latest = run;
      const finish = (status: 'succeeded' | 'failed', last: Run): Observable<Run> => {
        const finishedAt = clock.now();
        const done: Run = { ...last, status, finishedAt, durationMs: finishedAt - last.startedAt };
        return from(stores.runs.finish(scope, run.id, { status, counts: done.counts, finishedAt, durationMs: done.durationMs!, errors: done.errors })).pipe(
          map(() => done),
        );
      };
      const progress$ = passes(params, options.config.mode).pipe(
        takeUntil(signal ? aborted(signal) : NEVER),
        scan((r: Run, tally: Tally): Run => ({ ...r, ...addTallies(r, tally) }), run),
        tap((r) => {
          latest = r;
        }),
        concatMap((r) => params.work.run(() => stores.runs.progress(scope, r.id, r.counts)).pipe(map(() => r))),
        tap((r) => options.onProgress?.(r.counts)),
      );
      return concat(
        progress$,
        defer(() => (signal?.aborted ? throwError(() => signal.reason as unknown) : finish('succeeded', latest))),
      ).pipe(
        catchError((e: unknown) => {
          const code = e instanceof Error && 'code' in e && typeof e.code === 'string' ? e.code : 'E_UNEXPECTED';
          const failed: Run = { ...latest, errors: [...latest.errors, { code, message: e instanceof Error ? e.message : String(e) }] };
          // Nothing of the run may still be writing when it is reported as stopped; and the
          // original error matters more than a failed bookkeeping write: when the database is
          // down, storing the failed run fails too, and the caller must still see the outage
          // (which it retries), not an empty pipeline (which it would take for a bug).
          return concat(
            from(params.work.idle()).pipe(
              concatMap(() => finish('failed', failed)),
              ignoreElements(),
              catchError(() => EMPTY),
            ),
            throwError(() => e),
          );
        }),
      );
    }),
  );
}

/** Emits once `signal` is aborted (at once if it is already). */
function aborted(signal: AbortSignal): Observable<unknown> {
  return signal.aborted ? of(true) : fromEvent(signal, 'abort');
}

/** What every step of the run counted: replayed batches first, then each direction's pages. */
function passes(params: RunParams, mode: ConnectionConfig['mode']): Observable<Tally> {
  const main$ = concat(recoverIntents(params), ...directionsOf(mode).map((d) => directionPass(params, d)));
  if (mode !== 'two-way') return main$;
  // B → A ran after A's cursor was stored, so A's change feed now starts with Sluice's own writes.
  // Reading them again (they are echoes: skipped by hash, nothing written) keeps the next run's
  // work proportional to real changes instead of to what this run wrote.
  return main$.pipe(
    connect((shared) =>
      merge(
        shared,
        shared.pipe(
          reduce((wroteToA, t) => wroteToA + t.counts.created.a + t.counts.updated.a, 0),
          concatMap((wroteToA) => (wroteToA > 0 ? directionPass(params, 'aToB', 'sweep') : EMPTY)),
        ),
      ),
    ),
  );
}
