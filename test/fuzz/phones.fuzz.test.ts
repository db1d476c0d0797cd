import type { Contact } from '@sluice/graph';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { jsonlPair, scope, type Line } from '../scenarios/jsonl-pair.harness';
import { fuzzSeed, reportFigures } from './cli.runner';
import { phoneCase, type PhoneCase } from './phone.arbitrary';

// Contacts with phone numbers in every format (fast-check, fixed seed) through a real two-way sync
// of two jsonl files (the engine, the jsonl connector, memory stores): the run never fails; every
// record arrives whole on the other side; each phone arrives as written, in ASCII, or not at all, as
// the screening policy says (docs/sync-semantics.md); each one changed or left out has its note in
// history; and a second run writes nothing.
//
// Twins (one person in both files, phones on one side only) have their phones in A. Phones held by
// the matched target (B) are screened too; run-sync.test.ts ("screens the other side too") covers that.

const PHONE_FIELDS = ['phone', 'mobile'] as const;
type PhoneField = (typeof PHONE_FIELDS)[number];

interface Person {
  side: 'a' | 'b';
  phones: Partial<Record<PhoneField, PhoneCase>>;
  /** Also in B, under the same email and with no phones: matched, then updated (only for people in A). */
  twin: boolean;
}

const person = fc
  .record({
    side: fc.constantFrom<'a' | 'b'>('a', 'b'),
    phones: fc.record({ phone: phoneCase, mobile: phoneCase }, { requiredKeys: [] }),
    twin: fc.double({ min: 0, max: 1, noNaN: true }).map((x) => x < 0.25),
  })
  .map((p): Person => ({ ...p, twin: p.twin && p.side === 'a' }));

/** Runs with their seed-fixed people; SLUICE_FUZZ_SYNC_RUNS raises the count (each run is 100–140 people). */
const runs = Number(process.env.SLUICE_FUZZ_SYNC_RUNS ?? 3);

/** `^`/`; ` then `field "…"`: the part of a note about one field (notes are joined with "; "). */
const noteAbout = (field: PhoneField, tail: string) => new RegExp(`(^|; )${field} "[^]*?" ${tail}`);
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

it('phones in every format sync as written, in ASCII or not at all, each change noted, nothing half-written', { timeout: 300_000 }, async () => {
  const figures: Record<string, number> = {};
  let records = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(person, { minLength: 100, maxLength: 140 }), async (people) => {
      const pair = await jsonlPair({ match: { keys: ['email'] } });
      try {
        const lines: Record<'a' | 'b', Line[]> = { a: [], b: [] };
        people.forEach((p, i) => {
          const line: Line = { id: `${p.side}${i}`, email: `p${i}@fuzz.test`, firstName: `First${i}`, lastName: `Last ${i}`, company: `Co ${i % 7}` };
          for (const f of PHONE_FIELDS) if (p.phones[f]) line[f] = p.phones[f].text;
          lines[p.side].push(line);
          if (p.twin) lines.b.push({ id: `b${i}`, email: line.email!, firstName: line.firstName!, lastName: line.lastName!, company: line.company! });
        });
        await pair.write('a', lines.a);
        await pair.write('b', lines.b);

        const first = await pair.sync({ pageSize: 25 });
        expect(first.failed).toBe(0);
        const files = { a: await pair.read('a'), b: await pair.read('b') };
        const events = await pair.stores.events.query(scope, { limit: 100_000 });
        for (const [i, p] of people.entries()) {
          const email = `p${i}@fuzz.test`;
          const other = p.side === 'a' ? 'b' : 'a';
          const mine = files[p.side].filter((r) => r.email === email);
          const theirs = files[other].filter((r) => r.email === email);
          // One record on each side, with every other field whole.
          expect([email, mine.length, theirs.length]).toEqual([email, 1, 1]);
          const [source, target] = [mine[0]!, theirs[0]!] as [Contact, Contact];
          for (const k of ['firstName', 'lastName', 'company'] as const) expect([email, k, target[k]]).toEqual([email, k, source[k]]);
          const notes = events.filter((e) => e.sourceId === `${p.side}${i}`).map((e) => e.message ?? '');
          for (const f of PHONE_FIELDS) {
            const c = p.phones[f];
            if (!c) continue;
            figures[`${c.family} → ${c.expect.kind}`] = (figures[`${c.family} → ${c.expect.kind}`] ?? 0) + 1;
            // The source keeps what its user wrote: screening changes only what is passed on.
            expect([email, f, source[f]]).toEqual([email, f, c.text]);
            const passedOn = c.expect.kind === 'kept' ? c.text : c.expect.kind === 'ascii' ? c.expect.value : undefined;
            expect([email, f, c.text, target[f]]).toEqual([email, f, c.text, passedOn]);
            if (c.expect.kind === 'kept') expect([email, f, notes.filter((n) => noteAbout(f, '').test(n))]).toEqual([email, f, []]);
            else {
              const tail = c.expect.kind === 'ascii' ? `synced as ${escape(JSON.stringify(c.expect.value))}` : 'is not a phone number \\([^)]+\\): not synced';
              expect([email, f, c.text, notes.some((n) => noteAbout(f, tail).test(n))]).toEqual([email, f, c.text, true]);
            }
          }
        }
        records += people.length;

        // Normalised values are stable: nothing is written again, no conflict appears.
        const second = await pair.sync({ pageSize: 25 });
        expect(second).toMatchObject({ created: { a: 0, b: 0 }, updated: { a: 0, b: 0 }, conflicts: 0, failed: 0 });
      } finally {
        await pair.close();
      }
    }),
    { numRuns: runs, seed: fuzzSeed },
  );
  reportFigures(`phones through a two-way jsonl sync (${records} people)`, figures);
});
