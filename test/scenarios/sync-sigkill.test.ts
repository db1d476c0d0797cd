import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startEmbeddedMongo } from '@sluice/embedded-mongo';
import { seededRandom } from '@sluice/graph/testing';
import { openStore } from '@sluice/store';
import { describe, expect, it } from 'vitest';

// SIGKILL `sluice sync --once` at a random point of an initial sync, re-run it, and check that the
// target holds every record exactly once and that history shows the resumed run. The kill point is
// a seeded share of the target's lines (it used to be a delay after the first write, which a faster
// sync could outrun: the process was then killed while closing, after its run had succeeded).
// Defaults keep CI quick; SLUICE_FAULT_RECORDS=50000 SLUICE_FAULT_SEEDS=10 runs the full campaign.
const RECORDS = Number(process.env.SLUICE_FAULT_RECORDS ?? 5_000);
const SEEDS = Number(process.env.SLUICE_FAULT_SEEDS ?? 3);
const ROOT = resolve(__dirname, '../..');
const MAIN = join(ROOT, 'apps/server/src/cli/main.ts');

interface SyncExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Lines the target file held when the kill was sent (with `killAtLines`). */
  linesAtKill?: number;
}

function lineCount(path: string): number {
  if (!existsSync(path)) return 0;
  const text = readFileSync(path, 'utf8');
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Runs `sluice sync --once`; with `killAtLines`, SIGKILLs it once b.jsonl holds at least that many lines. */
function sluiceSync(dir: string, killAtLines?: number): Promise<SyncExit> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'sync', join(dir, 'connection.json'), '--once', '--data', join(dir, 'data'), '--json'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SLUICE_SECRET_KEY: 'a1'.repeat(32) },
    });
    let stdout = '';
    let stderr = '';
    let linesAtKill: number | undefined;
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    let poll: NodeJS.Timeout | undefined;
    if (killAtLines !== undefined) {
      const b = join(dir, 'b.jsonl');
      poll = setInterval(() => {
        if (!existsSync(b) || statSync(b).size === 0) return;
        const lines = lineCount(b);
        if (lines < killAtLines) return;
        clearInterval(poll);
        // Frozen first, so the count is where it dies: nothing is written between counting and killing.
        child.kill('SIGSTOP');
        linesAtKill = lineCount(b);
        child.kill('SIGKILL');
      }, 5);
    }
    child.on('exit', (code, signal) => {
      if (poll) clearInterval(poll);
      done({ code, signal, stdout, stderr, ...(linesAtKill !== undefined ? { linesAtKill } : {}) });
    });
  });
}

describe(`SIGKILL during a ${RECORDS}-record initial sync`, () => {
  for (let seed = 1; seed <= SEEDS; seed++) {
    it(`seed ${seed}: the re-run finishes with every record exactly once`, async () => {
      const dir = mkdtempSync(join(tmpdir(), `sluice-kill-${seed}-`));
      try {
        const lines = Array.from({ length: RECORDS }, (_, i) =>
          JSON.stringify({ id: `a${i}`, email: `k${i}@x.io`, firstName: `K${i}`, tags: [], lists: [], custom: {}, updatedAt: '2026-02-01T00:00:00.000Z' }),
        );
        writeFileSync(join(dir, 'a.jsonl'), lines.join('\n') + '\n');
        writeFileSync(join(dir, 'b.jsonl'), '');
        writeFileSync(
          join(dir, 'connection.json'),
          JSON.stringify({
            format: 'sluice.connection/v1',
            name: 'kill test',
            apps: { a: { connector: 'jsonl', config: { path: 'a.jsonl' } }, b: { connector: 'jsonl', config: { path: 'b.jsonl' } } },
            mode: 'a-to-b',
          }),
        );
        // Anywhere from the first written batch to 90 % of the records.
        const killAt = 1 + Math.floor(seededRandom(seed)() * RECORDS * 0.9);
        const killed = await sluiceSync(dir, killAt);
        const rerun = await sluiceSync(dir);
        expect(rerun.code, rerun.stderr).toBe(0);
        const b = readFileSync(join(dir, 'b.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { email: string });
        expect(b).toHaveLength(RECORDS);
        expect(new Set(b.map((r) => r.email)).size).toBe(RECORDS);

        const db = await startEmbeddedMongo({ dataDir: join(dir, 'data', 'db') });
        const store = await openStore({ uri: db.uri, dataDir: join(dir, 'data'), secretKey: 'a1'.repeat(32) });
        try {
          const connectionId = createHash('sha1').update(join(dir, 'connection.json')).digest('hex').slice(0, 16);
          const runs = await store.runs.list({ workspaceId: 'cli', connectionId });
          expect(runs[0]?.status).toBe('succeeded');
          expect(killed.signal).toBe('SIGKILL');
          // Killed (frozen, then killed) before the target was complete: the run cannot have finished.
          expect(killed.linesAtKill).toBeLessThan(RECORDS);
          expect(runs).toHaveLength(2);
          expect(runs[1]?.status).toBe('interrupted');
          expect(runs[0]?.resumedFrom).toBe(runs[1]?.id);
          expect(await store.links.count({ workspaceId: 'cli', connectionId })).toBe(RECORDS);
        } finally {
          await store.close();
          await db.close();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
