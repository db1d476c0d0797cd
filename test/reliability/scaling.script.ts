/**
 * Scale-out on one machine: N two-way JSON Lines connections synced by 1 worker process, then by 3,
 * against one embedded database process; then the takeover time when one of three dies.
 * Prints one JSON line per measurement (for docs/scaling.md).
 *
 *   pnpm -s tsx test/reliability/scaling.script.ts [--connections 6] [--records 1000] [--workers 1,3] [--lease 10000]
 */
import { appendFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { ConnectionScope } from '@sluice/engine';
import { Cluster, contactLine, twoWayFiles, WORKSPACE } from './cluster.harness';
import { eventually } from './processes.harness';

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '6' },
    records: { type: 'string', default: '1000' },
    workers: { type: 'string', default: '1,3' },
    lease: { type: 'string', default: '10000' },
  },
});
const CONNECTIONS = Number(values.connections);
const RECORDS = Number(values.records);
const LEASE = Number(values.lease);

const print = (o: object) => process.stdout.write(`${JSON.stringify({ ...o, load1: Number(loadavg()[0]!.toFixed(1)) })}\n`);

/** N connections' initial syncs with `workers` worker processes: wall time and records/s. */
async function throughput(workers: number): Promise<void> {
  const cluster = await Cluster.start(`scale-${workers}`);
  try {
    const scopes: ConnectionScope[] = [];
    let expected = 0;
    for (let c = 0; c < CONNECTIONS; c++) {
      expected += twoWayFiles(cluster.file(`s${c}-a.jsonl`), cluster.file(`s${c}-b.jsonl`), RECORDS).size;
      scopes.push(await cluster.jsonlConnection(`s${c}`));
    }
    const started = Date.now();
    const procs = Array.from({ length: workers }, (_, i) => cluster.worker({ leaseTtlMs: LEASE, name: `w${i}` }));
    await Promise.all(procs.map((w) => w.owner(300_000)));
    await eventually(
      async () => ((await Promise.all(scopes.map((s) => cluster.store.links.count(s)))).reduce((a, b) => a + b, 0) === expected ? true : undefined),
      3_600_000,
      'every link',
      500,
    );
    const seconds = (Date.now() - started) / 1000;
    const owners = new Set((await Promise.all(scopes.map((s) => cluster.store.leases.get(WORKSPACE, s.connectionId)))).map((l) => l?.owner));
    // Records read on both sides: A's N, B's N/2.
    const read = CONNECTIONS * (RECORDS + Math.floor(RECORDS / 2));
    print({ measure: 'throughput', workers, connections: CONNECTIONS, recordsRead: read, links: expected, seconds, recordsPerSec: Math.round(read / seconds), ownersUsed: owners.size });
  } finally {
    await cluster.close();
  }
}

/** Three workers, one SIGKILLed: time until the others hold all of its leases, and a change flows again. */
async function takeover(): Promise<void> {
  const cluster = await Cluster.start('scale-takeover');
  try {
    const scopes: ConnectionScope[] = [];
    for (let c = 0; c < CONNECTIONS; c++) {
      appendFileSync(cluster.file(`t${c}-a.jsonl`), contactLine('a0', `t${c}@rel.test`) + '\n');
      scopes.push(await cluster.jsonlConnection(`t${c}`));
    }
    const procs = [0, 1, 2].map((i) => cluster.worker({ leaseTtlMs: LEASE, name: `w${i}` }));
    const owners = await Promise.all(procs.map((w) => w.owner(300_000)));
    await eventually(async () => ((await Promise.all(scopes.map((s) => cluster.store.links.count(s)))).every((n) => n === 1) ? true : undefined), 600_000, 'first sync');
    const leases = await Promise.all(scopes.map((s) => cluster.store.leases.get(WORKSPACE, s.connectionId)));
    const held = owners.map((o) => leases.filter((l) => l?.owner === o).length);
    const victim = held.indexOf(Math.max(...held));
    const moved = scopes.filter((_, i) => leases[i]?.owner === owners[victim]);
    await procs[victim]!.sigkill();
    const killedAt = Date.now();
    const ms = await eventually(
      async () => {
        const now = await Promise.all(moved.map((s) => cluster.store.leases.get(WORKSPACE, s.connectionId)));
        return now.every((l) => l && l.owner !== owners[victim]) ? Date.now() - killedAt : undefined;
      },
      LEASE * 4,
      'takeover',
      100,
    );
    print({ measure: 'takeover', workers: 3, leaseMs: LEASE, held, moved: moved.length, takeoverMs: ms });
  } finally {
    await cluster.close();
  }
}

for (const w of values.workers!.split(',').map(Number)) await throughput(w);
await takeover();
process.exit(0);
