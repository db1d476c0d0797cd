import { describe, expect, it } from 'vitest';
import { Cluster, exactlyOnce, readContacts, twoWayFiles } from './cluster.harness';
import { eventually, GiveUp } from './processes.harness';
import { report, sizes } from './sizes';

// The database process is killed with SIGKILL in the middle of a two-way initial sync and started
// again on the same folder and port once the worker has noticed. The worker process stays up: it must say
// what is wrong (a backoff state with the error) rather than crash or give up, and once the
// database is back it finishes without duplicates or lost records.
const N = sizes.dbRecords;

describe(`database killed and restarted during a ${N}-record two-way sync`, () => {
  it('the worker backs off with a clear state and resumes: each record exactly once on each side', { timeout: 600_000 }, async () => {
    const cluster = await Cluster.start('db');
    try {
      const expected = twoWayFiles(cluster.file('d-a.jsonl'), cluster.file('d-b.jsonl'), N);
      const scope = await cluster.jsonlConnection('d');
      const worker = cluster.worker({ leaseTtlMs: 10_000 });
      await eventually(async () => ((await cluster.store.links.count(scope)) >= expected.size * 0.3 ? true : undefined), 400_000, 'a third of the links', 50);
      const before = worker.lines.length;
      await cluster.db.kill9();
      const downAt = Date.now();
      // The database comes back once the worker has said what is wrong: a backoff state naming the error.
      await worker.waitFor((l) => worker.lines.indexOf(l) >= before && typeof l.state === 'string' && /backoff/i.test(l.state), 120_000);
      const duringOutage = worker.lines.slice(before);
      await cluster.db.up();
      const upAt = Date.now();
      let invalid: string | undefined;
      const runs = await eventually(
        async () => {
          // A machine in `invalid` never retries on its own (what a driver error did before it was
          // classified as E_DB_UNAVAILABLE): fail now rather than at the timeout.
          const machine = await cluster.store.snapshots.load(scope);
          if (machine?.state === 'invalid') {
            invalid ??= JSON.stringify((machine.snapshot as { context?: { lastError?: unknown } }).context?.lastError);
            await report('db-restart', { records: N, outcome: 'stuck in invalid after the restart', lastError: invalid, outageMs: Date.now() - downAt });
            throw new GiveUp(`the connection went to "invalid" (${invalid}) and does not retry`);
          }
          const list = await cluster.store.runs.list(scope, { limit: 50 });
          return list.some((r) => r.status === 'succeeded' && (r.kind === 'initial' || r.resumedFrom)) && (await cluster.store.links.count(scope)) === expected.size
            ? list
            : undefined;
        },
        400_000,
        'a successful run after the restart',
      );
      const doneAt = Date.now();
      const afterRestart = worker.lines.slice(before);
      const states = afterRestart.filter((l) => typeof l.state === 'string').map((l) => `${String(l.state)}${l.code ? ` ${String(l.code)}` : ''}`);
      const a = exactlyOnce(readContacts(cluster.file('d-a.jsonl')), expected);
      const b = exactlyOnce(readContacts(cluster.file('d-b.jsonl')), expected);
      await report('db-restart', {
        records: N,
        expected: expected.size,
        outageMs: upAt - downAt,
        resumedAfterRestartMs: doneAt - upAt,
        workerAlive: worker.child.exitCode === null,
        states,
        errorsLogged: duringOutage.filter((l) => l.level === 'error' || l.level === 'warn').length,
        runs: runs.map((r) => `${r.kind}:${r.status}${r.resumedFrom ? ' (resumed)' : ''}`),
        a: { records: a.records, missing: a.missing.length, duplicated: a.duplicated.length },
        b: { records: b.records, missing: b.missing.length, duplicated: b.duplicated.length },
      });
      expect(worker.child.exitCode, worker.errors()).toBeNull();
      // A clear state while the database was away: a backoff naming the error, not a silent stall.
      expect(states.some((s) => /backoff/i.test(s)), states.join(', ')).toBe(true);
      expect(a).toEqual({ records: expected.size, missing: [], duplicated: [], unexpected: [] });
      expect(b).toEqual({ records: expected.size, missing: [], duplicated: [], unexpected: [] });
      expect(await cluster.store.links.count(scope)).toBe(expected.size);
    } finally {
      await cluster.close();
    }
  });
});
