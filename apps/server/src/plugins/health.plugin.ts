import type { FastifyInstance } from 'fastify';

export interface HealthChecks {
  /** Resolves when the database answers a ping. */
  database(): Promise<void>;
  /** True once the workers started and the server is not shutting down. */
  ready(): boolean;
}

/**
 * `GET /healthz`: 200 when the server and database are up (503 naming what is down).
 * `GET /readyz`: 200 when it should receive traffic (workers started, not draining).
 */
export async function healthPlugin(app: FastifyInstance, opts: { checks: HealthChecks }): Promise<void> {
  const pingDb = async (): Promise<string | null> => {
    try {
      await withTimeout(opts.checks.database(), 2_000);
      return null;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  };
  app.get('/healthz', { config: { rateLimit: false } }, async (_req, reply) => {
    const dbError = await pingDb();
    if (dbError) return reply.code(503).send({ status: 'down', server: 'up', database: 'down' });
    return { status: 'ok', server: 'up', database: 'up' };
  });
  app.get('/readyz', async (_req, reply) => {
    const dbError = await pingDb();
    const ready = opts.checks.ready() && !dbError;
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not-ready', database: dbError ? 'down' : 'up' });
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
