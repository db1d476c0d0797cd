import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeFlagsOf, SLUICE_NODE_FLAGS } from './node-flags';

const root = resolve(fileURLToPath(import.meta.url), '../../../../..');
const dir = mkdtempSync(join(tmpdir(), 'sluice-node-flags-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the heap settings Sluice starts with', () => {
  it('are read from the first line of the `sluice` binary', () => {
    expect(SLUICE_NODE_FLAGS).toEqual(['--max-semi-space-size=64', '--heap-growing-percent=100']);
    expect(nodeFlagsOf('#!/usr/bin/env -S node --a=1 --b\nrest')).toEqual(['--a=1', '--b']);
    expect(nodeFlagsOf('#!/usr/bin/env node\n')).toEqual([]);
  });

  it('are written nowhere else: the package scripts start Sluice through its binary', () => {
    const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    for (const [name, script] of Object.entries(scripts)) {
      for (const flag of SLUICE_NODE_FLAGS) expect(script, name).not.toContain(flag.split('=')[0]);
    }
    expect(scripts.start).toMatch(/&& sluice start$/);
    expect(scripts.sluice).toMatch(/&& sluice$/);
  });

  it('reach the compiled server through the installed `sluice` command', { timeout: 300_000 }, async () => {
    // The server's part of `pnpm build` (the test needs the compiled output; it builds it itself).
    const built = spawnSync(process.execPath, [join(root, 'scripts/build.mjs'), '--if-stale', '--only=server', '--quiet'], { cwd: root, encoding: 'utf8' });
    expect(built.status, built.stderr).toBe(0);
    // A preload that reports the flags the process was started with, for the CLI's process only.
    const probe = join(dir, 'probe.cjs');
    writeFileSync(probe, `if (process.argv[1] && process.argv[1].endsWith('sluice.mjs')) process.stderr.write('execArgv ' + JSON.stringify(process.execArgv) + '\\n');\n`);
    const shim = join(root, 'node_modules/.bin', process.platform === 'win32' ? 'sluice.cmd' : 'sluice');
    const child = spawn(shim, ['help'], { cwd: root, env: { ...process.env, NODE_OPTIONS: `--require ${probe}` }, stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number>((done) => child.once('exit', (c) => done(c ?? -1)));
    expect(code, err).toBe(0);
    expect(out).toContain('usage: sluice <command>');
    const execArgv = JSON.parse(/execArgv (.*)/.exec(err)![1]!) as string[];
    for (const flag of SLUICE_NODE_FLAGS) expect(execArgv).toContain(flag);
  });
});
