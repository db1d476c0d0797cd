import { mkdtemp, readdir, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSnapshots } from './file-snapshots';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-snap-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function full(snaps: FileSnapshots, entries: [string, number][]): Promise<string> {
  const w = await snaps.startFull('1:2:3');
  for (const [id, h] of entries) w.add(id, h);
  return w.commit();
}

describe('FileSnapshots', () => {
  it('replays a chain of deltas over a full snapshot', async () => {
    const snaps = new FileSnapshots(dir, 'file-a');
    const base = await full(snaps, [['a', 1], ['b\t"odd"\nid', 2]]);
    const d1 = await snaps.writeDelta(base, [['c', 3], ['a', 9]]);
    const d2 = await snaps.writeDelta(d1, [['b\t"odd"\nid', null]]);
    expect([...(await snaps.load(d2))!]).toEqual([['a', 9], ['c', 3]]);
    expect([...(await snaps.load(base))!]).toEqual([['a', 1], ['b\t"odd"\nid', 2]]);
    expect(await snaps.fileStampOf(base)).toBe('1:2:3');
    expect(await snaps.fileStampOf(d1)).toBeUndefined();
  });

  it("refuses another file's snapshots and names that are not snapshots", async () => {
    const a = new FileSnapshots(dir, 'file-a');
    const name = await full(a, [['x', 1]]);
    expect(await new FileSnapshots(dir, 'file-b').load(name)).toBeUndefined();
    expect(await a.load('../../etc/passwd')).toBeUndefined();
    expect(await a.load('f-00000000-0000-0000-0000-000000000000')).toBeUndefined();
  });

  it('keeps the newest full snapshots and recent files, drops old superseded ones', async () => {
    const snaps = new FileSnapshots(dir, 'f');
    const names: string[] = [];
    for (let i = 0; i < 8; i++) {
      names.push(await full(snaps, [['a', i]]));
      const old = new Date(Date.now() - (10 - i) * 3600 * 1000);
      await utimes(join(dir, names[i]!), old, old);
    }
    const delta = await snaps.writeDelta(names[0]!, [['b', 1]]);
    const old = new Date(Date.now() - 20 * 3600 * 1000);
    await utimes(join(dir, delta), old, old);
    await snaps.collectGarbage(names[7]!);
    expect((await readdir(dir)).sort()).toEqual(names.slice(3).sort());
  });
});
