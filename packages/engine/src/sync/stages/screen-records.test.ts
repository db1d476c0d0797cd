import { describe, expect, it } from 'vitest';
import type { Link } from '../../ports/links.port';
import { syncEverything } from '../rule-decider';
import { contact, passFixture } from './pass.fixture';
import { changedSince, decideRecords, hashRecords, screenRecords, skipUnchanged, syncedHashes } from './screen-records';

describe('screen-and-decide functions', () => {
  it('skips records whose hash is the one last synced, and counts them', () => {
    const { log } = passFixture();
    const records = [contact({ id: 'a1', email: 'a1@x.io' }), contact({ id: 'a2', email: 'a2@x.io' })];
    const hashes = hashRecords(records, 'salt');
    const synced = syncedHashes([{ aId: 'a1', bId: 'b1', aHash: hashes.get('a1')!, bHash: 'x', syncedAt: 0 }], 'a');
    const l = log();
    expect(skipUnchanged(records, hashes, synced, l).map((r) => r.id)).toEqual(['a2']);
    expect(l.counts.skipped).toBe(1);
    expect(l.events).toEqual([]);
  });

  it('fails a record screening refuses, in its own log, and passes the others on with their hashes', () => {
    const { log } = passFixture();
    const good = contact({ id: 'a1', email: 'a1@x.io', firstName: 'Ann\u0007' });
    const bad = contact({ id: 'a2', email: 'not an email' });
    const hashes = hashRecords([good, bad], 'salt');
    const l = log();
    const out = screenRecords('a', [good, bad], hashes, undefined, 'salt', l);
    expect(out.map((s) => [s.raw.id, s.raw.firstName])).toEqual([['a1', 'Ann']]);
    expect(out[0]!.hash).not.toBe(hashes.get('a1'));
    expect(out[0]!.note).toMatch(/normalised firstName/);
    expect(l.counts.failed).toBe(1);
    expect(l.errors).toEqual([{ code: 'E_BAD_EMAIL', message: expect.stringContaining('not an email'), recordId: 'a2' }]);
    expect(l.health).toEqual([expect.objectContaining({ side: 'a', recordId: 'a2', status: 'failed', reason: 'E_BAD_EMAIL' })]);
  });

  it('sorts records into excluded, deletions, skipped and candidates, counting each', () => {
    const { run, log } = passFixture({ options: { avoidDuplicates: true, syncDeletions: true, syncUnsubscribes: true } });
    const link: Link = { aId: 'a3', bId: 'b3', values: {}, aHash: 'old', bHash: 'h', syncedAt: 0 };
    const records = [
      contact({ id: 'a1', email: 'a1@x.io', tags: ['vip'] }),
      contact({ id: 'a2', email: 'a2@x.io' }),
      contact({ id: 'a3', email: 'a3@x.io', deleted: true }),
      contact({ id: 'a4', deleted: true }),
      contact({ id: 'a5', firstName: 'No email' }),
    ];
    const hashes = hashRecords(records, 'salt');
    const screened = screenRecords('a', records, hashes, undefined, 'salt', log());
    const onlyVips = (r: (typeof records)[number]) => (r.tags.includes('vip') ? syncEverything(r) : { sync: false, record: r, excludedBy: 'c1', reason: 'not a VIP' });
    const l = log();
    const out = decideRecords('a', run.config, onlyVips, screened, new Map([['a3', 'old']]), new Map([['a3', link]]), l);
    expect(out.candidates.map((c) => [c.raw.id, c.kind])).toEqual([
      ['a1', 'create'],
      ['a3', 'trash'],
    ]);
    expect(out.unlinked.map((r) => r.id)).toEqual(['a1']);
    expect(l.counts).toMatchObject({ excluded: 2, skipped: 1, failed: 0 });
    expect(l.events.map((e) => [e.sourceId, e.outcome, e.reason])).toEqual([
      ['a2', 'excluded', 'excludedBy:c1'],
      ['a4', 'skipped', 'deleted-unlinked'],
      ['a5', 'excluded', 'excludedBy:c1'],
    ]);
    // a5 would be skipped for its missing email, but the rules exclude it first.
    const l2 = log();
    const all = decideRecords('a', run.config, syncEverything, screened, new Map(), new Map(), l2);
    expect(all.candidates.map((c) => c.raw.id)).toEqual(['a1', 'a2']);
    expect(l2.events.find((e) => e.sourceId === 'a5')).toMatchObject({ outcome: 'skipped', reason: 'E_NO_MATCH_KEY' });
  });

  it('names the linked records changed since their last sync', () => {
    const records = [contact({ id: 'a1', email: 'a1@x.io' }), contact({ id: 'a2', email: 'a2@x.io' }), contact({ id: 'a3', email: 'a3@x.io' })];
    const hashes = hashRecords(records, 'salt');
    const screened = records.map((r) => ({ raw: r, hash: hashes.get(r.id)!, note: undefined }));
    expect(changedSince(screened, new Map([['a1', hashes.get('a1')!], ['a2', 'older']]))).toEqual(['a2']);
  });
});
