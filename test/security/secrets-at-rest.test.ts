import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestEnv } from '@sluice/api/testing';
import { startEmbeddedMongo } from '@sluice/embedded-mongo';
import { afterAll, expect, it } from 'vitest';

// The embedded database's files on disk (SQLite, its WAL and journal) must not hold any API key,
// OAuth token, password or session token in plaintext: credentials are AES-256-GCM encrypted,
// passwords hashed, sessions stored as hashes.

const dir = await mkdtemp(join(tmpdir(), 'sluice-at-rest-'));
afterAll(async () => rm(dir, { recursive: true, force: true }));

/** Every byte the database wrote, as one buffer. */
async function databaseBytes(): Promise<Buffer> {
  const files = await readdir(dir);
  expect(files.some((f) => f.endsWith('.sqlite'))).toBe(true);
  return Buffer.concat(await Promise.all(files.map((f) => readFile(join(dir, f)))));
}

it('keeps no secret in plaintext in the database files, while keeping the data itself', async () => {
  const apiToken = 'pd-api-token-7e3b9a01c4';
  const refreshToken = 'google-refresh-1f2e3d4c5b';
  const password = 'plain password 5a6b7c8d';
  const mongo = await startEmbeddedMongo({ dataDir: dir });
  const env = await openTestEnv({ mongo });
  let sessionToken = '';
  try {
    const owner = await env.signUp('at-rest@example.com', password);
    sessionToken = owner.token;
    await env.store.credentials.create(owner.user.workspaceId, { app: 'pipedrive', label: 'pd', secret: { apiToken } });
    await env.store.credentials.create(owner.user.workspaceId, { app: 'google', label: 'g', secret: { accessToken: 'ya29.access-9z8y7x', refreshToken } });
    // What the engine gets back is the real secret: encryption is not loss.
    const [stored] = await env.store.credentials.list(owner.user.workspaceId, { app: 'pipedrive' });
    expect(await env.store.credentials.revealForEngine(owner.user.workspaceId, stored!.id)).toEqual({ apiToken });
  } finally {
    await env.close();
    await mongo.close();
  }
  const bytes = await databaseBytes();
  // The check can see plaintext: the user's email is stored as is.
  expect(bytes.includes('at-rest@example.com')).toBe(true);
  for (const secret of [apiToken, refreshToken, 'ya29.access-9z8y7x', password, sessionToken]) {
    expect([secret, bytes.includes(secret)]).toEqual([secret, false]);
    expect([secret, bytes.includes(Buffer.from(secret).toString('base64'))]).toEqual([secret, false]);
  }
});
