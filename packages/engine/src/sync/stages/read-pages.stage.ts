import type { Contact } from '@sluice/graph';
import { concatMap, defer, finalize, map, takeWhile, type OperatorFunction } from 'rxjs';
import type { Connector, ReadFailure } from '../../ports/connector.port';
import type { InFlightWork } from '../in-flight-work';

/** One page of a pass's source changes, numbered from 0 in the pass. */
export interface ReadPage {
  no: number;
  /** Prefix of the idempotency keys of the page's batches (`<run>:<direction>[~sweep]:<no>`). */
  keyPrefix: string;
  records: readonly Contact[];
  /** Records the app could not read (failed in history, with the app's message). */
  failures: readonly ReadFailure[];
  /** Resumes right after this page; stored once the page has settled. */
  cursor: string;
}

export interface ReadPagesParams {
  source: Connector;
  /** Where the pass starts (`null`: from the beginning). */
  cursor: string | null;
  pageSize: number;
  /** Page n's key prefix is `${keyPrefix}:${n}`. */
  keyPrefix: string;
  work: InFlightWork;
}

/**
 * Stage 1, read: the source app's changes after `cursor`, one page for each value the demand
 * stream emits. The connector's feed is pulled, never pushed: a page is asked of the app only when
 * the pipeline wants one, so the app's pace is the pipeline's (back-pressure), and the pipeline
 * decides how far ahead it reads. Completes after the last page; unsubscribing closes the feed.
 *
 * @example demand$.pipe(readPages({ source, cursor, pageSize: 500, keyPrefix: 'run1:aToB', work }))
 */
export function readPages(params: ReadPagesParams): OperatorFunction<unknown, ReadPage> {
  return (demand$) =>
    defer(() => {
      const controller = new AbortController();
      const feed = params.source.changes(params.cursor, { pageSize: params.pageSize, signal: controller.signal })[Symbol.asyncIterator]();
      let no = 0;
      let ended = false;
      return demand$.pipe(
        concatMap(() => params.work.run(() => feed.next())),
        takeWhile((next) => {
          ended = next.done === true;
          return !ended;
        }),
        map((next): ReadPage => {
          const page = next.value!;
          const n = no++;
          return { no: n, keyPrefix: `${params.keyPrefix}:${n}`, records: page.records, failures: page.failures ?? [], cursor: page.cursor };
        }),
        finalize(() => {
          if (ended) return;
          // Stopped early (unsubscribed, or a later stage failed): let the app's feed release what it holds.
          controller.abort();
          params.work.start(async () => feed.return?.()).catch(() => {});
        }),
      );
    });
}
