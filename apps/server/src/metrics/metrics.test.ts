import type { RuntimeEvent } from '@sluice/runtime';
import type { Run } from '@sluice/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config';
import { openServerEnv, type ServerEnv } from '../testing/server-env';
import { createMetrics, type ObservedWorkers } from './sluice.metrics';

const token = 'metrics-token-for-the-test-0123456789';
const host = '127.0.0.1:3000';

/** Workers whose events the test sends by hand, and whose owned leases it sets. */
function handWorkers(): ObservedWorkers & { send(e: RuntimeEvent): void; owned: number } {
  const listeners = new Set<(e: RuntimeEvent) => void>();
  return {
    owned: 0,
    get ownedConnections() {
      return this.owned;
    },
    observe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    send(e) {
      for (const l of listeners) l(e);
    },
  };
}

const run = (status: Run['status'], durationMs: number, created: number, updated: number): Run => ({
  id: `r-${status}-${durationMs}`,
  kind: 'initial',
  status,
  startedAt: 0,
  durationMs,
  counts: { read: { a: 0, b: 0 }, created: { a: 0, b: created }, updated: { a: updated, b: 0 }, skipped: 0, excluded: 0, conflicts: 0, failed: 0, trashed: 0 },
  errors: [],
});

let s: ServerEnv;
const workers = handWorkers();
const metrics = createMetrics();

beforeAll(async () => {
  metrics.follow(workers);
  s = await openServerEnv({ config: loadConfig({ SLUICE_METRICS_TOKEN: token }), metrics });
});
afterAll(() => s.close());

describe('GET /metrics', () => {
  it('refuses a scraper without the token, or with another one', async () => {
    const none = await s.app.inject({ url: '/metrics', headers: { host } });
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toContain('Bearer');
    const wrong = await s.app.inject({ url: '/metrics', headers: { host, authorization: `Bearer ${token.replace('0', '1')}` } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).not.toContain('sluice_runs_total');
  });

  it('serves runs by outcome, records written, run durations, connections by state, leases and API latency in Prometheus text', async () => {
    workers.send({ type: 'state', workspaceId: 'w', connectionId: 'c1', state: 'live.idle', at: 1 });
    workers.send({ type: 'state', workspaceId: 'w', connectionId: 'c2', state: 'live.idle', at: 1 });
    workers.send({ type: 'state', workspaceId: 'w', connectionId: 'c3', state: 'needsReauth', at: 1 });
    workers.send({ type: 'run', workspaceId: 'w', connectionId: 'c1', run: run('running', 0, 0, 0), at: 1 });
    workers.send({ type: 'run', workspaceId: 'w', connectionId: 'c1', run: run('succeeded', 2_000, 5, 3), at: 2 });
    workers.send({ type: 'run', workspaceId: 'w', connectionId: 'c2', run: run('failed', 30, 0, 0), at: 2 });
    workers.owned = 2;
    expect((await s.app.inject({ url: '/healthz', headers: { host } })).statusCode).toBe(200);

    const res = await s.app.inject({ url: '/metrics', headers: { host, authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain; version=0.0.4');
    const text = res.body;
    expect(text).toContain('sluice_runs_total{outcome="succeeded",kind="initial"} 1');
    expect(text).toContain('sluice_runs_total{outcome="failed",kind="initial"} 1');
    expect(text).not.toContain('outcome="running"');
    expect(text).toContain('sluice_records_written_total{side="b",operation="create"} 5');
    expect(text).toContain('sluice_records_written_total{side="a",operation="update"} 3');
    expect(text).toContain('sluice_run_duration_seconds_bucket{le="5",outcome="succeeded"} 1');
    expect(text).toContain('sluice_run_duration_seconds_bucket{le="1",outcome="succeeded"} 0');
    expect(text).toContain('sluice_connections{state="live.idle"} 2');
    expect(text).toContain('sluice_connections{state="needsReauth"} 1');
    expect(text).toContain('sluice_leases_owned 2');
    expect(text).toMatch(/sluice_http_request_duration_seconds_count\{method="GET",route="\/healthz",status="2xx"\} 1/);
    expect(text).toContain('process_cpu_seconds_total');
  });

  it('answers 404 without SLUICE_METRICS_TOKEN, even to a scraper that sends a token', async () => {
    const plain = await openServerEnv({ config: loadConfig({}) });
    try {
      const res = await plain.app.inject({ url: '/metrics', headers: { host, authorization: `Bearer ${token}` } });
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('sluice_');
    } finally {
      await plain.close();
    }
  });
});
