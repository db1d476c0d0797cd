import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession, sluiceBin, startSluiceProcess, type SluiceProcess } from './sluice-process';

// ReDoS (issue 18, finding 3): a `matches` condition `(a+)+$` and a 27-character test value in an
// imported template held the whole server for 4.7 s, each two more characters four times longer.
// Rules now match in linear time, and patterns only a backtracking engine can run are refused.
// Under the old engine the 1,001-character value below would hold the process for longer than the
// universe has existed, so these tests would time out instead of passing.

const HOSTILE = `${'a'.repeat(1_000)}!`;

function hostileGraph(pattern: string) {
  return {
    format: 'sluice.graph/v1',
    name: 'hostile',
    source: { app: 'sandbox-crm' },
    target: { app: 'sandbox-outreach' },
    nodes: [
      { id: 'in', kind: 'source' },
      { id: 'c1', kind: 'condition', label: 'name check', when: { field: 'firstName', op: 'matches', value: pattern } },
      { id: 'out', kind: 'sync' },
    ],
    edges: [
      { from: 'in', to: 'c1' },
      { from: 'c1', to: 'out' },
    ],
    tests: [{ name: 'long name', record: { id: 'r1', firstName: HOSTILE }, expect: 'exclude', excludedBy: 'c1' }],
  };
}

describe('a hostile `matches` pattern against a real server', () => {
  let sluice: SluiceProcess;
  let browser: BrowserSession;
  let connectionId: string;

  beforeAll(async () => {
    sluice = await startSluiceProcess();
    browser = new BrowserSession(sluice.url);
    await browser.data('auth.signUp', { email: 'redos@example.com', password: 'a good password 42', name: 'R' });
    const created = await browser.data<{ id: string }>('connections.create', {
      name: 'CRM → Outreach',
      apps: { a: { connector: 'sandbox-crm', config: {} }, b: { connector: 'sandbox-outreach', config: {} } },
      mode: 'a-to-b',
    });
    connectionId = created.id;
  });
  afterAll(async () => {
    await sluice?.stop();
  });

  it('imports the template, runs its test on a 1,001-character value, and /healthz answers meanwhile', async () => {
    const imported = browser.data<{ tests: Record<string, number> }>('templates.import', { connectionId, template: hostileGraph('(a+)+$') });
    const health = await fetch(`${sluice.url}/healthz`);
    expect(health.status).toBe(200);
    expect((await imported).tests).toEqual({ aToB: 1 });
  });

  it('previews a draft with the rule on a 401-character app record (the sandbox holds up to 500)', async () => {
    const person = await browser.data<{ id: string }>('sandbox.crm.create', { firstName: `${'a'.repeat(400)}!` });
    const draft = { apps: { a: { connector: 'sandbox-crm', config: {} }, b: { connector: 'sandbox-outreach', config: {} } }, mode: 'a-to-b', rules: { aToB: hostileGraph('(a+)+$') } };
    const preview = await browser.data<{ items: { id: string; sync: boolean; excludedBy?: string }[] }>('preview.run', { draft, sampleSize: 1000 }, 'GET');
    expect(preview.items.find((i) => i.id === person.id)).toMatchObject({ sync: false, excludedBy: 'c1' });
  });

  it('refuses a pattern with a backreference, with a sentence naming the node', async () => {
    const res = await browser.call('templates.import', { connectionId, template: hostileGraph('^(a+)\\1$') });
    expect(res.status).toBe(400);
    const message = ((await res.json()) as { error: { message: string } }).error.message;
    expect(message).toMatch(/c1: E_BAD_REGEX pattern \/\^\(a\+\)\\1\$\/ uses a backreference \(\\1\), which rules cannot use: rules match in linear time/);
  });
});

describe('a hostile `matches` pattern through the command line', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-redos-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const run = (args: string[]) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [sluiceBin, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.once('exit', (code) => resolve({ code, stdout, stderr }));
    });

  it('`sluice test` and `sluice preview` finish on the 1,001-character value', async () => {
    await writeFile(join(dir, 'graph.json'), JSON.stringify(hostileGraph('(a+)+$')));
    await writeFile(join(dir, 'records.json'), JSON.stringify([{ id: 'r1', firstName: HOSTILE }, { id: 'r2', firstName: 'aaaa' }]));
    const tested = await run(['test', 'graph.json']);
    expect(tested.code, tested.stderr).toBe(0);
    const previewed = await run(['preview', 'graph.json', 'records.json', '--json']);
    expect(previewed.code, previewed.stderr).toBe(0);
    expect((JSON.parse(previewed.stdout) as { id: string; sync: boolean }[]).map((d) => [d.id, d.sync])).toEqual([
      ['r1', false],
      ['r2', true],
    ]);
  });

  it('`sluice validate` refuses a lookahead, naming the node', async () => {
    await writeFile(join(dir, 'lookahead.json'), JSON.stringify(hostileGraph('^(?!test)')));
    const validated = await run(['validate', 'lookahead.json']);
    expect(validated.code).toBe(1);
    expect(validated.stdout + validated.stderr).toMatch(/c1: E_BAD_REGEX pattern \/\^\(\?!test\)\/ uses a lookahead \(\?!…\)/);
  });
});
