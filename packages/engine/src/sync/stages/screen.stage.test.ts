import { firstValueFrom, from, lastValueFrom, of, tap } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { Link } from '../../ports/links.port';
import type { ReadPage } from './read-pages.stage';
import { contact, passFixture } from './pass.fixture';
import { screenStage } from './screen.stage';
import { hashRecords } from './screen-records';

function readPage(no: number, records: ReadPage['records'], failures: ReadPage['failures'] = []): ReadPage {
  return { no, keyPrefix: `run1:aToB:${no}`, records, failures, cursor: `c${no}` };
}

describe('screen stage', () => {
  it('counts what it read, skipped unchanged, failed and excluded, and passes on the rest with the links of the changed ones', async () => {
    const { stores, run, pass } = passFixture({ mode: 'a-to-b' });
    const unchanged = contact({ id: 'a2', email: 'a2@x.io' });
    const changed = contact({ id: 'a3', email: 'a3@x.io', firstName: 'New' });
    const hashes = hashRecords([unchanged], 'salt');
    const links: Link[] = [
      { aId: 'a2', bId: 'b2', values: {}, aHash: hashes.get('a2')!, bHash: 'h', syncedAt: 0 },
      { aId: 'a3', bId: 'b3', values: { 'a:firstName': 'Old' }, aHash: 'older', bHash: 'h', syncedAt: 0 },
    ];
    await stores.links.upsertMany(run.scope, links);
    // No email, no phone: nothing to match it on.
    const unmatchable = contact({ id: 'a5', firstName: 'Nobody' });
    const records = [contact({ id: 'a1', email: 'a1@x.io' }), contact({ id: 'a1', email: 'a1@x.io' }), unchanged, changed, contact({ id: 'a4', email: 'not an email' }), unmatchable];
    const page = readPage(0, records, [{ ref: 'a9', code: 'E_READ', message: 'the app could not read it' }]);
    pass.pages.open(0, new Set(['a1', 'a2', 'a3', 'a4', 'a5']));
    const out = await firstValueFrom(of(page).pipe(screenStage(pass)));
    expect(out.candidates.map((c) => [c.raw.id, c.kind, c.link?.bId])).toEqual([
      ['a1', 'create', undefined],
      ['a3', 'update', 'b3'],
    ]);
    expect(out.unlinked.map((r) => r.id)).toEqual(['a1']);
    expect([...out.neverLinked].sort()).toEqual(['a1', 'a4', 'a5']);
    expect(out.logs).toHaveLength(1);
    const { counts, errors } = out.logs[0]!;
    // a1 is read once (the page held it twice); the read failure and the bad email are failures, a2 and a5 skipped.
    expect(counts).toMatchObject({ read: { a: 5, b: 0 }, skipped: 2, failed: 2, excluded: 0, created: { a: 0, b: 0 }, updated: { a: 0, b: 0 } });
    expect(errors.map((e) => [e.recordId, e.code])).toEqual([
      ['a9', 'E_READ'],
      ['a4', 'E_BAD_EMAIL'],
    ]);
    expect(out.stamp).toEqual({ runId: 'run1', direction: 'aToB', at: run.clock.now() });
  });

  it('counts what the rules exclude', async () => {
    const { pass } = passFixture({ mode: 'a-to-b' });
    pass.run.deciders.aToB = (r) => (r.tags.includes('vip') ? { sync: true, record: r } : { sync: false, record: r, excludedBy: 'c1', reason: 'not a VIP' });
    const page = readPage(0, [contact({ id: 'a1', email: 'a1@x.io', tags: ['vip'] }), contact({ id: 'a2', email: 'a2@x.io' })]);
    pass.pages.open(0, new Set(['a1', 'a2']));
    const out = await firstValueFrom(of(page).pipe(screenStage(pass)));
    expect(out.candidates.map((c) => c.raw.id)).toEqual(['a1']);
    expect(out.logs[0]!.counts).toMatchObject({ read: { a: 2 }, excluded: 1, skipped: 0 });
  });

  it("screens a page holding a record an earlier page holds only once that page's links are stored", async () => {
    const { pass } = passFixture({ mode: 'a-to-b' });
    pass.pages.open(0, new Set(['a1']));
    const order: string[] = [];
    const screened = lastValueFrom(
      from([readPage(1, [contact({ id: 'a1', email: 'a1@x.io' })]), readPage(2, [contact({ id: 'a2', email: 'a2@x.io' })])]).pipe(
        screenStage(pass),
        tap((p) => order.push(`screened ${p.no}`)),
      ),
    );
    // Page 2 holds nothing page 0 holds, but pages are screened in order: neither is screened before page 0 links.
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual([]);
    order.push('linked 0');
    pass.pages.linked(0);
    await screened;
    expect(order).toEqual(['linked 0', 'screened 1', 'screened 2']);
  });
});
