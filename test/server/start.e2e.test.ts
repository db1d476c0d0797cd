import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../e2e/chromium';

// The README's quickstart, `pnpm start`, as a user runs it: the build step of the package's own `start`
// script (web app and server, each only when older than its sources, so a checkout built once for this
// commit is reused), then the compiled `sluice start` under plain Node on a fresh data folder and a
// free port, everything over HTTP and in a browser.
const root = resolve(import.meta.dirname, '../..');
const startScript = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
const dist = join(root, 'apps/server/dist');
let child: ChildProcess;
let dataDir: string;
let url = '';
let cookie = '';
let output = '';

beforeAll(async () => {
  // `pnpm start` is `<build> && sluice start`: run its build half as written, so this test follows the
  // script if it changes.
  const [buildStep, serveStep] = startScript.split('&&').map((part) => part.trim().split(/\s+/));
  expect(buildStep!.slice(0, 2)).toEqual(['node', 'scripts/build.mjs']);
  expect(serveStep).toEqual(['sluice', 'start']);
  // The web half runs the web package's own Vite through pnpm: the `pnpm` on PATH, as `pnpm start`
  // would, whichever runner (pnpm, npx) started these tests.
  const buildEnv = { ...process.env };
  if (!/pnpm/.test(buildEnv.npm_execpath ?? '')) delete buildEnv.npm_execpath;
  // Vitest's NODE_ENV=test would make Vite bundle React's development build; a user's shell has none.
  delete buildEnv.NODE_ENV;
  const built = spawnSync(process.execPath, buildStep!.slice(1), { cwd: root, env: buildEnv, encoding: 'utf8', stdio: 'pipe' });
  if (built.status !== 0) throw new Error(`the build step of \`pnpm start\` failed:\n${built.stdout}\n${built.stderr}`);
  dataDir = await mkdtemp(join(tmpdir(), 'sluice-start-'));
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', SLUICE_DATA: dataDir, LOG_LEVEL: 'warn', SLUICE_SCRYPT_COST: '12' };
  delete env.MONGODB_URI;
  child = spawn(process.execPath, [join(root, 'apps/server/bin/sluice.mjs'), 'start'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`sluice start did not print its URL:\n${output}`)), 120_000);
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      const m = /running at (http:\/\/[^\s]+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`sluice start exited with ${code}:\n${output}`)));
  });
});

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function call<T>(path: string, input?: unknown, method: 'GET' | 'POST' = 'GET'): Promise<T> {
  const headers: Record<string, string> = { cookie, origin: url, 'sec-fetch-site': 'same-origin' };
  const res =
    method === 'GET'
      ? await fetch(`${url}/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`, { headers })
      : await fetch(`${url}/trpc/${path}`, { method, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(input ?? {}) });
  const setCookie = res.headers.get('set-cookie');
  if (setCookie) cookie = setCookie.split(';')[0]!;
  const body = (await res.json()) as { result?: { data: T }; error?: { message: string } };
  if (!res.ok) throw new Error(`${path}: ${res.status} ${body.error?.message}`);
  return body.result!.data;
}

async function until<T>(fn: () => Promise<T | undefined | false | null>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('sluice start', () => {
  it('serves health, the built web app (its root element and its script) and the first-visit setup', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(output).toContain('create your account');
    expect(output).toContain(`Sluice keeps its data in ${dataDir} (embedded database in ${join(dataDir, 'db')})`);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const page = await fetch(`${url}/connections`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).not.toContain('not built');
    expect(html).toContain('<div id="root"></div>');
    // Vite's production entry: a hashed module under /assets, served as JavaScript.
    const script = /<script type="module"[^>]* src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script, html).toBeDefined();
    const js = await fetch(`${url}${script}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect((await js.text()).length).toBeGreaterThan(10_000);
    expect(await call('auth.status')).toEqual({ needsSetup: true, user: null, signUp: 'invite' });
  });

  it('renders the app in a browser: the first visit asks to create the first account', async () => {
    const browser = await launchChromium();
    try {
      const tab = await browser.newPage();
      const errors: string[] = [];
      tab.on('pageerror', (e) => errors.push(e.message));
      await tab.goto(`${url}/connections`);
      await tab.getByRole('heading', { name: 'Create the first account' }).waitFor({ timeout: 30_000 });
      expect(await tab.locator('#root').innerHTML()).not.toBe('');
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('signs up, connects the two sandbox apps with a rule, previews, starts and sees records and the run arrive', async () => {
    await call('auth.signUp', { email: 'first@example.com', password: 'a good passphrase 1', name: 'First' }, 'POST');
    expect(cookie).toMatch(/^sluice_session=/);
    const apps = await call<Array<{ id: string }>>('apps.list');
    expect(apps.map((a) => a.id)).toEqual(expect.arrayContaining(['sandbox-crm', 'sandbox-outreach']));

    const before = await call<{ items: unknown[]; nextAfterId?: string }>('sandbox.outreach.list', { limit: 500 });
    const connection = await call<{ id: string }>(
      'connections.create',
      {
        name: 'CRM ↔ Outreach',
        apps: { a: { connector: 'sandbox-crm', config: {} }, b: { connector: 'sandbox-outreach', config: {} } },
        mode: 'two-way',
        rules: {
          aToB: {
            format: 'sluice.graph/v1',
            name: 'Prospects without deals',
            source: { app: 'sandbox-crm' },
            target: { app: 'sandbox-outreach' },
            nodes: [
              { id: 'in', kind: 'source' },
              { id: 'c1', kind: 'condition', label: 'has no deals', when: { field: 'deals.count', op: 'eq', value: 0 } },
              { id: 'a1', kind: 'action', do: { op: 'addTag', value: 'New' } },
              { id: 'out', kind: 'sync' },
            ],
            edges: [
              { from: 'in', to: 'c1' },
              { from: 'c1', to: 'a1' },
              { from: 'a1', to: 'out' },
            ],
          },
        },
      },
      'POST',
    );

    const preview = await call<{ summary: { total: number; syncing: number; excluded: number }; items: Array<{ sync: boolean; reason?: string; path: string[] }> }>('preview.run', {
      connectionId: connection.id,
      sampleSize: 100,
    });
    expect(preview.summary.total).toBe(100);
    expect(preview.summary.syncing).toBeGreaterThan(0);
    expect(preview.summary.excluded).toBeGreaterThan(0);
    expect(preview.items.find((i) => !i.sync)?.reason).toContain('has no deals');

    // From the start of the workspace's feed (id 0), so the run's events count even if the stream
    // registers after the run began.
    const stream = await fetch(`${url}/trpc/live.connections?input=${encodeURIComponent(JSON.stringify({ connectionId: connection.id, lastEventId: '0' }))}`, {
      headers: { cookie, accept: 'text/event-stream' },
    });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const reader = stream.body!.getReader();
    let seen = '';
    const watching = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        seen += new TextDecoder().decode(value);
        if (seen.includes('"type":"run"')) return;
      }
    })();

    await call('connections.start', { id: connection.id }, 'POST');
    const run = await until(async () => (await call<Array<{ status: string; counts: { created: { a: number; b: number } } }>>('history.runs', { connectionId: connection.id })).find((r) => r.status === 'succeeded'));
    expect(run.counts.created.b).toBeGreaterThan(0);
    await watching;
    await reader.cancel();
    expect(seen).toContain('"type":"run"');

    const after = await call<{ items: Array<{ tags: string[] }> }>('sandbox.outreach.list', { limit: 500 });
    expect(after.items.length).toBeGreaterThanOrEqual(before.items.length);
    const tagged = after.items.filter((p) => p.tags.includes('New'));
    expect(tagged.length).toBeGreaterThan(0);
    const status = await call<{ links: number; health: { inSync: number } }>('connections.status', { id: connection.id });
    expect(status.links).toBeGreaterThan(0);
    const events = await call<unknown[]>('history.events', { connectionId: connection.id, outcome: 'excluded', limit: 5 });
    expect(events.length).toBeGreaterThan(0);
  });

  it('runs compiled JavaScript with plain Node: no TypeScript loader in the server or the database thread', () => {
    // The process started as `node apps/server/bin/sluice.mjs start`: nothing but the bundle could
    // have loaded the sources, and neither bundle imports tsx or a .ts file.
    for (const file of ['sluice.js', 'embedded-mongo.thread-entry.mjs']) {
      const code = readFileSync(join(dist, file), 'utf8');
      expect(code, file).not.toMatch(/["']tsx(\/[^"']*)?["']/);
      expect(code, file).not.toMatch(/import\(?\s*["'][^"']+\.ts["']/);
    }
    expect(child.spawnargs.slice(1, 3)).toEqual([join(root, 'apps/server/bin/sluice.mjs'), 'start']);
  });

  it('stops gracefully on SIGTERM', async () => {
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(code).toBe(0);
  });
});
