import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RuntimeEvent } from '@sluice/runtime';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config';
import { startSluice, type RunningSluice } from './sluice.app';

// The API in this process with no workers of its own; the sync runs in a `sluice worker` child
// against the same embedded database. Live events can only reach the API through the database.
const bin = resolve(import.meta.dirname, '../../bin/sluice-dev.mjs');
let dataDir: string;
let sluice: RunningSluice;
let worker: ChildProcess | null = null;
let workerOutput = '';
let cookie = '';

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'sluice-live-'));
  sluice = await startSluice({ port: 0, dataDir, webRoot: null, workers: false, config: loadConfig({ LOG_LEVEL: 'silent' }), logger: pino({ level: 'silent' }) });
});

afterAll(async () => {
  if (worker && worker.exitCode === null) {
    worker.kill('SIGTERM');
    await new Promise((r) => worker!.once('exit', r));
  }
  await sluice?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function call<T>(path: string, input?: unknown, method: 'GET' | 'POST' = 'GET'): Promise<T> {
  const headers: Record<string, string> = { cookie, origin: sluice.url, 'sec-fetch-site': 'same-origin' };
  const res =
    method === 'GET'
      ? await fetch(`${sluice.url}/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`, { headers })
      : await fetch(`${sluice.url}/trpc/${path}`, { method, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(input ?? {}) });
  const setCookie = res.headers.get('set-cookie');
  if (setCookie) cookie = setCookie.split(';')[0]!;
  const body = (await res.json()) as { result?: { data: T }; error?: { message: string } };
  if (!res.ok) throw new Error(`${path}: ${res.status} ${body.error?.message}`);
  return body.result!.data;
}

interface Received {
  id: string;
  event: RuntimeEvent;
}

/** Reads tRPC's SSE stream (`id:` + `data:` per message) until `done` says so or `ms` pass. */
async function readStream(path: string, input: unknown, done: (got: Received[]) => boolean, ms: number, lastEventId?: string): Promise<Received[]> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), ms);
  const got: Received[] = [];
  try {
    const headers: Record<string, string> = { cookie, accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) };
    const res = await fetch(`${sluice.url}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers, signal: abort.signal });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    while (!done(got)) {
      const { value, done: ended } = await reader.read();
      if (ended) break;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const message = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const id = /^id: ?(.*)$/m.exec(message)?.[1];
        const data = /^data: ?(.*)$/m.exec(message)?.[1];
        if (id && data) got.push({ id, event: JSON.parse(data) as RuntimeEvent });
      }
    }
    await reader.cancel();
  } catch (e) {
    if (!abort.signal.aborted) throw e;
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
  return got;
}

const describeEvent = (e: RuntimeEvent) => (e.type === 'state' ? `state:${e.state}` : e.type);

describe('live events across processes', () => {
  it("delivers a `sluice worker` process's state changes and run progress to the API's subscription, resumable by id", { timeout: 120_000 }, async () => {
    await call('auth.signUp', { email: 'live@example.com', password: 'a good passphrase 1', name: 'Live' }, 'POST');
    const connection = await call<{ id: string }>(
      'connections.create',
      { name: 'CRM → Outreach', apps: { a: { connector: 'sandbox-crm', config: {} }, b: { connector: 'sandbox-outreach', config: {} } }, mode: 'a-to-b' },
      'POST',
    );
    const input = { connectionId: connection.id };
    const finished = (got: Received[]) => got.some((r) => r.event.type === 'state' && r.event.state === 'live.idle');
    // From the feed's start (id 0 of a new workspace): the stream sees every event of the connection
    // whenever its listener registers, so nothing waits for it.
    const watching = readStream('live.connections', input, finished, 90_000, '0');

    worker = spawn(process.execPath, [bin, 'worker'], {
      env: { ...process.env, MONGODB_URI: sluice.embedded!.uri, SLUICE_DATA: dataDir, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    worker.stdout!.on('data', (d: Buffer) => (workerOutput += d.toString()));
    worker.stderr!.on('data', (d: Buffer) => (workerOutput += d.toString()));
    await call('connections.start', { id: connection.id }, 'POST');

    const got = await watching;
    const names = got.map((r) => describeEvent(r.event));
    expect(names, workerOutput).toEqual(expect.arrayContaining(['state:initialSync', 'progress', 'run', 'state:live.idle']));
    expect(names.indexOf('state:initialSync')).toBeLessThan(names.indexOf('run'));
    expect(got.every((r) => r.event.connectionId === connection.id)).toBe(true);
    // The run came from the other process: this one runs no workers.
    expect(sluice.worker.started).toBe(false);
    expect((await call<{ worker?: { owner: string } }>('connections.status', { id: connection.id })).worker?.owner).not.toContain(`:${process.pid}:`);

    // Ids are the feed's sequence numbers: increasing, each event once.
    const ids = got.map((r) => Number(r.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);

    // A stream that dropped after the second event resumes with exactly what followed, nothing twice.
    const resumeFrom = got[1]!.id;
    const rest = got.slice(2);
    const resumed = await readStream('live.connections', input, (r) => r.length >= rest.length, 10_000, resumeFrom);
    expect(resumed.slice(0, rest.length).map((r) => r.id)).toEqual(rest.map((r) => r.id));
    expect(resumed.map((r) => r.event)).toEqual(rest.map((r) => r.event));
  });
});
