import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * Serves the built web app (apps/web/dist) with an SPA fallback: any GET that is not an API path and
 * not a file answers index.html, so deep links such as /connections/abc/rules load the app. Without a
 * build, `/` explains how to make one.
 */
export const webPlugin = fp(async (app: FastifyInstance, opts: { root: string | null }): Promise<void> => {
  const root = opts.root && existsSync(join(opts.root, 'index.html')) ? opts.root : null;
  if (root) {
    await app.register(fastifyStatic, { root, wildcard: false, index: ['index.html'], maxAge: '1h', immutable: false });
  }
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    // /metrics is the server's even when it is off (no SLUICE_METRICS_TOKEN): a scraper gets a 404, not the app's page.
    const isApi = path.startsWith('/trpc') || path.startsWith('/api/') || path === '/healthz' || path === '/readyz' || path === '/metrics';
    if ((request.method === 'GET' || request.method === 'HEAD') && !isApi && !/\.[a-z0-9]+$/i.test(path)) {
      if (root) return reply.header('cache-control', 'no-cache').sendFile('index.html');
      return reply
        .type('text/html; charset=utf-8')
        .send('<!doctype html><title>Sluice</title><p>The web app is not built. Run <code>pnpm start</code> (it builds it) or <code>pnpm --filter @sluice/web build</code>.</p>');
    }
    return reply.code(404).send({ error: 'E_NOT_FOUND', message: `Nothing at ${request.method} ${path}` });
  });
}, { name: 'sluice-web' });
