/**
 * `pnpm bench:sync [--json] [--records N] [--large N] [--memory] [--db-inline] [--page-size N]`: the sync engine end to end.
 *  - initial: a two-way initial sync between the two sandbox apps (Sandbox CRM ↔ Sandbox Outreach,
 *    deterministic demo data: N contacts, ~70 % in the CRM, ~60 % in Outreach, ~30 % in both), with
 *    links, checkpoints, runs, record events and health stored in the embedded database, which
 *    runs in this process as `pnpm start` runs it (peak RSS counts both);
 *  - incremental: 100 contacts edited in the CRM, then one incremental two-way run;
 *  - large: a one-way initial sync of `--large` contacts (default 1,000,000; 0 skips it). It runs
 *    in a fresh child process against an embedded database in a second child process, so the sync
 *    process's peak RSS (the target) is measured alone, from a clean start, and the
 *    database's peak is reported beside it (`dbPeakRssMb`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import {
  createMemorySandboxStore,
  createSandboxCrmFactory,
  createSandboxOutreachFactory,
  ensureSandboxSeeded,
} from '@sluice/connectors';
import { startEmbeddedMongo, startEmbeddedMongoThread } from '@sluice/embedded-mongo';
import { parseConnectionConfig, runSync, type Connector, type Run } from '@sluice/engine';
import { createMemoryStores } from '@sluice/engine/testing';
import { canonicalCatalog, normalizeContact, type Contact } from '@sluice/graph';
import { SLUICE_NODE_FLAGS } from '@sluice/server/node-flags';
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
const SECRET = 'bench-only-key-bench-only-key-32b';
const repoRoot = resolve(import.meta.dirname, '../..');
const log = (msg: string) => {
  if (!json) process.stderr.write(`${msg}\n`);
};

// `pnpm bench:sync` runs this file with tsx alone: it starts itself again with Sluice's heap settings
// (the first line of apps/server/bin/sluice.mjs), so it measures what `pnpm start` runs.
if (SLUICE_NODE_FLAGS.some((f) => !process.execArgv.includes(f)) && !args.includes('--default-heap')) {
  const again = spawn(process.execPath, [...SLUICE_NODE_FLAGS, ...process.execArgv, process.argv[1]!, ...args], { stdio: 'inherit' });
  const code = await new Promise<number>((done) => again.once('exit', (c) => done(c ?? 1)));
  process.exit(code);
}

// Sampled 4 times a second (reading RSS 20 times a second cost the sync about 1 % of its thread);
// the large run also takes the kernel's own high-water mark, which no sampling can miss.
let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 250);
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** The large run's child: `--large-child N --uri URI` syncs N synthetic contacts one way and prints its figures. */
if (args.includes('--large-child')) {
  const i = args.indexOf('--uri');
  const uri = args[i + 1]!;
  const store = await openStore({ uri, secretKey: SECRET });
  const rssBefore = process.memoryUsage.rss();
  const cpu0 = process.cpuUsage();
  const t = performance.now();
  const run = await runSync({
    scope: { workspaceId: 'bench', connectionId: 'large' },
    config: parseConnectionConfig({
      format: 'sluice.connection/v1',
      name: 'large',
      apps: { a: { connector: 'memory' }, b: { connector: 'memory' } },
      mode: 'a-to-b',
    }),
    connectors: { a: syntheticSource(num('--large-child', 0)), b: countingSink() },
    stores: store.syncStores,
    pageSize: 2000,
  });
  const seconds = (performance.now() - t) / 1000;
  const cpu = process.cpuUsage(cpu0);
  await store.close();
  clearInterval(sampler);
  // ru_maxrss is the kernel's own high-water mark (KiB on Linux): nothing between samples escapes it.
  const peak = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
  process.stdout.write(`${JSON.stringify({ records: run.counts.read.a, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, peakRssMb: mb(peak), rssBeforeMb: mb(rssBefore) })}\n`);
  process.exit(0);
}

// `--default-heap`: measured without Sluice's heap settings (V8's defaults), and said so.
const missingFlags = SLUICE_NODE_FLAGS.filter((f) => !process.execArgv.includes(f));
if (missingFlags.length > 0) process.stderr.write(`note: this process runs without Sluice's heap settings (${missingFlags.join(' ')})\n`);

const dir = mkdtempSync(join(tmpdir(), 'sluice-bench-sync-'));
// The embedded database on its own thread, as `pnpm start` runs it (`--db-inline`: on this thread).
const db: { uri: string; close(): Promise<void>; osThreadId?: number } = await (args.includes('--db-inline') ? startEmbeddedMongo : startEmbeddedMongoThread)({ dataDir: join(dir, 'db') });
const store = await openStore({ uri: db.uri, dataDir: dir, secretKey: SECRET });

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
    runSync({ scope: s, config: c, connectors, stores: syncStores, pageSize: num('--page-size', 2000) });

  peakRss = process.memoryUsage.rss();
  const stopProfile = await startProfile();
  const cpu0 = process.cpuUsage();
  const threads0 = threadCpu(db.osThreadId);
  let t = performance.now();
  const initialRun: Run = await pass({ a: crm, b: outreach });
  const initialSecs = (performance.now() - t) / 1000;
  await stopProfile();
  const cpu = process.cpuUsage(cpu0);
  const threads1 = threadCpu(db.osThreadId);
  const read = initialRun.counts.read.a + initialRun.counts.read.b;
  // Records per CPU second (engine, apps, driver and database together): a figure the machine's
  // load barely moves, unlike the wall-clock rate beside it.
  const cpuSeconds = +((cpu.user + cpu.system) / 1e6).toFixed(2);
  // CPU seconds per thread: the engine's (main), the database's, and the rest (GC helpers, libuv).
  const threads = { main: +(threads1.main - threads0.main).toFixed(2), database: +(threads1.database - threads0.database).toFixed(2), other: 0 };
  threads.other = +(cpuSeconds - threads.main - threads.database).toFixed(2);
  const initial = { records: read, perSec: Math.round(read / initialSecs), peakRssMb: mb(peakRss), seconds: +initialSecs.toFixed(2), cpuSeconds, perCpuSec: Math.round(read / cpuSeconds), threads };
  log(`initial: ${read} records in ${initialSecs.toFixed(1)} s, created A ${initialRun.counts.created.a} B ${initialRun.counts.created.b}`);
  log(`initial: CPU ${cpuSeconds} s: main thread ${threads.main} s, database thread ${threads.database} s, other threads ${threads.other} s`);

  // 100 user edits in the CRM, spread over the data.
  const people = await crm.getMany(Array.from({ length: 100 }, (_, i) => `p${i * Math.floor(RECORDS / 100)}`));
  const ids = people.length === 100 ? people.map((p) => p.id) : (await firstIds(crm, 100));
  await crm.upsertBatch(ids.map((id, i) => ({ ref: id, id, fields: { jobTitle: `Edited ${i}` } })), 'bench-edit');
  t = performance.now();
  const incrementalRun = await pass({ a: crm, b: outreach });
  const incSecs = (performance.now() - t) / 1000;
  const incremental = { changes: ids.length, seconds: +incSecs.toFixed(3), updatedB: incrementalRun.counts.updated.b };
  log(`incremental: ${ids.length} changes in ${incSecs.toFixed(3)} s (read A ${incrementalRun.counts.read.a} B ${incrementalRun.counts.read.b}, updated B ${incrementalRun.counts.updated.b})`);

  let large: LargeResult = { records: 0, peakRssMb: 0 };
  if (LARGE > 0) {
    log(`large: ${LARGE} contacts one way, sync and database in two child processes…`);
    large = await runLarge(LARGE, join(dir, 'large-db'));
    log(`large: CPU ${large.cpuSeconds} s in the sync process, ${large.dbCpuSeconds} s in the database process`);
    log(`large: ${large.records} in ${large.seconds} s, sync process peak RSS ${large.peakRssMb} MB (${large.rssBeforeMb} MB before the run), database process peak ${large.dbPeakRssMb} MB`);
  }

  const result = { initial, incremental, large };
  if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else {
    console.log('\n| measure | value | target |\n|---|---|---|');
    console.log(`| initial two-way sync | ${initial.records} records, ${initial.perSec}/s (${initial.perCpuSec} per CPU second), peak RSS ${initial.peakRssMb} MB | ≥ 10,000/s |`);
    console.log(`| incremental after ${incremental.changes} changes | ${incremental.seconds} s | ≤ 1 s |`);
    if (large.records) console.log(`| large one-way sync, sync process | ${large.records} records in ${large.seconds} s, peak RSS ${large.peakRssMb} MB (database process: ${large.dbPeakRssMb} MB) | ≤ 400 MB |`);
  }
} finally {
  clearInterval(sampler);
  await store.close();
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}

/**
 * With SLUICE_BENCH_PROFILE=FILE, a CPU profile of this thread during the initial sync only (not
 * the seeding), for Chrome DevTools or any `.cpuprofile` reader; with SLUICE_BENCH_HEAP_PROFILE=FILE,
 * a sampled allocation profile of the same span (`.heapprofile`), and with SLUICE_BENCH_HEAP_MINOR=0
 * as well, of what survived the young generation only (what the scavenger copied and promoted).
 */
async function startProfile(): Promise<() => Promise<void>> {
  const file = process.env.SLUICE_BENCH_PROFILE;
  const heapFile = process.env.SLUICE_BENCH_HEAP_PROFILE;
  if (!file && !heapFile) return async () => {};
  const { Session } = await import('node:inspector/promises');
  const { writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  if (file) {
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  // Allocation sampling (one sample per 64 KiB allocated, collected objects included): where the garbage comes from.
  if (heapFile) {
    await session.post('HeapProfiler.enable');
    await session.post('HeapProfiler.startSampling', { samplingInterval: 65_536, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: process.env.SLUICE_BENCH_HEAP_MINOR !== '0' });
  }
  return async () => {
    if (file) writeFileSync(file, JSON.stringify((await session.post('Profiler.stop')).profile));
    if (heapFile) writeFileSync(heapFile, JSON.stringify((await session.post('HeapProfiler.stopSampling')).profile));
    session.disconnect();
  };
}

interface LargeResult {
  records: number;
  /** Peak RSS of the sync process. */
  peakRssMb: number;
  seconds?: number;
  /** CPU seconds of the sync process, and of the database process, during the run. */
  cpuSeconds?: number;
  dbCpuSeconds?: number;
  rssBeforeMb?: number;
  /** Peak RSS of the embedded database's process. */
  dbPeakRssMb?: number;
}

/** Starts `cmd` under Node with tsx and Sluice's heap settings, and resolves its first stdout line. */
function nodeChild(script: string, argv: string[]): { child: ChildProcess; firstLine: Promise<string> } {
  const child = spawn(process.execPath, [...SLUICE_NODE_FLAGS, '--import', 'tsx', script, ...argv], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  const firstLine = new Promise<string>((ok, fail) => {
    createInterface({ input: child.stdout! }).once('line', ok);
    child.once('exit', (code) => fail(new Error(`${script} exited with ${String(code)} before answering`)));
  });
  return { child, firstLine };
}

/** CPU seconds of this process's main thread and of the database thread (Linux; 0 elsewhere). */
function threadCpu(dbThread: number | undefined): { main: number; database: number } {
  const of = (tid: number | undefined) => {
    if (!tid) return 0;
    try {
      const fields = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      return 0;
    }
  };
  return { main: of(process.pid), database: of(dbThread) };
}

/** CPU seconds (user + system) a live process has used, from /proc (clock ticks of 1/100 s). */
function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Peak RSS of a live process, from the kernel (VmHWM), in MB. */
function peakRssOf(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : 0;
}

async function runLarge(records: number, dataDir: string): Promise<LargeResult> {
  const server = nodeChild(join(repoRoot, 'packages/embedded-mongo/src/serve.script.ts'), [dataDir]);
  try {
    const { uri } = JSON.parse(await server.firstLine) as { uri: string };
    const dbCpu0 = cpuSecondsOf(server.child.pid!);
    const sync = nodeChild(join(repoRoot, 'test/bench/sync.bench.ts'), ['--large-child', String(records), '--uri', uri]);
    const figures = JSON.parse(await sync.firstLine) as { records: number; seconds: number; cpuSeconds: number; peakRssMb: number; rssBeforeMb: number };
    return {
      ...figures,
      seconds: +figures.seconds.toFixed(1),
      cpuSeconds: +figures.cpuSeconds.toFixed(1),
      dbCpuSeconds: +(cpuSecondsOf(server.child.pid!) - dbCpu0).toFixed(1),
      dbPeakRssMb: peakRssOf(server.child.pid!),
    };
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((ok) => server.child.once('exit', ok));
  }
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
