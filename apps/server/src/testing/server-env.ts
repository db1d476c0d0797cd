import { oauthTokenUrls, type SignUpMode } from '@sluice/api';
import { openTestEnv, type TestEnv } from '@sluice/api/testing';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { loadConfig } from '../config/load-config';
import { loggerOptions } from '../http/logger.options';
import type { SluiceConfig } from '../config/config.schema';
import type { SluiceMetrics } from '../metrics/sluice.metrics';
import type { ApiLimits } from '../plugins/api.plugin';
import { buildServer } from '../server';

/** A server over a real test stack, not listening; every log line is kept in `logs`. */
export interface ServerEnv {
  env: TestEnv;
  app: FastifyInstance;
  logs: string[];
  close(): Promise<void>;
}

/** Sign-up is open unless `signUp` says otherwise, so tests can make as many workspaces as they need. */
export async function openServerEnv(options: { limits?: ApiLimits; webRoot?: string | null; signUp?: SignUpMode; config?: SluiceConfig; metrics?: SluiceMetrics } = {}): Promise<ServerEnv> {
  // The given settings, else this process's environment as `sluice start` would read it (tests set OAuth URLs there).
  const config = { ...(options.config ?? loadConfig()), signUp: options.signUp ?? 'open' };
  const env = await openTestEnv({ tokenUrls: oauthTokenUrls(config.oauth), allowPrivateUrls: config.allowPrivateUrls, auth: { signUp: config.signUp } });
  const logs: string[] = [];
  const logger = pino({ ...loggerOptions('debug') }, { write: (line: string) => void logs.push(line) });
  const app = await buildServer({
    db: env.store,
    engine: env.worker,
    connectors: env.connectors,
    sandbox: env.sandbox,
    webRoot: options.webRoot ?? null,
    logger,
    limits: options.limits,
    config,
    metrics: options.metrics,
  });
  await app.ready();
  return {
    env,
    app,
    logs,
    async close() {
      await app.close();
      await env.close();
    },
  };
}

/** The `name=value` of the session cookie in a response, for the next request's `Cookie` header. */
export function sessionCookieOf(setCookie: string | string[] | undefined): string {
  const header = Array.isArray(setCookie) ? setCookie.join('; ') : (setCookie ?? '');
  const match = /sluice_session=([^;]*)/.exec(header);
  if (!match?.[1]) throw new Error(`no session cookie in ${header}`);
  return `sluice_session=${match[1]}`;
}
