import type { Link } from '@sluice/engine';
import { MemoryLinks } from '@sluice/engine/testing';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { describeStore } from '../testing/describe-store';

type Op = { kind: 'upsert'; pairs: [number, number][] } | { kind: 'unlink'; aIds: number[] };

const id = fc.integer({ min: 0, max: 5 });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('upsert' as const), pairs: fc.array(fc.tuple(id, id), { minLength: 1, maxLength: 5 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unlink' as const), aIds: fc.array(id, { maxLength: 3 }) }) },
);

const link = (a: number, b: number, step: number): Link => ({ aId: `a${a}`, bId: `b${b}`, values: { step }, aHash: `h${step}`, bHash: 'x', syncedAt: step });

describeStore('links repository against the engine’s in-memory model', (ctx) => {
  it('any sequence of upserts (relinks, swaps, repeats) and unlinks ends in the same table', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 6 }), async (ops) => {
        const scope = { workspaceId: 'model', connectionId: `run${run++}` };
        const model = new MemoryLinks();
        for (const [step, o] of ops.entries()) {
          if (o.kind === 'upsert') {
            const batch = o.pairs.map(([a, b]) => link(a, b, step));
            await model.upsertMany(scope, batch);
            // A `fresh` hint is only a hint: right or wrong (here: every other aId, linked or not),
            // the table must end the same as without it.
            const fresh = new Set(o.pairs.filter(([a]) => (a + step) % 2 === 0).map(([a]) => `a${a}`));
            await ctx.store.links.upsertMany(scope, batch, { fresh });
          } else {
            const aIds = o.aIds.map((a) => `a${a}`);
            await model.unlinkByA(scope, aIds);
            await ctx.store.links.unlinkByA(scope, aIds);
          }
        }
        const all = Array.from({ length: 6 }, (_, i) => `a${i}`);
        const sort = (ls: Link[]) => ls.sort((x, y) => x.aId.localeCompare(y.aId));
        expect(sort(await ctx.store.links.findByA(scope, all))).toEqual(sort(await model.findByA(scope, all)));
        expect(await ctx.store.links.count(scope)).toBe(await model.count(scope));
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});
