import { Subject, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { ChangePage } from '../../ports/connector.port';
import { MemoryConnector } from '../../testing';
import { InFlightWork } from '../in-flight-work';
import { readPages, type ReadPage } from './read-pages.stage';

/** An app whose feed logs when each page is asked for and when the feed is closed. */
function loggedApp(pages: number, log: string[], failAt?: number): MemoryConnector {
  const app = new MemoryConnector({ id: 'a' });
  app.changes = async function* (): AsyncIterable<ChangePage> {
    try {
      for (let i = 0; i < pages; i++) {
        log.push(`read ${i}`);
        await Promise.resolve();
        if (i === failAt) throw new Error(`cannot read ${i}`);
        yield { records: [], cursor: `c${i}`, hasMore: i + 1 < pages };
      }
    } finally {
      log.push('closed');
    }
  };
  return app;
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('readPages', () => {
  it('reads a page only when asked, one for each demand, numbered with its key prefix and cursor, and completes after the last', async () => {
    const log: string[] = [];
    const demand = new Subject<void>();
    const done = lastValueFrom(demand.pipe(readPages({ source: loggedApp(3, log), cursor: null, pageSize: 10, keyPrefix: 'run1:aToB', work: new InFlightWork() }), toArray()));
    await tick();
    expect(log).toEqual([]);
    demand.next();
    await tick();
    expect(log).toEqual(['read 0']);
    demand.next();
    demand.next();
    demand.next();
    const pages = await done;
    expect(pages.map((p) => [p.no, p.keyPrefix, p.cursor])).toEqual([
      [0, 'run1:aToB:0', 'c0'],
      [1, 'run1:aToB:1', 'c1'],
      [2, 'run1:aToB:2', 'c2'],
    ]);
    expect(log).toEqual(['read 0', 'read 1', 'read 2', 'closed']);
  });

  it("closes the app's feed when unsubscribed before its end, and the work tracker waits for it", async () => {
    const log: string[] = [];
    const demand = new Subject<void>();
    const work = new InFlightWork();
    const pages: ReadPage[] = [];
    const sub = demand.pipe(readPages({ source: loggedApp(5, log), cursor: null, pageSize: 10, keyPrefix: 'k', work })).subscribe((p) => pages.push(p));
    demand.next();
    await tick();
    expect(pages.map((p) => p.no)).toEqual([0]);
    sub.unsubscribe();
    await work.idle();
    expect(log).toEqual(['read 0', 'closed']);
  });

  it("passes an unreadable page's error on", async () => {
    const log: string[] = [];
    const demand = new Subject<void>();
    const done = lastValueFrom(demand.pipe(readPages({ source: loggedApp(3, log, 1), cursor: null, pageSize: 10, keyPrefix: 'k', work: new InFlightWork() }), toArray()));
    demand.next();
    demand.next();
    await expect(done).rejects.toThrow('cannot read 1');
    expect(log).toEqual(['read 0', 'read 1', 'closed']);
  });
});
