import { afterEach, describe, expect, it } from 'vitest';
import { cliFolder, jsonl, type CliFolder } from './cli-sync.harness';

// Write modes and transforms (docs/mappings.md) through `sluice sync --once` on jsonl apps: each way
// with its own steps, `ifEmpty` never overwriting, a conflict through transforms, no echo; and
// transforms whose types do not fit refused with a sentence.

let folder: CliFolder | undefined;
afterEach(() => {
  folder?.close();
  folder = undefined;
});

const apps = { a: { connector: 'jsonl', config: { path: 'a.jsonl' } }, b: { connector: 'jsonl', config: { path: 'b.jsonl' } } };

describe('write modes and transforms through `sluice sync --once`', () => {
  it('two-way: a full name split into first and last and joined back, dates and phones reformatted each way, ifEmpty filling blanks only, a conflict, no echo', async () => {
    folder = cliFolder('transforms');
    folder.file(
      'a.jsonl',
      jsonl([
        { id: 'a1', email: 'ada@x.io', phone: '02 555 01 01', company: 'Analytical', custom: { name: 'Ada King Lovelace', since: '05/03/2024' } },
        { id: 'a2', email: 'bob@x.io', company: 'Bobco', custom: { name: 'Bob', since: '31/02/2024' } },
      ]),
    );
    folder.file('b.jsonl', jsonl([{ id: 'b1', email: 'bob@x.io', firstName: 'Robert', lastName: 'Builder', company: 'Bob & Co' }]));
    folder.connection({
      apps,
      conflict: { winner: 'a' },
      match: { keys: ['email'], defaultCountry: 'BE' },
      mappings: [
        {
          a: 'custom.name',
          b: 'firstName',
          transforms: { aToB: [{ op: 'split', separator: ' ', part: 0 }], bToA: [{ op: 'join', fields: ['lastName'], separator: ' ' }] },
        },
        { a: 'custom.name', b: 'lastName', direction: 'aToB', transforms: { aToB: [{ op: 'split', separator: ' ', part: 1, rest: true }] } },
        { a: 'custom.since', b: 'custom.customerSince', transforms: { aToB: [{ op: 'date', from: 'DD/MM/YYYY' }], bToA: [{ op: 'date', to: 'DD/MM/YYYY' }] } },
        { a: 'phone', b: 'phone', direction: 'aToB', transforms: { aToB: [{ op: 'e164' }] } },
        { a: 'company', b: 'company', write: 'ifEmpty' },
      ],
    });

    const first = folder.sync();
    expect(first.status, first.stderr).toBe(0);
    expect(first.summary).toMatchObject({ created: { a: 0, b: 1 }, failed: 0 });
    let b = folder.records('b.jsonl');
    let a = folder.records('a.jsonl');
    const adaB = b.find((r) => r.email === 'ada@x.io')!;
    expect(adaB).toMatchObject({ firstName: 'Ada', lastName: 'King Lovelace', phone: '+3225550101', company: 'Analytical', custom: { customerSince: '2024-03-05' } });
    // Bob: both filled, so `ifEmpty` leaves B's company; A's name wins the first-sync conflict (winner a).
    expect(b.find((r) => r.email === 'bob@x.io')).toMatchObject({ firstName: 'Bob', company: 'Bob & Co' });
    expect(a.find((r) => r.email === 'bob@x.io')).toMatchObject({ company: 'Bobco', custom: { name: 'Bob' } });
    const bobNote = (await folder.events()).find((e) => e.sourceId === 'a2');
    expect(bobNote?.message).toContain('the transforms of custom.since → custom.customerSince: "31/02/2024" is not a date written DD/MM/YYYY; not written');

    // B edits Ada's first name and date: both come back through the way back's steps. Both sides
    // change Bob's date: A wins, and B receives A's date in B's format.
    const bobB = b.find((r) => r.email === 'bob@x.io')!;
    folder.file('a.jsonl', jsonl(a.map((r) => (r.id === 'a2' ? { ...r, custom: { ...r.custom, since: '10/10/2020' } } : r))));
    folder.file(
      'b.jsonl',
      jsonl(
        b.map((r) =>
          r.id === adaB.id ? { ...r, firstName: 'Augusta', custom: { customerSince: '2025-01-02' } } : r.id === bobB.id ? { ...r, custom: { customerSince: '2021-11-11' } } : r,
        ),
      ),
    );
    const second = folder.sync();
    expect(second.status, second.stderr).toBe(0);
    expect(second.summary).toMatchObject({ conflicts: 1, failed: 0 });
    a = folder.records('a.jsonl');
    b = folder.records('b.jsonl');
    expect(a.find((r) => r.id === 'a1')?.custom).toEqual({ name: 'Augusta King Lovelace', since: '02/01/2025' });
    expect(b.find((r) => r.id === adaB.id)).toMatchObject({ firstName: 'Augusta', lastName: 'King Lovelace' });
    expect(b.find((r) => r.id === bobB.id)?.custom).toEqual({ customerSince: '2020-10-10' });
    expect(a.find((r) => r.id === 'a2')?.custom.since).toBe('10/10/2020');

    const quiet = folder.sync();
    expect(quiet.status, quiet.stderr).toBe(0);
    expect(quiet.summary).toMatchObject({ created: { a: 0, b: 0 }, updated: { a: 0, b: 0 }, conflicts: 0, failed: 0 });
  }, 600_000);

  it('refuses transforms whose result the target field cannot hold, naming the mapping and the step', () => {
    folder = cliFolder('transforms-refused');
    folder.file('a.jsonl', jsonl([{ id: 'a1', email: 'ada@x.io' }]));
    folder.file('b.jsonl', jsonl([]));
    folder.connection({ apps, mode: 'a-to-b', mappings: [{ a: 'deals.count', b: 'company', transforms: { aToB: [{ op: 'uppercase' }] } }] });
    const run = folder.sync();
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('the transforms of deals.count → company, step 1 (uppercase): uppercase works on text, not on a number value');
    expect(folder.records('b.jsonl')).toEqual([]);
  });
});
