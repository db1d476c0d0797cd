import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { until } from '@sluice/api/testing';
import { startEmbeddedMongo } from '@sluice/embedded-mongo';
import { openStore } from '@sluice/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../../..');
const bin = join(root, 'apps/server/bin/sluice-dev.mjs');
/** The presence lease every worker holds under its own id (`PRESENCE_WORKSPACE` in the engine's scheduler). */
const PRESENCE = '\u0000workers';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-cli-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

interface Launched {
  out(): string;
  err(): string;
  waitFor(pattern: RegExp, ms?: number): Promise<void>;
  exited: Promise<number | null>;
  kill(): void;
}

function launch(args: string[], env: NodeJS.ProcessEnv = { ...process.env }): Launched {
  const child = spawn(process.execPath, [bin, ...args], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters: Array<() => void> = [];
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    for (const w of waiters) w();
  });
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
    for (const w of waiters) w();
  });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return {
    out: () => out,
    err: () => err,
    exited,
    kill: () => child.kill('SIGTERM'),
    waitFor: (pattern, ms = 30_000) =>
      new Promise<void>((resolveWait, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${pattern} in:\n${out}${err}`)), ms);
        const check = () => {
          if (pattern.test(out + err)) {
            clearTimeout(timer);
            resolveWait();
          }
        };
        waiters.push(check);
        check();
        void exited.then(() => check());
      }),
  };
}

async function sluice(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const run = launch(args);
  const code = await run.exited;
  return { code, out: run.out(), err: run.err() };
}

describe('sluice template', () => {
  it('lists the gallery, exports without account details and imports into a connection file after checks', { timeout: 180_000 }, async () => {
    const list = await sluice(['template', 'list']);
    expect(list.code).toBe(0);
    expect(list.out).toContain('prospects-without-deals');

    const graph = {
      format: 'sluice.graph/v1',
      name: 'g',
      id: 'graph-123',
      version: 7,
      source: { app: 'pipedrive', accountId: 'acct-9', credentials: { apiToken: 'secret' } },
      target: { app: 'woodpecker' },
      nodes: [
        { id: 'in', kind: 'source' },
        { id: 'out', kind: 'sync' },
      ],
      edges: [{ from: 'in', to: 'out' }],
    };
    await writeFile(join(dir, 'graph.json'), JSON.stringify(graph));
    const exported = await sluice(['template', 'export', 'graph.json']);
    expect(exported.code).toBe(0);
    const template = JSON.parse(exported.out) as Record<string, unknown>;
    expect(template.source).toEqual({ app: 'pipedrive' });
    expect(exported.out).not.toContain('secret');
    expect(exported.out).not.toContain('acct-9');
    expect(exported.out).not.toContain('graph-123');

    const connection = {
      format: 'sluice.connection/v1',
      name: 'files',
      apps: { a: { connector: 'sandbox-crm', config: {} }, b: { connector: 'sandbox-outreach', config: {} } },
      mode: 'a-to-b',
    };
    await writeFile(join(dir, 'connection.json'), JSON.stringify(connection));
    const imported = await sluice(['template', 'import', '--gallery', 'prospects-without-deals', 'connection.json']);
    expect(imported.err).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.out).toContain('2 template tests passed');
    const written = JSON.parse(await readFile(join(dir, 'connection.json'), 'utf8')) as { rules: { aToB: { source: { app: string } } } };
    expect(written.rules.aToB.source.app).toBe('sandbox-crm');

    // Outreach as the source has no deals: refused, naming the field, file untouched.
    await writeFile(join(dir, 'reverse.json'), JSON.stringify({ ...connection, apps: { a: connection.apps.b, b: connection.apps.a } }));
    const refused = await sluice(['template', 'import', '--gallery', 'prospects-without-deals', 'reverse.json']);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/E_UNKNOWN_FIELD.*deals\.count/);
    expect(refused.err).not.toMatch(/\n\s+at /);
    expect(JSON.parse(await readFile(join(dir, 'reverse.json'), 'utf8'))).not.toHaveProperty('rules');
  });
});

describe('sluice worker', () => {
  it('needs MONGODB_URI', { timeout: 120_000 }, async () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.MONGODB_URI;
    const run = launch(['worker'], env);
    expect(await run.exited).toBe(1);
    expect(run.err()).toContain('MONGODB_URI');
  });

  it('runs against a shared database and stops cleanly on SIGTERM', { timeout: 120_000 }, async () => {
    const mongo = await startEmbeddedMongo({ dataDir: ':memory:' });
    const store = await openStore({ uri: mongo.uri, dataDir: join(dir, 'observer') });
    try {
      const run = launch(['worker'], { ...process.env, MONGODB_URI: mongo.uri, SLUICE_DATA: join(dir, 'data'), LOG_LEVEL: 'info' });
      await run.waitFor(/sync worker started/);
      const owner = (JSON.parse(run.out().split('\n').find((l) => l.includes('sync worker started'))!) as { owner: string }).owner;
      // Its first tick has taken the presence lease every worker holds: it is at work, not just started.
      await until('its presence lease', async () => store.leases.get(PRESENCE, owner));
      run.kill();
      expect(await run.exited).toBe(0);
      expect(run.out()).toContain('releasing leases');
      // Released on the way out, not left to expire: another worker sees at once that this one is gone.
      expect(await store.leases.get(PRESENCE, owner)).toBeNull();
    } finally {
      await store.close();
      await mongo.close();
    }
  });
});

describe('sluice start', () => {
  it('refuses a wrong setting before it starts: one line per variable, naming it, exit 1 and no data folder', { timeout: 120_000 }, async () => {
    const data = join(dir, 'never-created');
    const run = launch(['start'], { ...process.env, SLUICE_DATA: data, PORT: 'eighty', SLUICE_TRUST_PROXY: 'maybe' });
    expect(await run.exited).toBe(1);
    expect(run.err()).toBe(
      'sluice start: PORT must be a whole number (got "eighty")\n' +
        'sluice start: SLUICE_TRUST_PROXY must be 1 or 0 (also true/false, yes/no, on/off; got "maybe")\n',
    );
    expect(run.out()).toBe('');
    await expect(readFile(join(data, 'secret.key'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
