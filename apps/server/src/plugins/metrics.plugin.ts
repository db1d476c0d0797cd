import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { SluiceMetrics } from '../metrics/sluice.metrics';

export interface MetricsPluginOptions {
  metrics: SluiceMetrics;
  /** SLUICE_METRICS_TOKEN: `GET /metrics` answers only `Authorization: Bearer <token>`; without one it does not exist. */
  token?: string;
}

/** A route label with bounded values: the tRPC procedure, or the route's pattern (never the raw URL). */
function routeOf(url: string, pattern: string | undefined): string {
  const path = url.split('?')[0] ?? '';
  if (path.startsWith('/trpc/')) return `trpc:${decodeURIComponent(path.slice('/trpc/'.length)).split(',')[0]}`;
  return pattern ?? 'unmatched';
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Prometheus metrics: every answer's latency is recorded, and `GET /metrics` serves them in the
 * text format to a scraper that sends the token. Without SLUICE_METRICS_TOKEN the route is not
 * there at all (404), so a public port never shows them.
 */
export const metricsPlugin = fp(async (app: FastifyInstance, opts: MetricsPluginOptions) => {
  app.addHook('onResponse', async (request, reply) => {
    opts.metrics.observeRequest(request.method, routeOf(request.url, request.routeOptions.url), reply.statusCode, reply.elapsedTime / 1000);
  });
  const token = opts.token;
  if (!token) return;
  app.get('/metrics', async (request, reply) => {
    const header = request.headers.authorization ?? '';
    const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
    if (!sameSecret(given, token)) {
      return reply.code(401).header('www-authenticate', 'Bearer realm="sluice-metrics"').send({ error: 'E_UNAUTHORIZED', message: 'Send the metrics token (SLUICE_METRICS_TOKEN) as a Bearer token.' });
    }
    return reply.header('content-type', opts.metrics.registry.contentType).send(await opts.metrics.registry.metrics());
  });
});
