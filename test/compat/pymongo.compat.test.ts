/**
 * A second, independent MongoDB client against the embedded server: pymongo (Debian's
 * python3-pymongo, for Debian's own /usr/bin/python3) runs pymongo_checks.py — BSON types and
 * MongoDB's limits — so that no single driver's conversions can hide a fault. Without pymongo the
 * suite is skipped with the reason printed; under CI (CI=true, set by .ci/run, which installs
 * pymongo) its absence fails the suite instead.
 */
import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedMongo, type EmbeddedMongo } from '@sluice/embedded-mongo';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./pymongo_checks.py', import.meta.url));

/** The checks pymongo_checks.py runs, by name (each must report "ok"). */
const CHECKS = [
  'insert over 16 MB is refused with code 10334',
  'update past 16 MB is refused with code 17419 and the document stays whole',
  '$inc turns an overflowing Int32 into an Int64',
  '$inc keeps Int64 an Int64, exact beyond 2^53',
  '$inc on a Decimal128 is exact decimal arithmetic',
  'updates keep the types of fields they do not touch',
  'Int64 beyond 2^53 compares and sorts exactly, with and without an index',
  'Decimal128 compares numerically with other numbers, with and without an index',
  'strings compare by code point in sorts and ranges, with and without an index',
  'BinData equality respects the subtype, with and without an index',
  'embedded-document equality respects field order',
  '$mod does not match null, and $gte null matches missing fields',
  'positional projection returns the matched element',
  "a descending sort on an array field uses each array's largest element",
  '$count on no input returns no document',
  '$currentDate with $type timestamp stores a Timestamp',
  'renameCollection refuses an existing target and replaces it with dropTarget',
];

const probe = spawnSync(PYTHON, ['-c', 'import pymongo'], { encoding: 'utf8' });
const missing = probe.error ? `${PYTHON} is not installed` : probe.status !== 0 ? `pymongo is not installed for ${PYTHON}` : undefined;
const inCi = process.env.CI === 'true';
if (missing && !inCi) {
  console.warn(`pymongo checks skipped: ${missing} (apt-get install -y python3-pymongo)`);
}

describe.skipIf(missing !== undefined && !inCi)('pymongo against the embedded server', () => {
  let server: EmbeddedMongo;
  let results: Record<string, string> = {};

  beforeAll(async () => {
    if (missing) return;
    server = await startEmbeddedMongo({ dataDir: ':memory:' });
    // asynchronously: the server answers pymongo from this process's event loop
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(PYTHON, [SCRIPT, server.uri], { encoding: 'utf8', timeout: 300_000, maxBuffer: 1 << 20 }, (err, out, errOut) => {
        if (err) reject(new Error(`pymongo_checks.py failed: ${err.message}\n${errOut}`));
        else resolve(out);
      });
    });
    results = JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, string>;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('has pymongo to run with (CI installs python3-pymongo)', () => {
    expect(missing).toBeUndefined();
  });

  it('runs exactly the checks listed here', () => {
    expect(Object.keys(results).sort()).toEqual([...CHECKS].sort());
  });

  it.each(CHECKS)('%s', (name) => {
    expect(results[name]).toBe('ok');
  });
});
