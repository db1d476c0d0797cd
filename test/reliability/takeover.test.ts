import { appendFileSync } from 'node:fs';
import type { ConnectionScope } from '@sluice/engine';
import { describe, expect, it } from 'vitest';
import { Cluster, contactLine, readContacts, WORKSPACE } from './cluster.harness';
import { eventually } from './processes.harness';
import { report, sizes } from './sizes';

// Two worker processes share three connections. The one holding the most leases is SIGKILLed; the
// survivor must own all of them within the lease time (plus one poll), run them, and a record added
// afterwards must still arrive. With the production lease (60 s, `pnpm reliability`) the real
// `sluice worker` command is used.
const LEASE = sizes.leaseMs;
const CLI = LEASE === 60_000;
const CONNECTIONS = 3;
const RECORDS = 20;

describe(`a second worker takes over a dead worker's connections (lease ${LEASE / 1000} s)`, () => {
  it('within the lease time, and keeps them syncing', { timeout: 120_000 + LEASE * 3 }, async () => {
    const cluster = await Cluster.start('takeover');
    try {
      const scopes: ConnectionScope[] = [];
      for (let i = 0; i < CONNECTIONS; i++) {
        appendFileSync(cluster.file(`t${i}-a.jsonl`), Array.from({ length: RECORDS }, (_, j) => contactLine(`a${j}`, `t${i}-${j}@rel.test`)).join('\n') + '\n');
        scopes.push(await cluster.jsonlConnection(`t${i}`));
      }
      const workers = [cluster.worker({ leaseTtlMs: LEASE, cli: CLI, name: 'w1' }), cluster.worker({ leaseTtlMs: LEASE, cli: CLI, name: 'w2' })];
      const owners = await Promise.all(workers.map((w) => w.owner()));
      await eventually(
        async () => ((await Promise.all(scopes.map((s) => cluster.store.links.count(s)))).every((n) => n === RECORDS) ? true : undefined),
        120_000,
        'every connection synced once',
      );
      const leases = await Promise.all(scopes.map((s) => cluster.store.leases.get(WORKSPACE, s.connectionId)));
      const held = owners.map((o) => leases.filter((l) => l?.owner === o).length);
      const victim = held[0]! >= held[1]! ? 0 : 1;
      const survivor = 1 - victim;
      const moved = scopes.filter((_, i) => leases[i]?.owner === owners[victim]);
      expect(moved.length).toBeGreaterThan(0);

      await workers[victim]!.sigkill();
      const killedAt = Date.now();
      const takeoverMs = await eventually(
        async () => {
          const now = await Promise.all(moved.map((s) => cluster.store.leases.get(WORKSPACE, s.connectionId)));
          return now.every((l) => l?.owner === owners[survivor]) ? Date.now() - killedAt : undefined;
        },
        LEASE * 3,
        'the survivor to hold every lease',
        100,
      );
      // It runs them: a contact added to a moved connection reaches the other side.
      const target = moved[0]!;
      const prefix = (await cluster.store.connections.get(WORKSPACE, target.connectionId))!.name;
      appendFileSync(cluster.file(`${prefix}-a.jsonl`), contactLine('late', `late-${prefix}@rel.test`) + '\n');
      const addedAt = Date.now();
      await eventually(
        async () => (readContacts(cluster.file(`${prefix}-b.jsonl`)).some((c) => c.email === `late-${prefix}@rel.test`) ? true : undefined),
        60_000,
        'the late contact on side B',
      );
      const deliveredMs = Date.now() - addedAt;
      await report('takeover', { leaseMs: LEASE, command: CLI ? 'sluice worker' : 'worker.script.ts', moved: moved.length, takeoverMs, deliveredAfterTakeoverMs: deliveredMs });
      const pollMs = Math.min(2_000, Math.floor(LEASE / 3));
      expect(takeoverMs).toBeLessThanOrEqual(LEASE + pollMs + 2_000);
      const b = readContacts(cluster.file(`${prefix}-b.jsonl`));
      expect(b).toHaveLength(RECORDS + 1);
      expect(new Set(b.map((c) => c.email)).size).toBe(RECORDS + 1);
    } finally {
      await cluster.close();
    }
  });
});
