import { createServer } from 'node:net';
import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { isOperationalError, UserError } from '@sluice/graph';
import { asOperationalOnOutage, isDatabaseOutage } from './database-outage';

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
