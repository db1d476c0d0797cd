import { afterEach, describe, expect, it } from 'vitest';
import { cliFolder, jsonl, type CliFolder } from './cli-sync.harness';

// Value tables (docs/mappings.md) through `sluice sync --once` on file apps: both directions, case
// ignored, values with no pair noted in history, a conflict, no echo; and a table that cannot be
// used both ways refused with a sentence.

let folder: CliFolder | undefined;
afterEach(() => {
  folder?.close();
  folder = undefined;
});

const byEmail = (records: Array<{ email?: string }>, email: string) => records.find((r) => r.email === email) as { custom: Record<string, unknown> } | undefined;

const lifecycleToStatus = {
  a: 'custom.lifecycle',
  b: 'custom.status',
  values: [
    { a: 'lead', b: 'New' },
    { a: 'customer', b: 'Won' },
    // Two values map to "New": the way back takes "lead", this row is used from A only.
    { a: 'subscriber', b: 'New', direction: 'aToB' },
  ],
  otherwise: 'skip',
};

describe('value tables through `sluice sync --once`', () => {
  it('two-way on jsonl: pairs travel both ways ignoring case, a value with no pair is noted and left, a conflict takes the winner, a quiet re-run writes nothing', async () => {
    folder = cliFolder('value-tables');
    folder.file(
      'a.jsonl',
      jsonl([
        { id: 'a1', email: 'ann@x.io', custom: { lifecycle: 'Lead' } },
        { id: 'a2', email: 'bob@x.io', custom: { lifecycle: 'partner' } },
        { id: 'a3', email: 'cy@x.io', custom: { lifecycle: 'subscriber' } },
      ]),
    );
    folder.file('b.jsonl', jsonl([{ id: 'b1', email: 'dee@x.io', custom: { status: 'won' } }]));
    folder.connection({
      apps: { a: { connector: 'jsonl', config: { path: 'a.jsonl' } }, b: { connector: 'jsonl', config: { path: 'b.jsonl' } } },
      conflict: { winner: 'a' },
      mappings: [lifecycleToStatus],
    });

    const first = folder.sync();
    expect(first.status, first.stderr).toBe(0);
    expect(first.summary).toMatchObject({ created: { a: 1, b: 3 }, failed: 0 });
    let b = folder.records('b.jsonl');
    let a = folder.records('a.jsonl');
    expect(byEmail(b, 'ann@x.io')?.custom.status).toBe('New');
    expect(byEmail(b, 'cy@x.io')?.custom.status).toBe('New');
    expect(byEmail(b, 'bob@x.io')?.custom).not.toHaveProperty('status');
    expect(byEmail(a, 'dee@x.io')?.custom.lifecycle).toBe('customer');
    const notes = (await folder.events()).filter((e) => e.sourceId === 'a2');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ outcome: 'created' });
    expect(notes[0]!.message).toBe('"partner" in custom.lifecycle has no pair in the value table for custom.status: left as it was');

    // Both sides change Ann (A wins); B changes Dee to a value two A values map to (the way back takes "lead").
    const annB = b.find((r) => r.email === 'ann@x.io')!;
    const deeA = a.find((r) => r.email === 'dee@x.io')!;
    folder.file('a.jsonl', jsonl(a.map((r) => (r.email === 'ann@x.io' ? { ...r, custom: { lifecycle: 'customer' } } : r))));
    folder.file(
      'b.jsonl',
      jsonl(
        b.map((r) =>
          r.id === annB.id ? { ...r, custom: { status: 'New ' } } : r.email === 'dee@x.io' ? { ...r, custom: { status: 'NEW' } } : r,
        ),
      ),
    );
    const second = folder.sync();
    expect(second.status, second.stderr).toBe(0);
    expect(second.summary).toMatchObject({ conflicts: 1, failed: 0 });
    b = folder.records('b.jsonl');
    a = folder.records('a.jsonl');
    expect(byEmail(b, 'ann@x.io')?.custom.status).toBe('Won');
    expect(byEmail(a, 'ann@x.io')?.custom.lifecycle).toBe('customer');
    expect(a.find((r) => r.id === deeA.id)?.custom.lifecycle).toBe('lead');
    const conflict = (await folder.events()).find((e) => e.outcome === 'conflict');
    expect(conflict?.conflicts).toEqual([expect.objectContaining({ path: 'custom.lifecycle', winner: 'a', winningValue: 'customer', losingValue: 'New ' })]);

    const third = folder.sync();
    expect(third.status, third.stderr).toBe(0);
    expect(third.summary).toMatchObject({ created: { a: 0, b: 0 }, updated: { a: 0, b: 0 }, conflicts: 0, failed: 0 });
  }, 600_000);

  it('one-way on csv: booleans shown as Yes/No, and "otherwise" writing a fixed value for the values with no pair', () => {
    folder = cliFolder('value-tables-csv');
    folder.file('a.csv', ['id,email,custom.newsletter,custom.country', 'c1,ann@x.io,true,BE', 'c2,bob@x.io,false,Narnia', 'c3,cy@x.io,,nl'].join('\n') + '\n');
    folder.file('b.csv', 'id,email,custom.optin,custom.land\n');
    folder.connection({
      apps: { a: { connector: 'csv', config: { path: 'a.csv' } }, b: { connector: 'csv', config: { path: 'b.csv' } } },
      mode: 'a-to-b',
      mappings: [
        { a: 'custom.newsletter', b: 'custom.optin', values: [{ a: true, b: 'Yes' }, { a: false, b: 'No' }] },
        { a: 'custom.country', b: 'custom.land', values: [{ a: 'BE', b: 'Belgium' }, { a: 'NL', b: 'Netherlands' }], otherwise: { value: 'Elsewhere' } },
      ],
    });
    const run = folder.sync();
    expect(run.status, run.stderr).toBe(0);
    const rows = folder.read('b.csv').trim().split('\n');
    const header = rows[0]!.split(',');
    const cells = (email: string) => {
      const row = rows.find((r) => r.includes(email))!.split(',');
      return Object.fromEntries(header.map((h, i) => [h, row[i]]));
    };
    expect(cells('ann@x.io')).toMatchObject({ 'custom.optin': 'Yes', 'custom.land': 'Belgium' });
    expect(cells('bob@x.io')).toMatchObject({ 'custom.optin': 'No', 'custom.land': 'Elsewhere' });
    expect(cells('cy@x.io')).toMatchObject({ 'custom.optin': '', 'custom.land': 'Netherlands' });
  });

  it('refuses a two-way table where two values map to one, naming the mapping and the values', () => {
    folder = cliFolder('value-tables-clash');
    folder.file('a.jsonl', jsonl([]));
    folder.file('b.jsonl', jsonl([]));
    folder.connection({
      apps: { a: { connector: 'jsonl', config: { path: 'a.jsonl' } }, b: { connector: 'jsonl', config: { path: 'b.jsonl' } } },
      mappings: [{ ...lifecycleToStatus, values: [{ a: 'lead', b: 'New' }, { a: 'Subscriber', b: 'new' }] }],
    });
    const run = folder.sync();
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(
      'the value table of custom.lifecycle ↔ custom.status maps "lead" and "Subscriber" to "New", so on the way back "New" has no single value: mark the rows that should not be used from B with "direction": "aToB"',
    );
  });
});
