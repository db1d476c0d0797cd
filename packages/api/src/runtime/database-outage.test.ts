import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { startEmbeddedMongo } from '@sluice/embedded-mongo';
import { isOperationalError, UserError } from '@sluice/core';
import { until } from '../testing/until';
import { asOperationalOnOutage, isDatabaseOutage } from '@sluice/runtime';

/** A port with nothing listening on it: taken, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('database outage', () => {
  it('turns the driver failing to reach the database into an operational error', async () => {
    const client = new MongoClient(`mongodb://127.0.0.1:${await closedPort()}/?directConnection=true`, { serverSelectionTimeoutMS: 300 });
    try {
      const failure = await client.db('x').collection('y').findOne({}).catch((e: unknown) => e);
      expect(isDatabaseOutage(failure)).toBe(true);
      const rethrown = await asOperationalOnOutage(() => client.db('x').collection('y').findOne({})).catch((e: unknown) => e);
      expect(isOperationalError(rethrown)).toBe(true);
      expect(rethrown).toMatchObject({ code: 'E_DB_UNAVAILABLE' });
      expect((rethrown as Error).message).toMatch(/database is unreachable/);
    } finally {
      await client.close();
    }
  });

  it('leaves every other error as it was', async () => {
    const refused = new UserError('E_AUTH_REJECTED', 'the key was revoked');
    await expect(asOperationalOnOutage(() => Promise.reject(refused))).rejects.toBe(refused);
    expect(isDatabaseOutage(new Error('boom'))).toBe(false);
    expect(isDatabaseOutage('MongoNetworkError')).toBe(false);
  });
});

describe('database outage during a bulk write', () => {
  it('recognises the bulk-write error that wraps a dropped connection', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sluice-outage-'));
    const server = await startEmbeddedMongo({ dataDir, port: 0, host: '127.0.0.1' });
    const client = new MongoClient(server.uri, { serverSelectionTimeoutMS: 500 });
    try {
      const c = client.db('x').collection('y');
      await c.insertOne({ warm: true });
      let n = 0;
      let written = 0;
      const writing = (async () => {
        for (;;) {
          await c.insertMany(Array.from({ length: 200 }, () => ({ n: n++, pad: 'x'.repeat(500) })), { ordered: false });
          written++;
        }
      })().catch((e: unknown) => e);
      // Close under a write loop that is running: once a batch went through, the next is in flight.
      await until('a bulk write acknowledged', async () => written > 0);
      await server.close();
      const failure = await writing;
      expect(isDatabaseOutage(failure)).toBe(true);
    } finally {
      await client.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
