import { startEmbeddedMongo, type EmbeddedMongo } from '@sluice/embedded-mongo';
import { COLLECTIONS, openStore, type LiveEventsRepo, type Store } from '@sluice/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuntimeEvent } from '../runtime.port';
import { LiveTail } from './live.tail';

let mongo: EmbeddedMongo;
let store: Store;
let n = 0;

beforeAll(async () => {
  mongo = await startEmbeddedMongo({ dataDir: ':memory:' });
  store = await openStore({ uri: mongo.uri, dbName: 'live_tail_test', secretKey: 'b2'.repeat(32) });
});
afterAll(async () => {
  await store.close();
  await mongo.close();
});

const state = (workspaceId: string, s: string): RuntimeEvent => ({ type: 'state', workspaceId, connectionId: 'c1', state: s as 'ready', at: ++n });

/** Collects what a listener gets, and waits for it. */
function collector() {
  const got: Array<[number, string]> = [];
  return {
    got,
    push: (seq: number, e: RuntimeEvent) => void got.push([seq, e.type === 'state' ? e.state : e.type]),
    async until(count: number, ms = 3_000) {
      const end = Date.now() + ms;
      while (got.length < count && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
      return got;
    },
  };
}

/** The store's feed, noting the sequence numbers of every page a tail reads: the signal that a poll has run. */
function watched(repo: LiveEventsRepo) {
  const reads: number[][] = [];
  const feed = Object.create(repo) as LiveEventsRepo;
  feed.after = async <E extends object>(workspaceId: string, seq: number, limit?: number) => {
    const page = await repo.after<E>(workspaceId, seq, limit);
    reads.push(page.map((r) => r.seq));
    return page;
  };
  /** Resolves once `count` more reads have finished (a read ends before the tail's next one starts). */
  const polls = async (count: number, matching: (seqs: number[]) => boolean = () => true) => {
    const from = reads.length;
    const end = Date.now() + 5_000;
    while (reads.slice(from).filter(matching).length < count) {
      if (Date.now() > end) throw new Error(`the tail did not poll ${count} times`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  return { feed, polls };
}

/** What a writer does between numbering its events and inserting them: the head moved, the event is not there yet. */
async function numberWithoutWriting(workspaceId: string): Promise<void> {
  await store.db.collection<{ _id: string; head: number; workspaceId: string }>(COLLECTIONS.liveEvents).updateOne({ _id: `head:${workspaceId}` }, { $inc: { head: 1 }, $setOnInsert: { workspaceId } }, { upsert: true });
}

describe('live tail', () => {
  it('hands every listener each event once, in order, and nothing of other workspaces', async () => {
    const { feed, polls } = watched(store.live);
    const tail = new LiveTail(feed, { pollMs: 20 });
    await store.live.append('t1', [state('t1', 'before')]);
    const a = collector();
    const b = collector();
    const stopA = await tail.listen('t1', null, a.push);
    const stopB = await tail.listen('t1', null, b.push);
    await store.live.append('t1', [state('t1', 'authorizing'), state('t1', 'ready')]);
    await store.live.append('t2', [state('t2', 'elsewhere')]);
    await store.live.append('t1', [state('t1', 'initialSync')]);
    expect(await a.until(3)).toEqual([
      [2, 'authorizing'],
      [3, 'ready'],
      [4, 'initialSync'],
    ]);
    expect(await b.until(3)).toEqual(a.got);
    await polls(3); // read again, handed out nothing again
    expect(a.got).toHaveLength(3);
    expect(b.got).toHaveLength(3);
    stopA();
    stopB();
  });

  it('resumes after a given sequence number, and from now on when the number lies ahead of the feed', async () => {
    const tail = new LiveTail(store.live, { pollMs: 20 });
    await store.live.append('t3', [state('t3', 'one'), state('t3', 'two'), state('t3', 'three')]);
    const resumed = collector();
    const stop = await tail.listen('t3', 1, resumed.push);
    expect(await resumed.until(2)).toEqual([
      [2, 'two'],
      [3, 'three'],
    ]);
    const foreign = collector();
    const stopForeign = await tail.listen('t3', 999, foreign.push);
    await store.live.append('t3', [state('t3', 'four')]);
    expect(await foreign.until(1)).toEqual([[4, 'four']]);
    expect(await resumed.until(3)).toEqual([
      [2, 'two'],
      [3, 'three'],
      [4, 'four'],
    ]);
    stop();
    stopForeign();
  });

  it('holds events back behind one still being written, so none is overtaken', async () => {
    const { feed, polls } = watched(store.live);
    const tail = new LiveTail(feed, { pollMs: 20, gapGraceMs: 5_000 });
    const got = collector();
    const stop = await tail.listen('t4', null, got.push);
    await numberWithoutWriting('t4'); // seq 1, a slow writer
    await store.live.append('t4', [state('t4', 'fast')]); // seq 2
    await polls(2, (seqs) => seqs.includes(2)); // the tail has read "fast" twice and held it back
    expect(got.got).toEqual([]);
    await store.db
      .collection(COLLECTIONS.liveEvents)
      .insertOne({ _id: 't4:1' as never, workspaceId: 't4', seq: 1, writtenAt: Date.now(), event: state('t4', 'slow'), expiresAt: new Date(Date.now() + 60_000) });
    expect(await got.until(2)).toEqual([
      [1, 'slow'],
      [2, 'fast'],
    ]);
    stop();
  });

  it('gives up on a hole after its grace (a writer died between numbering and writing)', async () => {
    const tail = new LiveTail(store.live, { pollMs: 20, gapGraceMs: 300 });
    const got = collector();
    const stop = await tail.listen('t5', null, got.push);
    await numberWithoutWriting('t5');
    await store.live.append('t5', [state('t5', 'after the hole')]);
    const started = Date.now();
    expect(await got.until(1)).toEqual([[2, 'after the hole']]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    stop();
  });

  it('reads at once when poked (a local write) instead of at the next poll', async () => {
    const { feed, polls } = watched(store.live);
    const tail = new LiveTail(feed, { pollMs: 10_000 });
    const got = collector();
    const reading = polls(1);
    const stop = await tail.listen('t6', null, got.push);
    await reading; // the first poll has run; the next is 10 s away
    await store.live.append('t6', [state('t6', 'now')]);
    tail.poke();
    expect(await got.until(1, 1_000)).toEqual([[1, 'now']]);
    stop();
  });
});
