import { EMPTY, Subject, catchError, concat, concatMap, defer, map, of, range, takeUntil, tap, throwError, zipWith, type Observable, type OperatorFunction } from 'rxjs';

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
  /** Pages read and not writing yet: 2 reads page n + 2 while page n + 1 is prepared and page n writes. */
  ahead: number;
  /** Pages prepared (or being prepared) and not writing yet: 1 prepares page n + 1 once page n writes. */
  preparing: number;
  /** Pages written and not settled when the next may start writing: 2 lets page n write once page n − 2 has settled. */
  unsettled: number;
}

export const DEFAULT_BOUNDS: PipelineBounds = { ahead: 2, preparing: 1, unsettled: 2 };

/** `n` values at once, then one for each value of `more`. */
function credits(n: number, more: Observable<void>): Observable<unknown> {
  return concat(range(0, n), more);
}

/** The pages of `source`, each let through only once a credit is there for it. */
function metered<T>(credit$: Observable<unknown>): OperatorFunction<T, T> {
  return (source) =>
    source.pipe(
      zipWith(credit$),
      map(([page]) => page),
    );
}

/**
 * Wires the stages of one pass: read → prepare → write → settle, each taking one page at a time,
 * consecutive pages overlapping. With the default bounds, while page n writes, page n + 1 is
 * prepared and page n + 2 read; page n − 1 stores its links and history.
 *
 * Back-pressure is credit loops, since the stages are pushed into, not pulled from:
 *  - the source is read only on demand: `ahead` pages at first, then one each time a page starts
 *    writing, so a slow app or database holds the reading back instead of piling pages in memory;
 *  - a page is prepared only when fewer than `preparing` pages are prepared and not writing yet:
 *    its lookups then reach the database after those of the page writing, not before them;
 *  - a page starts writing once the page before has written and page n − `unsettled` has settled.
 * At most `ahead` + `unsettled` pages are in flight, whatever the apps' and the database's pace.
 *
 * Stopping is unsubscribing: every stage's work is abandoned and no later cursor is stored. A page
 * that cannot be read, prepared or written stops the pass too, but only once the pages before it
 * that were written (or, for a read or a preparation, prepared) have settled: their work is done,
 * the next run need not do it again. No page after a failed write starts writing. The first error
 * is then re-thrown; a failure to settle is re-thrown at once.
 *
 * No stage waits on time, so none takes a scheduler: the marble tests drive fake stages through
 * this wiring in virtual time.
 *
 * @example
 * directionPipeline({
 *   read: readPages({ source, cursor, pageSize, keyPrefix, work }),
 *   prepare: pipe(screenStage(pass), matchStage(pass), planStage(pass)),
 *   write: writeStage(pass),
 *   settle: settleStage(pass),
 * }).subscribe((page) => console.log(page.no, page.counts));
 */
export function directionPipeline<R, P, W, S>(stages: DirectionStages<R, P, W, S>, bounds: PipelineBounds = DEFAULT_BOUNDS): Observable<S> {
  return defer(() => {
    const startedWriting = new Subject<void>();
    const settled = new Subject<void>();
    const writeFailed = new Subject<void>();
    let failure: { error: unknown } | undefined;
    /** Keeps the first failure for the end: the pages before it settle first. */
    const hold = (error: unknown) => {
      failure ??= { error };
      return EMPTY;
    };
    const prepared$ = credits(bounds.ahead, startedWriting).pipe(
      stages.read,
      // A page that cannot be read ends the pass after the pages read before it; one that cannot be
      // prepared, after the pages prepared before it.
      catchError(hold),
      metered(credits(bounds.preparing, startedWriting)),
      stages.prepare,
      catchError(hold),
    );
    const settled$ = prepared$.pipe(
      metered(credits(bounds.unsettled, settled)),
      // A failed write ends it after the pages written before it: none after it starts writing.
      takeUntil(writeFailed),
      // One page at a time, so a page starts writing only when the one before has written.
      concatMap((page) =>
        defer(() => {
          startedWriting.next();
          return of(page).pipe(stages.write);
        }).pipe(
          catchError((error: unknown) => {
            writeFailed.next();
            return hold(error);
          }),
        ),
      ),
      stages.settle,
      tap(() => settled.next()),
    );
    return concat(
      settled$,
      defer(() => (failure ? throwError(() => failure!.error) : EMPTY)),
    );
  });
}
