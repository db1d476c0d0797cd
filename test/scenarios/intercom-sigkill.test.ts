import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startEmbeddedMongo } from '@sluice/embedded-mongo';
import { seededRandom } from '@sluice/graph/testing';
import { openStore } from '@sluice/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IntercomFake } from '../fakes/intercom.fake';

// SIGKILL `sluice sync --once` (a JSONL file → Intercom) at a seeded point of its initial sync, run it
// again, and check that Intercom holds every contact exactly once and that history shows the resumed
// run. Intercom writes one contact a request and has no idempotency key, so what the killed process
// created without recording it must be found again by email, not created twice. The fake runs in this
// process (HTTP on loopback), so its count is read between two requests.
// Defaults keep CI quick (each run starts the command line twice); SLUICE_FAULT_SEEDS=10 runs more kill points.
const RECORDS = Number(process.env.SLUICE_FAULT_RECORDS_INTERCOM ?? 100);
const SEEDS = Number(process.env.SLUICE_FAULT_SEEDS ?? 1);
const ROOT = resolve(import.meta.dirname, '../..');
const MAIN = join(ROOT, 'apps/server/src/cli/main.ts');
const SECRET = 'c3'.repeat(32);

const fake = new IntercomFake();
beforeAll(async () => {
  await fake.server.start();
});
afterAll(async () => {
  await fake.server.stop();
});

/** Runs `sluice sync --once`; with `killAt`, SIGKILLs it once Intercom holds that many contacts. */
function sluiceSync(dir: string, killAt?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; heldAtKill?: number }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'sync', join(dir, 'connection.json'), '--once', '--data', join(dir, 'data'), '--json'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, SLUICE_SECRET_KEY: SECRET, SLUICE_ALLOW_PRIVATE_URLS: '1', SLUICE_CREDENTIAL_B: JSON.stringify({ accessToken: 'ic-token' }), LOG_LEVEL: 'warn' },
    });
    let stderr = '';
    let heldAtKill: number | undefined;
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const poll =
      killAt === undefined
        ? undefined
        : setInterval(() => {
            if (fake.contacts.size < killAt) return;
            clearInterval(poll);
            // The fake answers in this process: nothing is written between this count and the kill.
            heldAtKill = fake.contacts.size;
            child.kill('SIGKILL');
          }, 2);
    child.on('exit', (code, signal) => {
      if (poll) clearInterval(poll);
      done({ code, signal, stderr, ...(heldAtKill !== undefined ? { heldAtKill } : {}) });
    });
  });
}

describe(`SIGKILL during a ${RECORDS}-contact initial sync into Intercom`, () => {
  for (let seed = 1; seed <= SEEDS; seed++) {
    it(`seed ${seed}: the re-run finishes with every contact in Intercom exactly once`, async () => {
      fake.reset();
      const dir = mkdtempSync(join(tmpdir(), `sluice-ic-kill-${seed}-`));
      try {
        const lines = Array.from({ length: RECORDS }, (_, i) =>
          JSON.stringify({ id: `a${i}`, email: `k${i}@x.io`, firstName: `K${i}`, lastName: 'Kill', tags: [], lists: [], custom: {}, updatedAt: '2026-02-01T00:00:00.000Z' }),
        );
        writeFileSync(join(dir, 'a.jsonl'), lines.join('\n') + '\n');
        writeFileSync(
          join(dir, 'connection.json'),
          JSON.stringify({
            format: 'sluice.connection/v1',
            name: 'intercom kill test',
            apps: { a: { connector: 'jsonl', config: { path: 'a.jsonl' } }, b: { connector: 'intercom', config: { baseUrl: fake.server.url } } },
            mode: 'a-to-b',
          }),
        );
        // Anywhere from the first contact written to 90 % of them.
        const killAt = 1 + Math.floor(seededRandom(seed)() * RECORDS * 0.9);
        const killed = await sluiceSync(dir, killAt);
        expect(killed.signal, killed.stderr).toBe('SIGKILL');
        expect(killed.heldAtKill).toBeLessThan(RECORDS);
        const rerun = await sluiceSync(dir);
        expect(rerun.code, rerun.stderr).toBe(0);

        const emails = [...fake.contacts.values()].map((c) => c.email);
        expect(emails).toHaveLength(RECORDS);
        expect(new Set(emails).size).toBe(RECORDS);
        expect([...fake.contacts.values()].every((c) => c.name?.endsWith(' Kill'))).toBe(true);

        const db = await startEmbeddedMongo({ dataDir: join(dir, 'data', 'db') });
        const store = await openStore({ uri: db.uri, dataDir: join(dir, 'data'), secretKey: SECRET });
        try {
          const connectionId = createHash('sha1').update(join(dir, 'connection.json')).digest('hex').slice(0, 16);
          const runs = await store.runs.list({ workspaceId: 'cli', connectionId });
          expect(runs.map((r) => r.status)).toEqual(['succeeded', 'interrupted']);
          expect(runs[0]?.resumedFrom).toBe(runs[1]?.id);
          expect(await store.links.count({ workspaceId: 'cli', connectionId })).toBe(RECORDS);
        } finally {
          await store.close();
          await db.close();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 300_000);
  }
});
