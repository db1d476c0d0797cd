/**
 * `pnpm bench:sync [--json] [--records N] [--large N]`: the sync engine end to end.
 *  - initial: a two-way initial sync between the two sandbox apps (Sandbox CRM ↔ Sandbox Outreach,
 *    deterministic demo data: N contacts, ~70 % in the CRM, ~60 % in Outreach, ~30 % in both), with
 *    links, checkpoints, runs, record events and health stored in the embedded database;
 *  - incremental: 100 contacts edited in the CRM, then one incremental two-way run;
 *  - large: a one-way initial sync of `--large` contacts (default 1,000,000; 0 skips it), for peak RSS.
 * Peak RSS is the whole process: the embedded database runs in it too.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createMemorySandboxStore,
  createSandboxCrmFactory,
  createSandboxOutreachFactory,
  ensureSandboxSeeded,
} from '@sluice/connectors';
import { startEmbeddedMongo } from '@sluice/embedded-mongo';
import { parseConnectionConfig, runSync, type Connector, type Run } from '@sluice/engine';
import { createMemoryStores } from '@sluice/engine/testing';
import { canonicalCatalog, normalizeContact, type Contact } from '@sluice/graph';
import { openStore } from '@sluice/store';

const args = process.argv.slice(2);
const json = args.includes('--json');
const num = (flag: string, fallback: number) => {
  const i = args.indexOf(flag);
  return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : fallback;
};
const RECORDS = num('--records', 100_000);
const LARGE = num('--large', 1_000_000);
/** `--memory`: history in memory instead of the embedded database (isolates the engine's own cost). */
const MEMORY = args.includes('--memory');
const log = (msg: string) => {
  if (!json) process.stderr.write(`${msg}\n`);
};

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 50);
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

const dir = mkdtempSync(join(tmpdir(), 'sluice-bench-sync-'));
const db = await startEmbeddedMongo({ dataDir: join(dir, 'db') });
const store = await openStore({ uri: db.uri, dataDir: dir, secretKey: 'bench-only-key-bench-only-key-32b' });

try {
  const sandbox = createMemorySandboxStore();
  log(`seeding ${RECORDS} sandbox contacts…`);
  await ensureSandboxSeeded(sandbox, 'bench', { count: RECORDS });
  const crm = createSandboxCrmFactory(sandbox).create({ config: { workspaceId: 'bench', seed: false } });
  const outreach = createSandboxOutreachFactory(sandbox).create({ config: { workspaceId: 'bench', seed: false } });
  const config = parseConnectionConfig({
    format: 'sluice.connection/v1',
    name: 'Sandbox CRM ↔ Sandbox Outreach',
    apps: { a: { connector: 'sandbox-crm', config: { workspaceId: 'bench' } }, b: { connector: 'sandbox-outreach', config: { workspaceId: 'bench' } } },
    mode: 'two-way',
    conflict: { winner: 'a', fields: { tags: 'merge' } },
  });
  const scope = { workspaceId: 'bench', connectionId: 'sandbox' };
  const syncStores = MEMORY ? createMemoryStores() : store.syncStores;
  const pass = (connectors: { a: Connector; b: Connector }, c = config, s = scope) =>
    runSync({ scope: s, config: c, connectors, stores: syncStores, pageSize: 2000 });

  peakRss = process.memoryUsage.rss();
  let t = performance.now();
  const initialRun: Run = await pass({ a: crm, b: outreach });
  const initialSecs = (performance.now() - t) / 1000;
  const read = initialRun.counts.read.a + initialRun.counts.read.b;
  const initial = { records: read, perSec: Math.round(read / initialSecs), peakRssMb: mb(peakRss), seconds: +initialSecs.toFixed(2) };
  log(`initial: ${read} records in ${initialSecs.toFixed(1)} s, created A ${initialRun.counts.created.a} B ${initialRun.counts.created.b}`);

  // 100 user edits in the CRM, spread over the data.
  const people = await crm.getMany(Array.from({ length: 100 }, (_, i) => `p${i * Math.floor(RECORDS / 100)}`));
  const ids = people.length === 100 ? people.map((p) => p.id) : (await firstIds(crm, 100));
  await crm.upsertBatch(ids.map((id, i) => ({ ref: id, id, fields: { jobTitle: `Edited ${i}` } })), 'bench-edit');
  t = performance.now();
  const incrementalRun = await pass({ a: crm, b: outreach });
  const incSecs = (performance.now() - t) / 1000;
  const incremental = { changes: ids.length, seconds: +incSecs.toFixed(3), updatedB: incrementalRun.counts.updated.b };
  log(`incremental: ${ids.length} changes in ${incSecs.toFixed(3)} s (read A ${incrementalRun.counts.read.a} B ${incrementalRun.counts.read.b}, updated B ${incrementalRun.counts.updated.b})`);

  let large: { records: number; peakRssMb: number; seconds?: number } = { records: 0, peakRssMb: 0 };
  if (LARGE > 0) {
    log(`large: ${LARGE} contacts one way…`);
    // Synthetic apps that hold nothing: the source generates contacts page by page, the sink
    // acknowledges writes. What stays in memory is the engine's and the database's own.
    const a = syntheticSource(LARGE);
    const b = countingSink();
    const before = process.memoryUsage.rss();
    peakRss = before;
    t = performance.now();
    const largeConfig = parseConnectionConfig({ ...config, mode: 'a-to-b', apps: { a: { connector: 'memory' }, b: { connector: 'memory' } } });
    const r = await pass({ a, b }, largeConfig, { workspaceId: 'bench', connectionId: 'large' });
    const secs = (performance.now() - t) / 1000;
    large = { records: r.counts.read.a, peakRssMb: 0, seconds: +secs.toFixed(1) };
    large.peakRssMb = mb(peakRss);
    log(`large: ${r.counts.read.a} in ${secs.toFixed(1)} s, peak RSS ${large.peakRssMb} MB (${mb(before)} MB before the run)`);
  }

  const result = { initial, incremental, large };
  if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else {
    console.log('\n| measure | value | target |\n|---|---|---|');
    console.log(`| initial two-way sync | ${initial.records} records, ${initial.perSec}/s, peak RSS ${initial.peakRssMb} MB | ≥ 10,000/s |`);
    console.log(`| incremental after ${incremental.changes} changes | ${incremental.seconds} s | ≤ 1 s |`);
    if (large.records) console.log(`| large one-way sync | ${large.records} records, peak RSS ${large.peakRssMb} MB | ≤ 400 MB |`);
  }
} finally {
  clearInterval(sampler);
  await store.close();
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}

async function firstIds(c: Connector, n: number): Promise<string[]> {
  for await (const page of c.changes(null, { pageSize: n })) return page.records.slice(0, n).map((r) => r.id);
  return [];
}

function app(id: string): Connector['app'] {
  return {
    id,
    name: id,
    logo: '<svg xmlns="http://www.w3.org/2000/svg"/>',
    auth: { kind: 'none' },
    fields: canonicalCatalog,
    capabilities: { incremental: true, deletions: false, deals: false, tags: true, lists: true, owner: true, unsubscribe: true, webhooks: false },
    batchLimit: 1000,
  };
}

function syntheticSource(count: number): Connector {
  const contact = (i: number): Contact =>
    normalizeContact({ id: `c${i}`, email: `c${i}@bulk.example`, firstName: `F${i}`, lastName: `L${i}`, company: `Co ${i % 997}`, tags: ['bulk'], updatedAt: '2026-01-01T00:00:00.000Z' });
  return {
    app: app('synthetic-source'),
    fieldCatalog: async () => canonicalCatalog,
    checkAuth: async () => {},
    async *changes(cursor, options) {
      const size = options?.pageSize ?? 1000;
      for (let i = cursor === null ? 0 : Number(cursor); i < count; i += size) {
        const end = Math.min(count, i + size);
        yield { records: Array.from({ length: end - i }, (_, k) => contact(i + k)), cursor: String(end), hasMore: end < count };
      }
    },
    getMany: async () => [],
    findByKey: async () => new Map(),
    upsertBatch: async () => [],
  };
}

function countingSink(): Connector {
  let next = 0;
  return {
    app: app('counting-sink'),
    fieldCatalog: async () => canonicalCatalog,
    checkAuth: async () => {},
    async *changes() {},
    getMany: async () => [],
    findByKey: async () => new Map(),
    async upsertBatch(writes) {
      return writes.map((w) => {
        const id = w.id ?? `s${next++}`;
        const record = normalizeContact({ id, ...(w.fields as Partial<Contact>), updatedAt: '2026-01-01T00:00:00.000Z' });
        return { ref: w.ref, ok: true as const, id, created: w.id === undefined, record };
      });
    },
  };
}
