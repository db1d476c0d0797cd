import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { seededRandom } from '@sluice/graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MicrosoftGraphFake } from '../fakes/microsoft-graph.fake';

// SIGKILL `sluice sync --once` while it creates contacts in Outlook (the Microsoft Graph fake, in this
// process), re-run it, and check that the folder holds every record exactly once: a contact created by
// a request the killed process never heard back from is found by its e-mail, not created again. The
// kill point is a seeded share of the records (printed in the test name). Each seed takes a minute or
// more here (two CLI start-ups); SLUICE_FAULT_SEEDS=5 runs more.
const RECORDS = Number(process.env.SLUICE_FAULT_RECORDS ?? 120);
const SEEDS = Number(process.env.SLUICE_FAULT_SEEDS ?? 1);
const ROOT = resolve(__dirname, '../..');
const MAIN = join(ROOT, 'apps/server/src/cli/main.ts');

const fake = new MicrosoftGraphFake();
beforeAll(async () => {
  await fake.server.start();
});
afterAll(async () => {
  await fake.server.stop();
});

/** Runs `sluice sync --once`; with `killAt`, SIGKILLs it once Outlook holds that many contacts. */
function sluiceSync(dir: string, killAt?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; atKill?: number }> {
  const credential = { accessToken: 'ms-access-0', refreshToken: 'ms-refresh-0', clientId: fake.client.id, clientSecret: fake.client.secret };
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'sync', join(dir, 'connection.json'), '--once', '--data', join(dir, 'data'), '--json'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SLUICE_SECRET_KEY: 'a1'.repeat(32), SLUICE_ALLOW_PRIVATE_URLS: '1', SLUICE_CREDENTIAL_B: JSON.stringify(credential) },
    });
    let stderr = '';
    let atKill: number | undefined;
    child.stdout.resume();
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const poll =
      killAt === undefined
        ? undefined
        : setInterval(() => {
            if (fake.live().length < killAt) return;
            clearInterval(poll);
            child.kill('SIGSTOP');
            atKill = fake.live().length;
            child.kill('SIGKILL');
          }, 2);
    child.on('exit', (code, signal) => {
      if (poll) clearInterval(poll);
      done({ code, signal, stderr, ...(atKill !== undefined ? { atKill } : {}) });
    });
  });
}

describe(`SIGKILL while ${RECORDS} contacts are created in Outlook (Microsoft 365)`, () => {
  for (let seed = 1; seed <= SEEDS; seed++) {
    const killAt = 1 + Math.floor(seededRandom(seed)() * RECORDS * 0.8);
    it(`seed ${seed} (killed at ${killAt} contacts): the re-run ends with every record exactly once`, async () => {
      fake.reset();
      const dir = mkdtempSync(join(tmpdir(), `sluice-ms-kill-${seed}-`));
      try {
        const lines = Array.from({ length: RECORDS }, (_, i) =>
          JSON.stringify({ id: `a${i}`, email: `k${i}@x.io`, firstName: `K${i}`, tags: [], lists: [], custom: {}, updatedAt: '2026-02-01T00:00:00.000Z' }),
        );
        writeFileSync(join(dir, 'a.jsonl'), lines.join('\n') + '\n');
        writeFileSync(
          join(dir, 'connection.json'),
          JSON.stringify({
            format: 'sluice.connection/v1',
            name: 'kill test',
            apps: { a: { connector: 'jsonl', config: { path: 'a.jsonl' } }, b: { connector: 'microsoft-365', config: { baseUrl: fake.server.url, tokenUrl: `${fake.server.url}/common/oauth2/v2.0/token` } } },
            mode: 'a-to-b',
          }),
        );
        const killed = await sluiceSync(dir, killAt);
        expect(killed.signal, killed.stderr).toBe('SIGKILL');
        expect(killed.atKill).toBeLessThan(RECORDS);
        const rerun = await sluiceSync(dir);
        expect(rerun.code, rerun.stderr).toBe(0);
        const emails = fake.live().map((c) => c.emailAddresses[0]?.address);
        expect(emails).toHaveLength(RECORDS);
        expect(new Set(emails).size).toBe(RECORDS);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
