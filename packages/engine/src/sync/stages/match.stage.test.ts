import type { Contact } from '@sluice/graph';
import { firstValueFrom, of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { matchStage, pairUp } from './match.stage';
import { contact, passFixture } from './pass.fixture';
import type { DecidedPage } from './screen.stage';
import { hashRecords, type Candidate } from './screen-records';

function candidates(records: Contact[], kind: Candidate['kind'] = 'create'): Candidate[] {
  const hashes = hashRecords(records, 'salt');
  return records.map((r) => ({ raw: r, hash: hashes.get(r.id)!, offered: r, link: undefined, kind, note: undefined }));
}

describe('match stage', () => {
  it('matches creates in the other app by email, holds back a second record with the same email, and counts it skipped', async () => {
    const { b, pass, log } = passFixture();
    b.add({ id: 'b1', email: 'ada@x.io', phone: 'call me' });
    const records = [contact({ id: 'a1', email: 'ADA@x.io' }), contact({ id: 'a2', email: 'new@x.io' }), contact({ id: 'a3', email: 'new@x.io' })];
    const page: DecidedPage = {
      no: 0,
      keyPrefix: 'run1:aToB:0',
      records,
      failures: [],
      cursor: '1',
      stamp: { runId: 'run1', direction: 'aToB', at: 0 },
      neverLinked: new Set(records.map((r) => r.id)),
      candidates: candidates(records),
      unlinked: records,
      logs: [log()],
    };
    pass.pages.open(0, new Set(records.map((r) => r.id)));
    const out = await firstValueFrom(of(page).pipe(matchStage(pass)));
    expect(out.matched.map((m) => [m.record.raw.id, m.kind, m.target?.id])).toEqual([
      ['a1', 'update', 'b1'],
      ['a2', 'create', undefined],
    ]);
    // The other app's record is screened: a phone there that is not one is left out, with a note.
    expect(out.matched[0]!.target!.phone).toBeUndefined();
    expect(out.matched[0]!.note).toMatch(/^in Memory b: phone "call me" is not a phone number/);
    const matchLog = out.logs[1]!;
    expect(matchLog.counts.skipped).toBe(1);
    expect(matchLog.events).toEqual([expect.objectContaining({ sourceId: 'a3', outcome: 'skipped', reason: 'E_DUPLICATE_IN_SOURCE' })]);
    expect(out.logs[0]!.counts.skipped).toBe(0);
  });

  it('treats what an earlier page in flight is about to link as linked', async () => {
    const { b, pass } = passFixture();
    b.add({ id: 'b1', email: 'ada@x.io' });
    pass.pages.open(0, new Set(['a0']));
    pass.pages.claim(0, { targets: new Set(['b1']), values: new Map([['email', new Set()]]) });
    const records = [contact({ id: 'a1', email: 'ada@x.io' })];
    pass.pages.open(1, new Set(['a1']));
    const page: DecidedPage = {
      no: 1,
      keyPrefix: 'run1:aToB:1',
      records,
      failures: [],
      cursor: '2',
      stamp: { runId: 'run1', direction: 'aToB', at: 0 },
      neverLinked: new Set(['a1']),
      candidates: candidates(records),
      unlinked: records,
      logs: [],
    };
    const out = await firstValueFrom(of(page).pipe(matchStage(pass)));
    expect(out.matched).toEqual([]);
    expect(out.logs[0]!.events).toEqual([expect.objectContaining({ sourceId: 'a1', reason: 'E_ALREADY_LINKED' })]);
    // Once that page's links are stored, the claim is gone (the link table answers instead).
    pass.pages.linked(0);
    const again = await firstValueFrom(of(page).pipe(matchStage(pass)));
    expect(again.matched.map((m) => m.target?.id)).toEqual(['b1']);
  });

  it('pairs a linked record with its partner as fetched, and marks the other records a create matched as duplicates', () => {
    const { log } = passFixture();
    const linked = candidates([contact({ id: 'a1', email: 'a1@x.io' })], 'update').map((c) => ({ ...c, link: { aId: 'a1', bId: 'b1', values: {}, aHash: '', bHash: '', syncedAt: 0 } }));
    const creates = candidates([contact({ id: 'a2', email: 'a2@x.io' })]);
    const l = log();
    const out = pairUp(
      [...linked, ...creates],
      new Map([['a2', { kind: 'matched', target: contact({ id: 'b2', email: 'a2@x.io' }), key: 'email', alsoMatched: ['b3'] }]]),
      [contact({ id: 'b1', email: 'a1@x.io' })],
      'b',
      undefined,
      'B',
      l,
    );
    expect(out.map((m) => [m.record.raw.id, m.kind, m.target?.id])).toEqual([
      ['a1', 'update', 'b1'],
      ['a2', 'update', 'b2'],
    ]);
    expect(l.health).toEqual([expect.objectContaining({ side: 'b', recordId: 'b3', status: 'duplicate', reason: 'E_DUPLICATE_MATCH' })]);
    expect(l.counts.skipped).toBe(0);
  });
});
