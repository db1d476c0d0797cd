import type { ConnectionScope } from '@sluice/engine';
import type { ConnectionSettings } from '@sluice/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultProxy } from '../fakes/fault-proxy.fake';
import { WoodpeckerFake } from '../fakes/woodpecker.fake';
import { Cluster, readContacts, WORKSPACE } from './cluster.harness';
import { eventually } from './processes.harness';
import { report, sizes } from './sizes';

// A worker process syncs Woodpecker (a fake vendor served by this process, behind a fault-injecting
// proxy) into a JSON Lines file. Transient faults — a 429 storm, 5xx bursts, a page cut in half, a
// non-JSON page, a dropped connection and (full campaign) a hang past the client's 30 s timeout —
// must end in every prospect exactly once with its own data. Then the key is revoked between two
// pages of a run: the connection lands in needsReauth with a message, nothing is written from the
// rejected page, and new credentials let it finish.
const N = sizes.faultRecords;
const isPageRead = (method: string, url: string) => method === 'GET' && url.startsWith('/prospects?') && url.includes('sort=');

describe(`connector faults through a fault proxy (${N} Woodpecker prospects → JSON Lines)`, () => {
  const wood = new WoodpeckerFake();
  let revokeAfterPage = false;
  let proxy: FaultProxy;
  let cluster: Cluster;
  let scope: ConnectionScope;
  let credentialId: string;
  const names = new Map<string, string>();

  beforeAll(async () => {
    proxy = new FaultProxy(await wood.server.start(), (method, url) => {
      // The vendor revokes the key right after a page went out: the run's next request is rejected.
      if (revokeAfterPage && isPageRead(method, url)) {
        wood.apiKeys.clear();
        revokeAfterPage = false;
      }
    });
    await proxy.start();
    for (let i = 0; i < N; i++) names.set(`w${i}@rel.test`, wood.seed({ email: `w${i}@rel.test`, first_name: `W${i}` }).first_name!);
    cluster = await Cluster.start('faults');
    credentialId = (await cluster.store.credentials.create(WORKSPACE, { app: 'woodpecker', label: 'fake', secret: { apiKey: 'wp-key', apiBaseUrl: proxy.url }, status: 'ok', checkedAt: Date.now() })).id;
    const settings = {
      format: 'sluice.connection/v1',
      name: 'faults',
      apps: { a: { connector: 'woodpecker', config: { baseUrl: proxy.url }, credentialId }, b: { connector: 'jsonl', config: { path: 'faults-b.jsonl' } } },
      mode: 'a-to-b',
    } as unknown as ConnectionSettings;
    scope = { workspaceId: WORKSPACE, connectionId: (await cluster.store.connections.create(WORKSPACE, { settings, status: 'active' })).id };
  });
  afterAll(async () => {
    await cluster?.close();
    await proxy?.stop();
    await wood.server.stop();
  });

  /** Resolves once the worker holding the connection has renewed its lease `times` more times (one renewal a tick). */
  async function workerTicks(times: number): Promise<void> {
    let last = (await cluster.store.leases.get(scope.workspaceId, scope.connectionId))?.expiresAt;
    let seen = 0;
    await eventually(
      async () => {
        const now = (await cluster.store.leases.get(scope.workspaceId, scope.connectionId))?.expiresAt;
        if (now !== last) seen++;
        last = now;
        return seen >= times ? true : undefined;
      },
      60_000,
      `${times} lease renewals`,
      50,
    );
  }

  /** B's records: how many, how many repeat an email, how many lack the first name Woodpecker holds for them. */
  function checkB(): { records: number; duplicated: number; wrong: number } {
    const b = readContacts(cluster.file('faults-b.jsonl'));
    const emails = new Set(b.map((c) => c.email));
    return { records: b.length, duplicated: b.length - emails.size, wrong: b.filter((c) => names.get(String(c.email)) !== c.firstName).length };
  }

  it('429 storm, 5xx bursts, truncated, malformed and dropped pages: each prospect exactly once', { timeout: 480_000 }, async () => {
    proxy.schedule({ kind: 'rateLimit', retryAfterSeconds: 1 }, sizes.full ? 12 : 6, isPageRead);
    proxy.schedule({ kind: 'status', status: 503 }, sizes.full ? 8 : 3, isPageRead);
    proxy.schedule({ kind: 'truncate' }, 1, (m, u) => isPageRead(m, u) && u.includes('page=2'));
    proxy.schedule({ kind: 'status', status: 500 }, 2, isPageRead);
    proxy.schedule({ kind: 'malformed' }, 1, (m, u) => isPageRead(m, u) && u.includes('page=2'));
    proxy.schedule({ kind: 'drop' }, 1, isPageRead);
    if (sizes.full) proxy.schedule({ kind: 'hang', ms: 40_000 }, 1, isPageRead);
    const injected = proxy.pending();
    const started = Date.now();
    const worker = cluster.worker({ intervalMs: 1_000 });
    await eventually(
      async () => (proxy.pending() === 0 && (await cluster.store.links.count(scope)) === N ? true : undefined),
      450_000,
      `every fault consumed and ${N} links`,
    );
    // One more clean run, so a run cut short by the last fault has been redone.
    const runs = await eventually(async () => {
      const list = await cluster.store.runs.list(scope, { limit: 100 });
      return list[0]?.status === 'succeeded' && list[0].startedAt > (proxy.log.at(-1)?.at ?? 0) - 5_000 ? list : undefined;
    }, 120_000, 'a clean run after the faults');
    const b = checkB();
    const states = worker.lines.filter((l) => typeof l.state === 'string').map((l) => `${String(l.state)} ${String(l.code ?? '')}`.trim());
    await report('connector-faults', {
      prospects: N,
      faultsInjected: injected,
      byKind: Object.fromEntries(['rateLimit', 'status', 'truncate', 'malformed', 'drop', 'hang', 'pass'].map((k) => [k, proxy.count(k as 'pass')])),
      seconds: Math.round((Date.now() - started) / 1000),
      runs: { total: runs.length, failed: runs.filter((r) => r.status === 'failed').length },
      states: [...new Set(states)],
      b,
    });
    expect(b).toEqual({ records: N, duplicated: 0, wrong: 0 });
    expect(worker.child.exitCode).toBeNull();
  });

  it('a key revoked between two pages: needsReauth with a message, nothing from the rejected page, then it finishes', { timeout: 240_000 }, async () => {
    const more = 700; // two pages of an incremental read (500 a page)
    for (let i = N; i < N + more; i++) names.set(`w${i}@rel.test`, wood.seed({ email: `w${i}@rel.test`, first_name: `W${i}` }).first_name!);
    revokeAfterPage = true;
    const snapshot = await eventually(async () => {
      const s = await cluster.store.snapshots.load(scope);
      return s?.state === 'needsReauth' ? s : undefined;
    }, 120_000, 'needsReauth');
    const lastError = (snapshot.snapshot as { context: { lastError?: { code: string; message: string } } }).context.lastError;
    expect(lastError?.code).toBe('E_AUTH_REJECTED');
    expect(lastError?.message).toMatch(/Woodpecker rejected/);
    // The page served before the key was revoked was written completely (a whole page or nothing), the rejected one not at all.
    const during = checkB();
    expect(during.duplicated).toBe(0);
    expect(during.wrong).toBe(0);
    expect([N, N + 500]).toContain(during.records);
    // And it stays put: no retry loop against a dead key. Two lease renewals later the worker has gone
    // through a whole tick, which reconciles the connection (where a retry would start), without a request.
    const requests = proxy.log.length;
    await workerTicks(2);
    expect(proxy.log.slice(requests)).toEqual([]);
    expect(checkB().records).toBe(during.records);

    // The user pastes a working key: the credential is checked again, the worker resumes.
    wood.apiKeys.add('wp-key');
    await cluster.store.credentials.markChecked(WORKSPACE, credentialId, 'ok');
    const resumedAt = Date.now();
    await eventually(async () => (readContacts(cluster.file('faults-b.jsonl')).length === N + more ? true : undefined), 120_000, 'the rest after re-authorising');
    await report('revoked-key', { message: lastError?.message, writtenBeforeReauth: during.records - N, resumedInMs: Date.now() - resumedAt });
    expect(checkB()).toEqual({ records: N + more, duplicated: 0, wrong: 0 });
  });
});
