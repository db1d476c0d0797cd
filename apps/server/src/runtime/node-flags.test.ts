import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { SLUICE_NODE_FLAGS } from './node-flags';

const root = resolve(fileURLToPath(import.meta.url), '../../../../..');
const bin = join(root, 'apps/server/bin/sluice.mjs');
const dir = mkdtempSync(join(tmpdir(), 'sluice-node-flags-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the heap settings Sluice starts with', () => {
  it('are on the command lines of `pnpm sluice` and `pnpm bench:sync`', () => {
    const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    for (const name of ['sluice', 'bench:sync']) {
      expect(scripts[name], name).toMatch(/^node /);
      for (const flag of SLUICE_NODE_FLAGS) expect(scripts[name]!.split(' '), `${name}: ${flag}`).toContain(flag);
    }
  });

  it('reach the process when the `sluice` binary is run directly', async () => {
    // A preload that reports the flags the process was started with, for the CLI's process only.
    const probe = join(dir, 'probe.cjs');
    writeFileSync(probe, `if (process.argv[1] && process.argv[1].endsWith('sluice.mjs')) process.stderr.write('execArgv ' + JSON.stringify(process.execArgv) + '\\n');\n`);
    const child = spawn(bin, ['help'], { cwd: root, env: { ...process.env, NODE_OPTIONS: `--require ${probe}` }, stdio: ['ignore', 'pipe', 'pipe'] });
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
