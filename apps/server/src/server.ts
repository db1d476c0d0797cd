import type { ConnectorDirectory, SyncRuntime } from '@sluice/api';
import type { SandboxEditor } from '@sluice/connectors';
import type { Store } from '@sluice/store';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { SluiceConfig } from './config/config.schema';
import { loadConfig } from './config/load-config';
import { createMetrics, type SluiceMetrics } from './metrics/sluice.metrics';
import { loggerOptions } from './http/logger.options';
import { oauthRoutes } from './http/oauth.routes';
import { apiPlugin, type ApiLimits } from './plugins/api.plugin';
import { healthPlugin } from './plugins/health.plugin';
import { metricsPlugin } from './plugins/metrics.plugin';
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
  /** The settings (default: read from the environment by `loadConfig`). */
  config?: SluiceConfig;
  /** The process's metrics (default: a registry of this server's own). */
  metrics?: SluiceMetrics;
  /** Whether the workers run and the server takes traffic (for /readyz). */
  ready?: () => boolean;
}

/**
 * The whole HTTP surface, not listening (tests call `inject()`; `main` listens): security headers
 * and same-origin writes, health endpoints, the tRPC API at /trpc and the web app.
 */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const config = deps.config ?? loadConfig();
  const logger = deps.logger === undefined || deps.logger === true ? loggerOptions(config.logLevel) : deps.logger;
  const app = Fastify({
    ...(logger && typeof logger === 'object' && 'info' in logger ? { loggerInstance: logger } : { logger }),
    trustProxy: config.trustProxy,
    bodyLimit: 5 * 1024 * 1024,
    routerOptions: { maxParamLength: 5000 },
  }) as unknown as FastifyInstance;
  await app.register(metricsPlugin, { metrics: deps.metrics ?? createMetrics(), token: config.metricsToken });
  await app.register(securityPlugin, { publicUrl: config.publicUrl, trustedHosts: config.trustedHosts, hstsMaxAge: config.hstsMaxAge });
  await app.register(healthPlugin, { checks: { database: async () => {
        if (!(await deps.db.ping())) throw new Error('the database does not answer');
      }, ready: deps.ready ?? (() => true) } });
  await app.register(apiPlugin, { db: deps.db, engine: deps.engine, connectors: deps.connectors, sandbox: deps.sandbox ?? null, limits: deps.limits, signUp: config.signUp, settings: { scryptCost: config.scryptCost, oauth: config.oauth, alertMail: { from: config.alertFrom, ...(config.smtpUrl ? { smtpUrl: config.smtpUrl } : {}) } } });
  await app.register(oauthRoutes, { db: deps.db, engine: deps.engine, connectors: deps.connectors, oauth: config.oauth, publicUrl: config.publicUrl });
  await app.register(webPlugin, { root: deps.webRoot ?? null });
  return app;
}
