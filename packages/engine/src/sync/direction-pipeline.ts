import { EMPTY, Subject, catchError, concat, defer, map, range, tap, throwError, zipWith, type Observable, type OperatorFunction } from 'rxjs';

/** The stages of one pass, as operators (see direction-pass.ts for the real ones). */
export interface DirectionStages<R, P, W, S> {
  /** One page for each value of its input (the pipeline's demand), and completes after the last. */
  read: OperatorFunction<unknown, R>;
  /** Everything up to the writes: screen and decide, match, plan. */
  prepare: OperatorFunction<R, P>;
  /** The apps' writes: one page at a time, in order. */
  write: OperatorFunction<P, W>;
  /** Links, history, then the checkpoint, in order. */
  settle: OperatorFunction<W, S>;
}

/** How far the stages may run ahead of each other. */
export interface PipelineBounds {
  /** Pages read and not writing yet: 2 reads the next page while one is prepared (and the one before writes). */
  ahead: number;
  /** Pages written and not settled when the next may start writing: 2 lets page n write once page n − 2 has settled. */
  unsettled: number;
}

export const DEFAULT_BOUNDS: PipelineBounds = { ahead: 2, unsettled: 2 };

/** `n` values at once, then one for each value of `more`. */
function credits(n: number, more: Observable<void>): Observable<unknown> {
  return concat(range(0, n), more);
}

/**
 * Wires the stages of one pass: read → prepare → write → settle, each taking one page at a time,
 * consecutive pages overlapping. With the default bounds, while page n writes, page n + 1 is
 * prepared and page n + 2 read; page n − 1 stores its links and history.
 *
 * Back-pressure is two credit loops, since the stages are pushed into, not pulled from:
 *  - the source is read only on demand: `ahead` pages at first, then one each time a page starts
 *    writing, so a slow app or database holds the reading back instead of piling pages in memory;
 *  - a page starts writing only when fewer than `unsettled` pages before it are still storing
 *    their links, history or cursor: page n writes once page n − `unsettled` has settled.
 * At most `ahead` + `unsettled` pages are in flight, whatever the apps' and the database's pace.
 *
 * Stopping is unsubscribing: every stage's work is abandoned and no later cursor is stored. A page
 * the app cannot read stops the pass too, but only once the pages read before it have settled
 * (their work is done: the next run need not do it again); the error is then re-thrown.
 */
export function directionPipeline<R, P, W, S>(stages: DirectionStages<R, P, W, S>, bounds: PipelineBounds = DEFAULT_BOUNDS): Observable<S> {
  return defer(() => {
    const startedWriting = new Subject<void>();
    const settled = new Subject<void>();
    let readFailure: { error: unknown } | undefined;
    const pages$ = credits(bounds.ahead, startedWriting).pipe(
      stages.read,
      catchError((error: unknown) => {
        readFailure = { error };
        return EMPTY;
      }),
    );
    const settled$ = pages$.pipe(
      stages.prepare,
      zipWith(credits(bounds.unsettled, settled)),
      map(([page]) => page),
      tap(() => startedWriting.next()),
      stages.write,
      stages.settle,
      tap(() => settled.next()),
    );
    return concat(
      settled$,
      defer(() => (readFailure ? throwError(() => readFailure!.error) : EMPTY)),
    );
  });
}
