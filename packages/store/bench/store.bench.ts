/**
 * Throughput of the sync hot paths through the store: what the engine does per page of records
 * (find links, upsert links, insert record events, set health). Against a throwaway embedded
 * server, or the MongoDB at MONGODB_URI_TEST when set.
 *
 *   pnpm --filter @sluice/store bench [-- --records 20000 --page 500 --json]
 */
import { startEmbeddedMongo, type EmbeddedMongo } from '@sluice/embedded-mongo';
import type { Link, RecordEvent, RecordHealth } from '@sluice/engine';
import { openStore } from '../src/open-store';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const RECORDS = arg('records', 20_000);
const PAGE = arg('page', 500);
const json = args.includes('--json');

const realUri = process.env.MONGODB_URI_TEST;
let server: EmbeddedMongo | undefined;
const uri = realUri ?? (server = await startEmbeddedMongo({ dataDir: ':memory:' })).uri;
const store = await openStore({ uri, dbName: `sluice_bench_${Date.now()}`, secretKey: 'b'.repeat(64) });
const scope = { workspaceId: 'bench', connectionId: 'c1' };

const pages: number[][] = [];
for (let i = 0; i < RECORDS; i += PAGE) pages.push(Array.from({ length: Math.min(PAGE, RECORDS - i) }, (_, j) => i + j));

const link = (i: number, syncedAt: number): Link => ({
  aId: `pd-${i}`,
  bId: `wp-${i}`,
  values: { email: `person${i}@example.com`, firstName: 'Ada', lastName: `Lovelace ${i}`, company: 'Analytical Engines', tags: ['lead', 'vip'], 'address.city': 'London' },
  aHash: 'a'.repeat(16),
  bHash: 'b'.repeat(16),
  syncedAt,
});
const event = (i: number): RecordEvent => ({
  runId: 'run-1',
  direction: 'aToB',
  sourceId: `pd-${i}`,
  targetId: `wp-${i}`,
  outcome: 'updated',
  changes: [{ path: 'company', before: 'Old Co', after: 'Analytical Engines' }],
  at: Date.now(),
});
const health = (i: number): RecordHealth => ({ side: 'a', recordId: `pd-${i}`, status: 'inSync', at: Date.now() });

async function measure(name: string, perPage: (ids: number[]) => Promise<unknown>): Promise<[string, number]> {
  const start = performance.now();
  for (const ids of pages) await perPage(ids);
  const seconds = (performance.now() - start) / 1000;
  return [name, Math.round(RECORDS / seconds)];
}

const results = Object.fromEntries([
  await measure('linksInsert', (ids) => store.links.upsertMany(scope, ids.map((i) => link(i, 1)))),
  await measure('linksFindByA', (ids) => store.links.findByA(scope, ids.map((i) => `pd-${i}`))),
  await measure('linksUpdate', (ids) => store.links.upsertMany(scope, ids.map((i) => link(i, 2)))),
  await measure('eventsInsert', (ids) => store.events.insertMany(scope, ids.map(event))),
  await measure('healthSet', (ids) => store.health.setMany(scope, ids.map(health))),
]) as Record<string, number>;

await store.db.dropDatabase();
await store.close();
await server?.close();

const target = realUri ? 'MongoDB (MONGODB_URI_TEST)' : 'embedded';
if (json) console.log(JSON.stringify({ target, records: RECORDS, page: PAGE, perSec: results }));
else {
  console.log(`store bench — ${RECORDS} records in pages of ${PAGE}, ${target}`);
  console.log('operation        records/s');
  for (const [name, perSec] of Object.entries(results)) console.log(`${name.padEnd(16)} ${String(perSec).padStart(9)}`);
}
