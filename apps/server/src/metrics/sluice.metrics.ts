import type { RuntimeEvent } from '@sluice/runtime';
import { scopeKey } from '@sluice/engine';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** What the metrics read from the process's sync workers. */
export interface ObservedWorkers {
  observe(listener: (event: RuntimeEvent) => void): () => void;
  /** Connections this process runs now (leases it owns). */
  readonly ownedConnections: number;
}

/** The process's Prometheus metrics (docs/operations.md, "Metrics"). */
export interface SluiceMetrics {
  registry: Registry;
  /** Counts an HTTP request's answer (the server's onResponse hook). */
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  /** Starts following a worker's runs, connection states and leases; returns the stop function. */
  follow(workers: ObservedWorkers): () => void;
}

/**
 * A registry with Sluice's metrics (names prefixed `sluice_`) and Node's default ones:
 * runs finished by outcome, records written, run durations, connections by state, leases owned,
 * and API latency by route.
 * @example const metrics = createMetrics(); metrics.follow(worker); await metrics.registry.metrics();
 */
export function createMetrics(): SluiceMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const runs = new Counter({ name: 'sluice_runs_total', help: 'Sync runs finished, by outcome (succeeded, failed, interrupted) and kind.', labelNames: ['outcome', 'kind'], registers: [registry] });
  const written = new Counter({ name: 'sluice_records_written_total', help: 'Records created or updated in an app by finished runs, by side (a, b) and operation.', labelNames: ['side', 'operation'], registers: [registry] });
  const duration = new Histogram({
    name: 'sluice_run_duration_seconds',
    help: 'Duration of finished sync runs.',
    labelNames: ['outcome'],
    buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'sluice_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route (the tRPC procedure for /trpc) and status class.',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  /** The last state each connection this process reported, by `workspace/connection`. */
  const states = new Map<string, string>();
  const followed = new Set<ObservedWorkers>();
  new Gauge({
    name: 'sluice_connections',
    help: "Connections by the state of their machine, as this process's workers last reported them.",
    labelNames: ['state'],
    registers: [registry],
    collect() {
      this.reset();
      const byState = new Map<string, number>();
      for (const state of states.values()) byState.set(state, (byState.get(state) ?? 0) + 1);
      for (const [state, n] of byState) this.set({ state }, n);
    },
  });
  new Gauge({
    name: 'sluice_leases_owned',
    help: 'Connections whose lease this process holds (it runs them).',
    registers: [registry],
    collect() {
      let owned = 0;
      for (const workers of followed) owned += workers.ownedConnections;
      this.set(owned);
    },
  });

  const onEvent = (event: RuntimeEvent) => {
    if (event.type === 'state') states.set(scopeKey(event), event.state);
    if (event.type !== 'run' || event.run.status === 'running') return;
    const { run } = event;
    runs.inc({ outcome: run.status, kind: run.kind });
    if (run.durationMs !== undefined) duration.observe({ outcome: run.status }, run.durationMs / 1000);
    for (const side of ['a', 'b'] as const) {
      written.inc({ side, operation: 'create' }, run.counts.created[side]);
      written.inc({ side, operation: 'update' }, run.counts.updated[side]);
    }
  };

  return {
    registry,
    observeRequest(method, route, status, seconds) {
      latency.observe({ method, route, status: `${Math.floor(status / 100)}xx` }, seconds);
    },
    follow(workers) {
      followed.add(workers);
      const stop = workers.observe(onEvent);
      return () => {
        stop();
        followed.delete(workers);
      };
    },
  };
}
