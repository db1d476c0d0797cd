import { describe, expect, it } from 'vitest';
import type { Link } from '../../ports/links.port';
import { TRASH_TAG } from '../run-params';
import type { Matched } from './match.stage';
import { contact, passFixture } from './pass.fixture';
import { busyOf, planWrites } from './plan.stage';

function matched(fields: Parameters<typeof contact>[0], kind: Matched['kind'], target?: Parameters<typeof contact>[0], link?: Link): Matched {
  const raw = contact(fields);
  return { record: { raw, hash: `h-${raw.id}`, offered: raw, link, kind, note: undefined }, kind, target: target ? contact(target) : undefined, note: undefined };
}

const link = (aId: string, bId: string): Link => ({ aId, bId, values: {}, aHash: '', bHash: '', syncedAt: 0 });

describe('plan stage: planWrites', () => {
  it('creates with every mapped value, updates only what differs, and keeps what a create will link for its intent', () => {
    const { pass, log } = passFixture({ mode: 'a-to-b' });
    const l = log();
    const plan = planWrites(
      pass,
      [matched({ id: 'a1', email: 'new@x.io', firstName: 'Ada' }, 'create'), matched({ id: 'a2', email: 'b@x.io', company: 'New' }, 'update', { id: 'b2', email: 'b@x.io', company: 'Old' }, link('a2', 'b2'))],
      true,
      l,
    );
    expect(plan.targetWrites).toEqual([
      { ref: 'a1', fields: { email: 'new@x.io', firstName: 'Ada' } },
      { ref: 'a2', id: 'b2', fields: { company: 'New' } },
    ]);
    expect(plan.sourceWrites).toEqual([]);
    expect(plan.pending.a1).toMatchObject({ sourceHash: 'h-a1', values: expect.objectContaining({ 'a:email': 'new@x.io', 'b:email': 'new@x.io' }) });
    expect(plan.work.map((m) => m.record.raw.id)).toEqual(['a1', 'a2']);
    expect(plan.resolutions).toHaveLength(2);
    expect(l.counts.skipped).toBe(0);
  });

  it('skips what it cannot write, counting each: a vanished partner, an already trashed one, a create with nothing to send', () => {
    const { pass, log } = passFixture({ mode: 'a-to-b' });
    const l = log();
    const plan = planWrites(
      pass,
      [
        matched({ id: 'a1', email: 'a1@x.io' }, 'update', undefined, link('a1', 'b1')),
        matched({ id: 'a2', deleted: true }, 'trash', { id: 'b2', tags: [TRASH_TAG] }, link('a2', 'b2')),
        matched({ id: 'a3', deleted: true }, 'trash', { id: 'b3', tags: ['vip'] }, link('a3', 'b3')),
        matched({ id: 'a4' }, 'create'),
      ],
      true,
      l,
    );
    expect(l.counts.skipped).toBe(3);
    expect(l.events.map((e) => [e.sourceId, e.reason])).toEqual([
      ['a1', 'E_TARGET_MISSING'],
      ['a2', 'already-trashed'],
      ['a4', 'E_NOTHING_TO_CREATE'],
    ]);
    expect(plan.targetWrites).toEqual([{ ref: 'a3', id: 'b3', fields: { tags: ['vip', TRASH_TAG] } }]);
    expect(plan.resolutions).toEqual([undefined]);
  });

  it('claims the targets and match values of what it writes, for the pages matched meanwhile', () => {
    const { run } = passFixture();
    const busy = busyOf(run.config, [matched({ id: 'a1', email: ' Ada@X.io ' }, 'update', { id: 'b1' }), matched({ id: 'a2', email: 'new@x.io' }, 'create')]);
    expect(busy.targets).toEqual(new Set(['b1']));
    expect(busy.values.get('email')).toEqual(new Set(['ada@x.io', 'new@x.io']));
  });
});
