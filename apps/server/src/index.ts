/**
 * @sluice/server — the Fastify server (API, web app, health), the sync workers' process wiring and
 * the `sluice` command line.
 */
export { buildServer, type ServerDeps } from './server';
export { startSluice, openDatabase, defaultWebRoot, type SluiceOptions, type RunningSluice } from './runtime/sluice.app';
export { loggerOptions, redactPaths } from './http/logger.options';
export { contentSecurityPolicy } from './plugins/security.plugin';
export { defaultApiLimits, type ApiLimits } from './plugins/api.plugin';
export { loadConfig, ConfigError } from './config/load-config';
export { storeSettings } from './config/store-settings';
export type { SluiceConfig } from './config/config.schema';
