import { concatMap, defer, map, of, takeWhile, tap, throwError, timer, type MonoTypeOperatorFunction, type OperatorFunction } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { directionPipeline, type DirectionStages } from './direction-pipeline';

/**
 * Marble tests of the wiring alone: fake stages that take a fixed number of virtual frames per page
 * and log when each page enters and leaves them. (The real stages are tested on their own.)
 */
function harness(scheduler: TestScheduler, options: { pages: number; read?: number; prepare?: number; write?: number; settle?: number; failReadAt?: number }) {
  const log: string[] = [];
  const now = () => scheduler.now();
  const note = (what: string) => log.push(`${now()} ${what}`);
  /** One page at a time, `frames` per page. */
  const stage = (name: string, frames: number): MonoTypeOperatorFunction<number> =>
    concatMap((page) =>
      defer(() => {
        note(`${name} ${page}`);
        return timer(frames).pipe(map(() => page));
      }),
    );
  const read: OperatorFunction<unknown, number> = (demand$) =>
    defer(() => {
      let next = 0;
      return demand$.pipe(
        concatMap(() => {
          const page = next++;
          if (page >= options.pages) return of(-1);
          note(`read ${page}`);
          if (page === options.failReadAt) return timer(options.read ?? 1).pipe(concatMap(() => throwError(() => new Error(`cannot read page ${page}`))));
          return timer(options.read ?? 1).pipe(map(() => page));
        }),
        takeWhile((page) => page >= 0),
      );
    });
  const stages: DirectionStages<number, number, number, number> = {
    read,
    prepare: stage('prepare', options.prepare ?? 2),
    write: stage('write', options.write ?? 3),
    settle: (pages$) => pages$.pipe(stage('settle', options.settle ?? 1), tap((page) => note(`checkpoint ${page}`))),
  };
  return { log, pipeline: directionPipeline(stages) };
}

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

/** The frame of the first log line that starts with `what`. */
function at(log: readonly string[], what: string): number {
  const line = log.find((l) => l.slice(l.indexOf(' ') + 1) === what);
  if (!line) throw new Error(`never logged: ${what}`);
  return Number(line.slice(0, line.indexOf(' ')));
}

/**
 * The most pages that were read and had not started writing (`ahead`), and that had started writing
 * and not stored their checkpoint (`unsettled`), counted at the end of each frame (within a frame, the
 * next read is asked for just before the write it follows).
 */
function inFlight(log: readonly string[]): { ahead: number; unsettled: number } {
  const frames = new Map<number, string[]>();
  for (const line of log) {
    const [frame, what] = line.split(' ');
    frames.set(Number(frame), [...(frames.get(Number(frame)) ?? []), what!]);
  }
  let read = 0;
  let writing = 0;
  let settled = 0;
  const most = { ahead: 0, unsettled: 0 };
  for (const whats of frames.values()) {
    for (const what of whats) {
      if (what === 'read') read++;
      if (what === 'write') writing++;
      if (what === 'checkpoint') settled++;
    }
    most.ahead = Math.max(most.ahead, read - writing);
    most.unsettled = Math.max(most.unsettled, writing - settled);
  }
  return most;
}

/** A read stage of pages 0 to 4, each at once on demand, logged as it is read. */
function fivePages(log: string[]): OperatorFunction<unknown, number> {
  return (demand$) =>
    defer(() => {
      let next = 0;
      return demand$.pipe(
        map(() => next++),
        takeWhile((page) => page < 5),
        tap((page) => log.push(`read ${page}`)),
      );
    });
}

describe('directionPipeline (marble tests)', () => {
  it('settles every page once, in order, and completes after the last', () => {
    const s = scheduler();
    s.run(({ expectObservable }) => {
      const { pipeline } = harness(s, { pages: 4, read: 1, prepare: 1, write: 1, settle: 1 });
      // Page n writes at frames 3 + n.. (one at a time), settles one frame after; the source ends with page 3.
      expectObservable(pipeline).toBe('----abc(d|)', { a: 0, b: 1, c: 2, d: 3 });
    });
  });

  it('reads the next page and prepares it while the current one writes', () => {
    const s = scheduler();
    const { log, pipeline } = harness(s, { pages: 4, read: 1, prepare: 2, write: 5, settle: 1 });
    s.run(({ expectObservable }) => expectObservable(pipeline).toBe('---------a----b----c----(d|)', { a: 0, b: 1, c: 2, d: 3 }));
    // Page 0 writes from frame 3 to 8; page 1 is prepared (4–6) and page 2 read (3–4) meanwhile.
    expect(at(log, 'write 0')).toBe(3);
    expect(at(log, 'read 2')).toBe(3);
    expect(at(log, 'prepare 1')).toBe(3);
    expect(at(log, 'write 1')).toBe(8);
    // Writes never overlap one another, and go in page order.
    const writes = log.filter((l) => l.includes(' write '));
    expect(writes.map((l) => l.split(' ')[2])).toEqual(['0', '1', '2', '3']);
  });

  it('holds writing back while pages before are slow to settle: at most two pages written and not settled', () => {
    const s = scheduler();
    const { log, pipeline } = harness(s, { pages: 6, read: 1, prepare: 1, write: 1, settle: 10 });
    s.run(({ expectObservable }) => expectObservable(pipeline).toBe('-------------a---------b---------c---------d---------e---------(f|)', { a: 0, b: 1, c: 2, d: 3, e: 4, f: 5 }));
    const most = inFlight(log);
    expect(most.unsettled).toBe(2);
    expect(most.ahead).toBe(2);
    // Page 2 starts writing in the frame page 0's checkpoint is stored, and page 4 is read only once page 2 writes.
    expect(at(log, 'write 2')).toBe(at(log, 'checkpoint 0'));
    expect(at(log, 'read 4')).toBe(at(log, 'write 2'));
    // A page is prepared only once the page before writes, so its lookups never queue ahead of that page's work.
    for (let n = 0; n < 5; n++) expect(at(log, `prepare ${n + 1}`)).toBeGreaterThanOrEqual(at(log, `write ${n}`));
  });

  it('reads at most two pages ahead of a slow write stage, each next one as a page starts writing', () => {
    const s = scheduler();
    const { log, pipeline } = harness(s, { pages: 8, read: 1, prepare: 1, write: 10, settle: 1 });
    s.run(({ expectObservable }) => expectObservable(pipeline).toBe('-------------a---------b---------c---------d---------e---------f---------g---------(h|)', { a: 0, b: 1, c: 2, d: 3, e: 4, f: 5, g: 6, h: 7 }));
    const most = inFlight(log);
    // However slow the app, no more than two pages wait in memory for it; a page starts writing while the one before settles.
    expect(most.ahead).toBe(2);
    expect(most.unsettled).toBe(2);
    // Page n + 2 is read in the frame page n starts writing, not before.
    for (let n = 1; n < 6; n++) expect(at(log, `read ${n + 2}`)).toBe(at(log, `write ${n}`));
  });

  it('stops mid-page when unsubscribed: the page being written never reaches its checkpoint, nothing runs after', () => {
    const s = scheduler();
    const { log, pipeline } = harness(s, { pages: 4, read: 1, prepare: 1, write: 4, settle: 1 });
    // Page 0 writes 2–6 and settles at 7; page 1 writes from 6 to 10; the subscriber leaves at frame 9.
    s.run(({ expectObservable }) => expectObservable(pipeline, '^--------!').toBe('-------a--', { a: 0 }));
    expect(log.filter((l) => l.includes('checkpoint'))).toEqual(['7 checkpoint 0']);
    expect(at(log, 'write 1')).toBe(6);
    expect(log.every((l) => Number(l.split(' ')[0]) <= 9)).toBe(true);
  });

  it('stops mid-settle when unsubscribed: a page whose links and history are being stored gets no checkpoint', () => {
    const s = scheduler();
    const { log, pipeline } = harness(s, { pages: 3, read: 1, prepare: 1, write: 1, settle: 6 });
    // Page 0 settles from frame 3 to 9, page 1 from 9; the subscriber leaves at frame 11, during page 1's.
    s.run(({ expectObservable }) => expectObservable(pipeline, '^----------!').toBe('---------a--', { a: 0 }));
    expect(at(log, 'settle 1')).toBe(9);
    expect(log.filter((l) => l.includes('checkpoint'))).toEqual(['9 checkpoint 0']);
    expect(log.every((l) => Number(l.split(' ')[0]) <= 11)).toBe(true);
  });

  it('lets the pages read before an unreadable one settle, then fails with its error', () => {
    const s = scheduler();
    const { log, pipeline } = harness(s, { pages: 4, read: 1, prepare: 1, write: 1, settle: 1, failReadAt: 2 });
    s.run(({ expectObservable }) => expectObservable(pipeline).toBe('----a(b#)', { a: 0, b: 1 }, new Error('cannot read page 2')));
    expect(log.filter((l) => l.includes('checkpoint'))).toEqual(['4 checkpoint 0', '5 checkpoint 1']);
  });

  it('lets the pages written before a failed write settle, starts writing none after it, then fails with its error', () => {
    const s = scheduler();
    s.run(({ expectObservable }) => {
      const log: string[] = [];
      const pipeline = directionPipeline<number, number, number, number>({
        read: fivePages(log),
        prepare: concatMap((page) => timer(1).pipe(map(() => page))),
        write: concatMap((page) => (page === 1 ? throwError(() => new Error('app down')) : timer(2).pipe(map(() => page), tap(() => log.push(`write ${page}`))))),
        settle: concatMap((page) => timer(3).pipe(map(() => page), tap(() => log.push(`checkpoint ${page}`)))),
      });
      // Page 0 writes 1–3 and settles 3–6; page 1's write fails at 3.
      expectObservable(pipeline).toBe('------(a#)', { a: 0 }, new Error('app down'));
      s.flush();
      expect(log).toEqual(['read 0', 'read 1', 'read 2', 'write 0', 'read 3', 'checkpoint 0']);
    });
  });

  it('stops at once when settling fails: no page after it settles', () => {
    const s = scheduler();
    s.run(({ expectObservable }) => {
      const log: string[] = [];
      const pipeline = directionPipeline<number, number, number, number>({
        read: fivePages(log),
        prepare: concatMap((page) => timer(1).pipe(map(() => page))),
        write: concatMap((page) => timer(1).pipe(map(() => page))),
        settle: concatMap((page) => (page === 0 ? timer(2).pipe(concatMap(() => throwError(() => new Error('database down')))) : timer(1).pipe(map(() => page), tap(() => log.push(`checkpoint ${page}`))))),
      });
      expectObservable(pipeline).toBe('----#', undefined, new Error('database down'));
      s.flush();
      expect(log.filter((l) => l.startsWith('checkpoint'))).toEqual([]);
    });
  });
});
