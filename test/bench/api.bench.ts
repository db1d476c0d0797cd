/**
 * `pnpm bench:api [--json]`: the live preview through the HTTP API. A server over the embedded
 * database and the sandbox apps (about 1,050 CRM people), a two-way connection with a rule graph;
 * one preview call reads a 1,000-record sample from the apps (cached), then 50 timed calls evaluate
 * it again as the editor does after each edit (rules, mapping, match and diff for every record,
 * JSON over HTTP; the editor holds the sample, so it passes `knownSample` and records do not travel
 * again — the text output also shows calls that resend them). Prints p50/p95; `--json` prints `{ preview: { sample, p50Ms, p95Ms } }`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SyncWorker, directoryFromRegistry } from '@sluice/runtime';
import { createConnectorRegistry, createSandboxEditor, ensureSandboxSeeded } from '@sluice/connectors';
import { startEmbeddedMongo } from '@sluice/embedded-mongo';
import { buildServer } from '@sluice/server';
import { openStore } from '@sluice/store';

const json = process.argv.includes('--json');
const CALLS = 50;
const SAMPLE = 1_000;
process.env.SLUICE_SCRYPT_COST ??= '12';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

async function main(): Promise<void> {
  const mongo = await startEmbeddedMongo({ dataDir: ':memory:' });
  const filesRoot = mkdtempSync(join(tmpdir(), 'sluice-bench-api-'));
  const store = await openStore({ uri: mongo.uri, dbName: 'bench_api', secretKey: randomBytes(32).toString('hex') });
  const sandboxStore = store.sandbox;
  const connectors = directoryFromRegistry(createConnectorRegistry({ sandboxStore }), { filesRoot });
  const worker = new SyncWorker({ db: store, connectors, log: quiet });
  const app = await buildServer({ db: store, engine: worker, connectors, sandbox: createSandboxEditor(sandboxStore), logger: false, limits: { perMinute: 100_000 } });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  let cookie = '';
  const call = async (path: string, input: unknown, method: 'GET' | 'POST'): Promise<unknown> => {
    const res =
      method === 'GET'
        ? await fetch(`${url}/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`, { headers: { cookie } })
        : await fetch(`${url}/trpc/${path}`, { method, headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(input) });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) cookie = setCookie.split(';')[0]!;
    const body = (await res.json()) as { result?: { data: unknown }; error?: { message: string } };
    if (!res.ok) throw new Error(`${path}: ${res.status} ${body.error?.message}`);
    return body.result!.data;
  };
  try {
    const signed = (await call('auth.signUp', { email: 'bench@example.com', password: 'a good passphrase 1', name: 'Bench' }, 'POST')) as { workspaceId: string };
    await ensureSandboxSeeded(sandboxStore, signed.workspaceId, { count: 1_500 });
    const connection = (await call(
      'connections.create',
      {
        name: 'Bench',
        apps: { a: { connector: 'sandbox-crm', config: {} }, b: { connector: 'sandbox-outreach', config: {} } },
        mode: 'two-way',
        rules: {
          aToB: {
            format: 'sluice.graph/v1',
            name: 'Prospects',
            source: { app: 'sandbox-crm' },
            target: { app: 'sandbox-outreach' },
            nodes: [
              { id: 'in', kind: 'source' },
              { id: 'c1', kind: 'condition', label: 'has no deals', when: { field: 'deals.count', op: 'eq', value: 0 } },
              { id: 'c2', kind: 'condition', label: 'has an email', when: { field: 'email', op: 'isNotEmpty' } },
              { id: 'a1', kind: 'action', do: { op: 'addTag', value: 'New' } },
              { id: 'a2', kind: 'action', do: { op: 'format', field: 'email', as: 'lowercase' } },
              { id: 'out', kind: 'sync' },
            ],
            edges: [
              { from: 'in', to: 'c1' },
              { from: 'c1', to: 'c2' },
              { from: 'c2', to: 'a1' },
              { from: 'a1', to: 'a2' },
              { from: 'a2', to: 'out' },
            ],
          },
        },
      },
      'POST',
    )) as { id: string };
    const first = (await call('preview.run', { connectionId: connection.id, sampleSize: SAMPLE }, 'GET')) as { sample: { size: number; fetchedAt: number } };
    const sample = first.sample.size;
    const knownSample = first.sample.fetchedAt;
    // The editor sends the draft rules with every call: alternate two drafts so nothing is served from a response cache.
    const drafts = [{}, { conflict: { winner: 'b', fields: {} } }];
    const times: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      const t0 = performance.now();
      const r = (await call('preview.run', { connectionId: connection.id, sampleSize: SAMPLE, draft: drafts[i % 2], knownSample }, 'GET')) as { sample: { cached: boolean } };
      times.push(performance.now() - t0);
      if (!r.sample.cached) throw new Error('the sample was not served from the cache');
    }
    // The same with the records sent again each time (a client that does not keep the sample).
    const full: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      const t0 = performance.now();
      await call('preview.run', { connectionId: connection.id, sampleSize: SAMPLE, draft: drafts[i % 2] }, 'GET');
      full.push(performance.now() - t0);
    }
    // For scale: a call that does no work (the session lookup and HTTP round trip alone).
    const baseline: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      const t0 = performance.now();
      await call('auth.me', undefined, 'GET');
      baseline.push(performance.now() - t0);
    }
    const pctOf = (list: number[], p: number) => {
      const sorted = [...list].sort((a, b) => a - b);
      return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 10) / 10;
    };
    const pct = (p: number) => pctOf(times, p);
    const result = { preview: { sample, p50Ms: pct(50), p95Ms: pct(95) } };
    if (json) console.log(JSON.stringify(result));
    else {
      console.log(`preview through the API: ${sample} cached records, ${CALLS} calls`);
      console.log(`  p50 ${result.preview.p50Ms} ms   p95 ${result.preview.p95Ms} ms   (target p50 ≤ 150 ms)`);
      console.log(`  with the records sent every time: p50 ${pctOf(full, 50)} ms   p95 ${pctOf(full, 95)} ms`);
      console.log(`  an empty API call on this machine now: p50 ${pctOf(baseline, 50)} ms (load average ${(await import('node:os')).loadavg()[0]!.toFixed(1)})`);
    }
  } finally {
    await app.close();
    await worker.stop();
    await store.close();
    await mongo.close();
    rmSync(filesRoot, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(`bench:api: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});
