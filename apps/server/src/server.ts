import type { ConnectorDirectory, SyncRuntime } from '@sluice/api';
import type { SandboxEditor } from '@sluice/connectors';
import type { Store } from '@sluice/store';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { loggerOptions } from './http/logger.options';
import { oauthRoutes } from './http/oauth.routes';
import { apiPlugin, type ApiLimits } from './plugins/api.plugin';
import { healthPlugin } from './plugins/health.plugin';
import { securityPlugin } from './plugins/security.plugin';
import { webPlugin } from './plugins/web.plugin';

export interface ServerDeps {
  db: Store;
  engine: SyncRuntime;
  connectors: ConnectorDirectory;
  sandbox?: SandboxEditor | null;
  /** Folder of the built web app (apps/web/dist); null serves a hint page instead. */
  webRoot?: string | null;
  /** False to log nothing (tests); a pino logger to share one; else pino to stdout. */
  logger?: boolean | Logger;
  limits?: ApiLimits;
  /** Whether the workers run and the server takes traffic (for /readyz). */
  ready?: () => boolean;
}

/**
 * The whole HTTP surface, not listening (tests call `inject()`; `main` listens): security headers
 * and same-origin writes, health endpoints, the tRPC API at /trpc and the web app.
 */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const logger = deps.logger === undefined || deps.logger === true ? loggerOptions() : deps.logger;
  const app = Fastify({
    ...(logger && typeof logger === 'object' && 'info' in logger ? { loggerInstance: logger } : { logger }),
    trustProxy: process.env.SLUICE_TRUST_PROXY === '1',
    bodyLimit: 5 * 1024 * 1024,
    routerOptions: { maxParamLength: 5000 },
  }) as unknown as FastifyInstance;
  await app.register(securityPlugin);
  await app.register(healthPlugin, { checks: { database: async () => {
        if (!(await deps.db.ping())) throw new Error('the database does not answer');
      }, ready: deps.ready ?? (() => true) } });
  await app.register(apiPlugin, { db: deps.db, engine: deps.engine, connectors: deps.connectors, sandbox: deps.sandbox ?? null, limits: deps.limits });
  await app.register(oauthRoutes, { db: deps.db, engine: deps.engine, connectors: deps.connectors });
  await app.register(webPlugin, { root: deps.webRoot ?? null });
  return app;
}
