import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startEmbeddedMongo } from '@sluice/embedded-mongo';
import { openStore } from '@sluice/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = resolve(import.meta.dirname, '../../bin/sluice-dev.mjs');
/** The presence lease every worker holds under its own id (`PRESENCE_WORKSPACE` in the engine's scheduler). */
const PRESENCE = '\u0000workers';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-worker-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

interface Worker {
  /** Resolves with the first stdout line that holds `text`. */
  line(text: string): Promise<string>;
  stop(): void;
  exited: Promise<{ code: number | null; out: string; err: string }>;
}

/** `sluice worker` in a child process, as an operator starts it. */
function worker(env: NodeJS.ProcessEnv): Worker {
  const child = spawn(process.execPath, [bin, 'worker'], { cwd: dir, env: { ...process.env, SLUICE_DEBUG: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiting: Array<() => void> = [];
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    for (const w of waiting.splice(0)) w();
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  const exited = new Promise<{ code: number | null; out: string; err: string }>((done) =>
    child.on('exit', (code) => {
      clearTimeout(timer);
      for (const w of waiting.splice(0)) w();
      done({ code, out, err });
    }),
  );
  return {
    exited,
    stop: () => child.kill('SIGTERM'),
    line: (text) =>
      new Promise((found, fail) => {
        const look = () => {
          const hit = out.split('\n').find((l) => l.includes(text));
          if (hit) found(hit);
          else if (child.exitCode !== null || child.signalCode !== null) fail(new Error(`worker exited without "${text}": ${err}`));
          else waiting.push(look);
        };
        look();
      }),
  };
}

describe('SLUICE_LEASE_TTL_MS', () => {
  it('`sluice worker` refuses a bad value in one line and exit 1, before touching the database', { timeout: 120_000 }, async () => {
    // No database listens at this address: the refusal must come first.
    const env = { MONGODB_URI: 'mongodb://127.0.0.1:9/none', SLUICE_DATA: join(dir, 'refused') };
    const short = await worker({ ...env, SLUICE_LEASE_TTL_MS: '999' }).exited;
    expect(short).toMatchObject({ code: 1, out: '', err: 'sluice worker: SLUICE_LEASE_TTL_MS must be at least 1000 (milliseconds; got 999)\n' });
  });

  it('`sluice worker` prints the lease it uses and holds its leases for that long', { timeout: 120_000 }, async () => {
    const mongo = await startEmbeddedMongo({ dataDir: ':memory:' });
    const store = await openStore({ uri: mongo.uri, dataDir: join(dir, 'observer') });
    try {
      const run = worker({ MONGODB_URI: mongo.uri, SLUICE_DATA: join(dir, 'data'), SLUICE_LEASE_TTL_MS: '5000', LOG_LEVEL: 'info' });
      const started = JSON.parse(await run.line('sync worker started')) as { owner: string; leaseTtlMs: number };
      expect(started.leaseTtlMs).toBe(5_000);
      // The presence lease is taken at the worker's first tick, just after the line; it is renewed every third of the lease.
      let lease = await store.leases.get(PRESENCE, started.owner);
      for (let i = 0; i < 400 && !lease; i++) {
        await new Promise((r) => setTimeout(r, 50));
        lease = await store.leases.get(PRESENCE, started.owner);
      }
      const readAt = Date.now();
      run.stop();
      expect((await run.exited).code).toBe(0);
      expect(lease).not.toBeNull();
      // Valid for at most 5 s from now: not the default minute.
      expect(lease!.expiresAt - readAt).toBeLessThanOrEqual(5_000);
    } finally {
      await store.close();
      await mongo.close();
    }
  });
});
