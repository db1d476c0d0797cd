/**
 * `pnpm bench:db [--json] [--quick]`: the embedded database against raw SQLite.
 *  - insert: 100,000 contact-sized documents through the official driver, batches of 1,000, into a
 *    collection with a unique email index (what the store keeps on contacts);
 *  - rawSqliteInsert: the same documents BSON-encoded and inserted with the same SQLite binding (@photostructure/sqlite) into a
 *    (id PRIMARY KEY, email UNIQUE, doc BLOB) table, one transaction per 1,000 — the floor any
 *    SQLite-backed store pays;
 *  - lookup10k / lookup1M: findOne by email (indexed) in collections of 10,000 and 1,000,000.
 * Both sides use WAL with synchronous=NORMAL in a fresh temporary folder.
 * `--quick` shrinks the big collection to 200,000 documents for a fast look.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from '@photostructure/sqlite';
import { BSON, MongoClient, ObjectId, type Collection } from 'mongodb';
import { startEmbeddedMongo } from '@sluice/embedded-mongo';

const json = process.argv.includes('--json');
const quick = process.argv.includes('--quick');
const INSERT_N = 100_000;
const BATCH = 1_000;
const BIG_N = quick ? 200_000 : 1_000_000;
const ROUND = 10_000;
const LOOKUPS = 500;
const LOOKUP_ROUNDS = 4;

function contact(i: number, prefix: string) {
  return {
    _id: new ObjectId(),
    workspaceId: 'ws_bench',
    email: `${prefix}${i}@example-company.com`,
    firstName: `First${i}`,
    lastName: `Last${i}`,
    phone: `+3247${String(i).padStart(7, '0')}`,
    company: `Company ${i % 5000}`,
    jobTitle: 'Head of Partnerships',
    website: `https://company${i % 5000}.example.com`,
    address: { street: `${i} Long Street`, city: 'Ghent', zip: '9000', country: 'BE' },
    tags: ['customer', `segment-${i % 7}`],
    lists: ['newsletter'],
    unsubscribed: false,
    deals: { count: i % 3, open: i % 2, won: 0, value: (i % 100) * 10 },
    custom: { industry: 'Software', employees: 50 + (i % 200), vip: i % 11 === 0 },
    updatedAt: new Date(1_700_000_000_000 + i * 1000).toISOString(),
  };
}

function log(msg: string): void {
  if (!json) process.stderr.write(`${msg}\n`);
}

async function insertThroughDriver(coll: Collection, from: number, n: number, prefix: string): Promise<number> {
  const start = performance.now();
  for (let i = from; i < from + n; i += BATCH) {
    const docs = Array.from({ length: Math.min(BATCH, from + n - i) }, (_, j) => contact(i + j, prefix));
    await coll.insertMany(docs, { ordered: true });
  }
  return (performance.now() - start) / 1000;
}

function openRaw(dir: string): { insert(from: number, n: number): number; close(): void } {
  const sql = new DatabaseSync(join(dir, 'raw.sqlite'));
  sql.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL');
  sql.exec('CREATE TABLE contacts (id BLOB PRIMARY KEY, email TEXT NOT NULL UNIQUE, doc BLOB NOT NULL)');
  const ins = sql.prepare('INSERT INTO contacts (id, email, doc) VALUES (?, ?, ?)');
  const batch = (docs: ReturnType<typeof contact>[]) => {
    sql.exec('BEGIN');
    for (const d of docs) ins.run(Buffer.from(d._id.id), d.email, BSON.serialize(d));
    sql.exec('COMMIT');
  };
  return {
    insert(from, n) {
      const start = performance.now();
      for (let i = from; i < from + n; i += BATCH) {
        batch(Array.from({ length: Math.min(BATCH, from + n - i) }, (_, j) => contact(i + j, 'raw')));
      }
      return (performance.now() - start) / 1000;
    },
    close: () => sql.close(),
  };
}

async function lookups(coll: Collection, size: number, prefix: string): Promise<number> {
  // warm up, then time sequential indexed lookups of random existing emails
  for (let i = 0; i < 50; i++) await coll.findOne({ email: `${prefix}${Math.floor(Math.random() * size)}@example-company.com` });
  const start = performance.now();
  for (let i = 0; i < LOOKUPS; i++) {
    const doc = await coll.findOne({ email: `${prefix}${Math.floor(Math.random() * size)}@example-company.com` });
    if (!doc) throw new Error('lookup missed an existing document');
  }
  return (performance.now() - start) / LOOKUPS;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-bench-db-'));
  const server = await startEmbeddedMongo({ dataDir: join(dir, 'db') });
  const client = new MongoClient(server.uri);
  try {
    const db = client.db('bench');
    const contacts = db.collection('contacts');
    await contacts.createIndex({ email: 1 }, { unique: true });
    // The two inserts alternate in rounds, so both see the same machine load.
    log(`inserting ${INSERT_N} documents through the driver and with raw SQLite, alternating…`);
    const raw = openRaw(dir);
    let insertSecs = 0;
    let rawSecs = 0;
    let insertCpu = 0;
    let rawCpu = 0;
    const cpuSecs = (since: NodeJS.CpuUsage) => {
      const d = process.cpuUsage(since);
      return (d.user + d.system) / 1e6;
    };
    for (let from = 0; from < INSERT_N; from += ROUND) {
      let cpu = process.cpuUsage();
      insertSecs += await insertThroughDriver(contacts, from, ROUND, 'c');
      insertCpu += cpuSecs(cpu);
      cpu = process.cpuUsage();
      rawSecs += raw.insert(from, ROUND);
      rawCpu += cpuSecs(cpu);
    }
    raw.close();

    const small = db.collection('lookup10k');
    await small.createIndex({ email: 1 });
    await insertThroughDriver(small, 0, 10_000, 's');
    const big = db.collection('lookup1m');
    await big.createIndex({ email: 1 });
    log(`loading ${BIG_N} documents for the large lookup…`);
    await insertThroughDriver(big, 0, BIG_N, 'b');
    log('timing lookups, alternating between the two collections…');
    let ms10k = 0;
    let ms1m = 0;
    for (let round = 0; round < LOOKUP_ROUNDS; round++) {
      ms10k += (await lookups(small, 10_000, 's')) / LOOKUP_ROUNDS;
      ms1m += (await lookups(big, BIG_N, 'b')) / LOOKUP_ROUNDS;
    }

    const result = {
      insert: { perSec: Math.round(INSERT_N / insertSecs) },
      rawSqliteInsert: { perSec: Math.round(INSERT_N / rawSecs) },
      lookup10k: { msPerLookup: Number(ms10k.toFixed(4)) },
      lookup1M: { msPerLookup: Number(ms1m.toFixed(4)) },
    };
    if (json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
    } else {
      const ratio = result.insert.perSec / result.rawSqliteInsert.perSec;
      const lookupRatio = ms1m / ms10k;
      console.log('| measure | value | target |');
      console.log('|---|---|---|');
      console.log(`| insert through driver (docs/s) | ${result.insert.perSec} | ≥ 0.3 × raw (now ${ratio.toFixed(2)} ×) |`);
      console.log(`| raw SQLite insert (docs/s) | ${result.rawSqliteInsert.perSec} | — |`);
      console.log(`| insert per CPU second (driver and server share this process) | ${Math.round(INSERT_N / insertCpu)} | — |`);
      console.log(`| raw insert per CPU second | ${Math.round(INSERT_N / rawCpu)} | — |`);
      console.log(`| findOne by email, 10k docs (ms) | ${result.lookup10k.msPerLookup} | — |`);
      console.log(`| findOne by email, ${BIG_N / 1000}k docs (ms) | ${result.lookup1M.msPerLookup} | ≤ 2 × 10k (now ${lookupRatio.toFixed(2)} ×) |`);
    }
  } finally {
    await client.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
