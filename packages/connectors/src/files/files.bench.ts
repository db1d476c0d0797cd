/**
 * Throughput and memory of the file and sandbox apps: `pnpm bench:connectors [--records N] [--json]`.
 * Not a test: it writes big temp files and takes a while.
 */
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connector, ContactWrite } from '@sluice/engine';
import { createMemorySandboxStore } from '../sandbox/memory-sandbox.store';
import { createSandboxCrmFactory } from '../sandbox/sandbox-crm.connector';
import { jsonlConnectorFactory } from './jsonl.connector';

const args = process.argv.slice(2);
const records = Number(args[args.indexOf('--records') + 1] || 100_000) || 100_000;
const asJson = args.includes('--json');

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
const mb = (b: number) => Math.round(b / 1024 / 1024);
const secs = (t0: number) => (performance.now() - t0) / 1000;
/** CPU seconds since `c0`: steadier than wall time on a shared machine. */
const cpuSecs = (c0: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
};

function write(i: number): ContactWrite {
  return { ref: `r${i}`, fields: { email: `user${i}@example.com`, firstName: `First${i}`, lastName: 'Last', tags: ['bench'], 'address.city': 'Ghent' } };
}

async function drain(c: Connector, cursor: string | null): Promise<{ n: number; cursor: string }> {
  let n = 0;
  let last = '';
  for await (const page of c.changes(cursor, { pageSize: 1000 })) {
    n += page.records.length;
    last = page.cursor;
  }
  return { n, cursor: last };
}

const dir = await mkdtemp(join(tmpdir(), 'sluice-bench-'));
const results: Record<string, unknown> = {};
try {
  // jsonl: a big file written by an outside program, read in full, then incrementally.
  const file = join(dir, 'big.jsonl');
  const lines: string[] = [];
  for (let i = 0; i < records; i++) {
    lines.push(JSON.stringify({ id: `id-${i}`, email: `user${i}@example.com`, firstName: `First${i}`, lastName: 'Last', tags: ['t'], lists: [], custom: { n: i }, updatedAt: '2026-01-01T00:00:00.000Z' }));
  }
  await writeFile(file, lines.join('\n'));
  const jsonl = jsonlConnectorFactory.create({ config: { path: file } });
  let t0 = performance.now();
  let c0 = process.cpuUsage();
  const full = await drain(jsonl, null);
  const readSecs = secs(t0);
  const readCpu = cpuSecs(c0);
  for (let k = 0; k < 100; k++) {
    const i = Math.floor((k * records) / 100);
    lines[i] = JSON.stringify({ id: `id-${i}`, email: `changed${i}@example.com`, tags: [], lists: [], custom: {}, updatedAt: '2026-02-01T00:00:00.000Z' });
  }
  await writeFile(file, lines.join('\n'));
  lines.length = 0;
  t0 = performance.now();
  c0 = process.cpuUsage();
  const delta = await drain(jsonl, full.cursor);
  const incrSecs = secs(t0);
  const incrCpu = cpuSecs(c0);
  t0 = performance.now();
  const unchanged = await drain(jsonl, delta.cursor);
  const unchangedSecs = secs(t0);
  t0 = performance.now();
  await jsonl.findByKey('email', ['user5@example.com']);
  const indexSecs = secs(t0);
  t0 = performance.now();
  for (let b = 0; b < 100; b++) await jsonl.findByKey('email', Array.from({ length: 500 }, (_, j) => `user${b * 500 + j}@example.com`));
  const lookupSecs = secs(t0);
  results.jsonlRead = { records: full.n, perSec: Math.round(full.n / readSecs), perCpuSec: Math.round(full.n / readCpu) };
  results.jsonlIncremental = { changes: delta.n, seconds: Number(incrSecs.toFixed(2)), cpuSeconds: Number(incrCpu.toFixed(2)), unchangedFileSeconds: Number(unchangedSecs.toFixed(3)), unchangedRecords: unchanged.n };
  results.jsonlLookup = { indexBuildSeconds: Number(indexSecs.toFixed(2)), batchesOf500PerSec: Math.round(100 / lookupSecs) };

  // jsonl: Sluice creating every record, in batches of 5,000 (each batch rewrites the file).
  const target = jsonlConnectorFactory.create({ config: { path: join(dir, 'target.jsonl') } });
  t0 = performance.now();
  c0 = process.cpuUsage();
  for (let start = 0; start < records; start += 5000) {
    const batch = Array.from({ length: Math.min(5000, records - start) }, (_, j) => write(start + j));
    await target.upsertBatch(batch, `bench-${start}`);
  }
  results.jsonlCreate = { records, perSec: Math.round(records / secs(t0)), perCpuSec: Math.round(records / cpuSecs(c0)) };
  t0 = performance.now();
  c0 = process.cpuUsage();
  const updates = Array.from({ length: 5000 }, (_, j) => ({ ref: `u${j}`, id: `id-${j * 10}`, fields: { jobTitle: 'Updated' } }));
  await jsonl.upsertBatch(updates, 'bench-update');
  results.jsonlUpdateBatch = { updates: 5000, fileRecords: records, seconds: Number(secs(t0).toFixed(2)), cpuSeconds: Number(cpuSecs(c0).toFixed(2)) };

  // jsonl: the cost of one update batch on the big file, by batch size. "known": the file is as
  // Sluice last wrote it, so only the written lines are parsed; "changed": another program touched
  // it (its stamp differs), so the batch reads and writes every record, as every batch did before.
  const rewrites: Record<string, unknown> = {};
  let round = 0;
  for (const size of [1, 500, 5000]) {
    const batch = () => {
      round++;
      return Array.from({ length: size }, (_, j) => ({ ref: `w${j}`, id: `id-${(j * 7919 + round) % records}`, fields: { jobTitle: `Round ${round}` } }));
    };
    await jsonl.findByKey('email', ['user1@example.com']); // the index is current
    const known: number[] = [];
    for (let k = 0; k < 3; k++) {
      t0 = performance.now();
      await jsonl.upsertBatch(batch(), `bench-known-${round}`);
      known.push(secs(t0));
    }
    const changed: number[] = [];
    for (let k = 0; k < 2; k++) {
      const at = new Date(Date.now() - 1000 * (k + 1));
      await utimes(file, at, at); // another program's edit, as far as the stamp tells
      t0 = performance.now();
      await jsonl.upsertBatch(batch(), `bench-changed-${round}`);
      changed.push(secs(t0));
    }
    const median = (xs: number[]) => Number([...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!.toFixed(3));
    rewrites[`batch${size}`] = { knownSeconds: median(known), changedSeconds: median(changed) };
  }
  results.jsonlRewrite = { fileRecords: records, ...rewrites };

  // Sandbox CRM (memory store): create in batches of 500, then read the change feed.
  const crm = createSandboxCrmFactory(createMemorySandboxStore()).create({ config: { workspaceId: 'bench', seed: false } });
  t0 = performance.now();
  c0 = process.cpuUsage();
  for (let start = 0; start < records; start += 500) {
    await crm.upsertBatch(Array.from({ length: Math.min(500, records - start) }, (_, j) => write(start + j)), `crm-${start}`);
  }
  results.sandboxCreate = { records, perSec: Math.round(records / secs(t0)), perCpuSec: Math.round(records / cpuSecs(c0)) };
  t0 = performance.now();
  c0 = process.cpuUsage();
  const feed = await drain(crm, null);
  results.sandboxRead = { records: feed.n, perSec: Math.round(feed.n / secs(t0)), perCpuSec: Math.round(feed.n / cpuSecs(c0)) };
  results.peakRssMb = mb(peakRss);
} finally {
  clearInterval(sampler);
  await rm(dir, { recursive: true, force: true });
}

if (asJson) console.log(JSON.stringify(results));
else {
  console.log(`records: ${records}`);
  for (const [k, v] of Object.entries(results)) console.log(`${k.padEnd(18)} ${JSON.stringify(v)}`);
}
