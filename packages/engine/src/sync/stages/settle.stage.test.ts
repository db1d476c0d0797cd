import { firstValueFrom, from, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { PageLog } from '../page-log';
import { passFixture } from './pass.fixture';
import { settleStage } from './settle.stage';
import type { WrittenPage } from './write.stage';

function written(no: number, ids: string[]): WrittenPage {
  const log = new PageLog({ runId: 'run1', direction: 'aToB', at: no });
  for (const id of ids) {
    log.counts.created.b++;
    log.event({ sourceId: id, targetId: `b-${id}`, outcome: 'created' });
    log.status('a', id, 'inSync');
  }
  const screening = new PageLog({ runId: 'run1', direction: 'aToB', at: no });
  screening.counts.read.a += ids.length + 1;
  screening.failed('a', `bad${no}`, 'E_BAD_EMAIL', 'not an email');
  return {
    no,
    cursor: `c${no}`,
    stamp: { runId: 'run1', direction: 'aToB', at: no },
    neverLinked: new Set(ids),
    links: ids.map((id) => ({ aId: id, bId: `b-${id}`, values: {}, aHash: 'h', bHash: 'h', syncedAt: no })),
    fresh: new Set(ids),
    intentKeys: [`run1:aToB:${no}:b:0`],
    logs: [screening, log],
  };
}

describe('settle stage', () => {
  it("stores a page's links, history and cursor, and emits what all of its stages counted", async () => {
    const { stores, pass, run } = passFixture({ mode: 'a-to-b' });
    for (const no of [0, 1]) pass.pages.open(no, new Set(no === 0 ? ['a1', 'a2'] : ['a3']));
    await stores.intents.add(run.scope, { idempotencyKey: 'run1:aToB:0:b:0', direction: 'aToB', side: 'b', runId: 'run1', writes: [], pending: {}, createdAt: 0 });
    const out = await firstValueFrom(from([written(0, ['a1', 'a2']), written(1, ['a3'])]).pipe(settleStage(pass), toArray()));
    expect(out.map((p) => [p.no, p.cursor, p.counts.created.b, p.counts.read.a, p.counts.failed, p.errors.length])).toEqual([
      [0, 'c0', 2, 3, 1, 1],
      [1, 'c1', 1, 2, 1, 1],
    ]);
    expect((await stores.checkpoints.get(run.scope, 'aToB'))?.cursor).toBe('c1');
    expect(await stores.links.count(run.scope)).toBe(3);
    expect(await stores.events.query(run.scope, { limit: 10 })).toHaveLength(5);
    expect(await stores.intents.pending(run.scope)).toEqual([]);
  });

  it("moves the cursor past a page only once its history is stored, and the cursors in page order", async () => {
    const { stores, pass } = passFixture({ mode: 'a-to-b' });
    const order: string[] = [];
    const insert = stores.events.insertMany.bind(stores.events);
    // The first page's history is stored only once the second page's is.
    let secondStored!: () => void;
    const second = new Promise<void>((resolve) => (secondStored = resolve));
    stores.events.insertMany = async (s, events) => {
      if (events[0]!.at === 0) await second;
      await insert(s, events);
      order.push(`history ${events[0]!.at}`);
      if (events[0]!.at === 1) secondStored();
    };
    const set = stores.checkpoints.set.bind(stores.checkpoints);
    stores.checkpoints.set = async (s, checkpoint) => {
      order.push(`cursor ${checkpoint.cursor}`);
      await set(s, checkpoint);
    };
    for (const no of [0, 1]) pass.pages.open(no, new Set([`a${no}`]));
    await firstValueFrom(from([written(0, ['a0']), written(1, ['a1'])]).pipe(settleStage(pass), toArray()));
    expect(order).toEqual(['history 1', 'history 0', 'cursor c0', 'cursor c1']);
  });

  it("stores a page's history after that of an earlier page holding one of its records", async () => {
    const { stores, pass } = passFixture({ mode: 'a-to-b' });
    const order: number[] = [];
    const insert = stores.events.insertMany.bind(stores.events);
    let call = 0;
    stores.events.insertMany = async (s, events) => {
      await new Promise((resolve) => setTimeout(resolve, call++ === 0 ? 30 : 0));
      await insert(s, events);
      order.push(events[0]!.at);
    };
    for (const no of [0, 1]) pass.pages.open(no, new Set(['a1']));
    await firstValueFrom(from([written(0, ['a1']), written(1, ['a1'])]).pipe(settleStage(pass), toArray()));
    expect(order).toEqual([0, 1]);
  });
});
