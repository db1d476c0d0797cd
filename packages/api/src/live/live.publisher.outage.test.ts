import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedMongo, type EmbeddedMongo } from '@sluice/embedded-mongo';
import { openStore, type Store } from '@sluice/store';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RuntimeEvent, SyncRuntime } from '@sluice/runtime';
import type { WorkerLog } from '@sluice/runtime';
import { until } from '../testing/until';
import { LivePublisher } from '@sluice/runtime';

let dir: string;
let mongo: EmbeddedMongo;
let store: Store;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-live-outage-'));
  mongo = await startEmbeddedMongo({ dataDir: dir });
  store = await openStore({ uri: mongo.uri, dbName: 'live_outage', secretKey: 'd4'.repeat(32) });
});
afterAll(async () => {
  await store?.close();
  await mongo?.close();
  await rm(dir, { recursive: true, force: true });
});

it('keeps the events of a database outage and writes them, in order, once the database is back', { timeout: 60_000 }, async () => {
  let listener: ((e: RuntimeEvent) => void) | null = null;
  // Only `subscribe` is used by the publisher; the real workers' side is covered by the cross-process test.
  const runtime = { subscribe: (_ws: string, l: (e: RuntimeEvent) => void) => ((listener = l), () => (listener = null)) } as unknown as SyncRuntime;
  // The publisher's own log line says when a write met the outage: the signal to bring the database back.
  const warnings: string[] = [];
  const log: WorkerLog = { info: () => undefined, warn: (_obj, msg) => void warnings.push(msg ?? ''), error: () => undefined };
  const publisher = new LivePublisher({ repo: store.live, retryMs: 100, log }).attach(runtime);
  publisher.watch('wo');
  const state = (s: string): RuntimeEvent => ({ type: 'state', workspaceId: 'wo', connectionId: 'c1', state: s as 'ready', at: Date.now() });
  listener!(state('before'));
  await publisher.flushed();

  const port = mongo.port;
  await mongo.close();
  listener!(state('during 1'));
  listener!(state('during 2'));
  await until('a write refused during the outage', async () => warnings.some((w) => /not written; retrying/.test(w)), 30_000);
  mongo = await startEmbeddedMongo({ dataDir: dir, port });
  listener!(state('after'));
  await publisher.flushed();

  const feed = await store.live.after<RuntimeEvent>('wo', 0);
  const states = feed.map((r) => (r.event.type === 'state' ? r.event.state : r.event.type));
  // Each once, in order (a block numbered before the outage cut its insert may leave a hole in the numbers).
  expect(states).toEqual(['before', 'during 1', 'during 2', 'after']);
  await publisher.close();
});
