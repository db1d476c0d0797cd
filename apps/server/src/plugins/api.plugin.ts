import rateLimit from '@fastify/rate-limit';
import { appRouter, createContextInner, userForSession, type ApiSettings, type AppRouter, type ConnectorDirectory, type SessionCookie, type SyncRuntime } from '@sluice/api';
import type { SandboxEditor } from '@sluice/connectors';
import type { Store } from '@sluice/store';
import { fastifyTRPCPlugin, type CreateFastifyContextOptions, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import type { FastifyInstance } from 'fastify';
import { readCookie, SESSION_COOKIE, sessionCookie } from '../http/cookies';

export interface ApiLimits {
  /** Requests per minute per client address on the whole API. */
  perMinute: number;
  /** Sign-in and sign-up attempts per minute per client address. */
  signInPerMinute: number;
}

export const defaultApiLimits: ApiLimits = { perMinute: 1200, signInPerMinute: 10 };

const SIGN_IN_PATHS = /auth\.(signIn|signUp)/;

/** The router's subscription paths (`live.connectionStates`, …), read from the router itself. */
const SUBSCRIPTIONS = new Set(
  Object.entries(appRouter._def.procedures as Record<string, { _def?: { type?: string } }>)
    .filter(([, procedure]) => procedure._def?.type === 'subscription')
    .map(([path]) => path),
);

/**
 * The tRPC API at /trpc, behind its own rate limits (429 with `Retry-After` in seconds): a general
 * one per client, and a tight one for sign-in and sign-up attempts. The context resolves the session
 * cookie to a user and lets procedures set or clear it.
 */
export async function apiPlugin(app: FastifyInstance, opts: { db: Store; engine: SyncRuntime; connectors: ConnectorDirectory; sandbox: SandboxEditor | null; limits?: ApiLimits; settings: ApiSettings }): Promise<void> {
  const limits = opts.limits ?? defaultApiLimits;
  const isSignIn = (url: string) => SIGN_IN_PATHS.test(url.split('?')[0] ?? '');
  await app.register(rateLimit, {
    timeWindow: 60_000,
    max: (request) => (isSignIn(request.url) ? limits.signInPerMinute : limits.perMinute),
    keyGenerator: (request) => `${isSignIn(request.url) ? 'sign-in' : 'api'}:${request.ip}`,
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      error: 'E_RATE_LIMITED',
      message: `Too many requests; try again in ${Math.ceil(context.ttl / 1000)} s.`,
    }),
  });

  const createContext = async ({ req, res }: CreateFastifyContextOptions) => {
    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
    const secure = req.protocol === 'https';
    const session: SessionCookie = {
      token,
      set: (next, expiresAt) => void res.header('set-cookie', sessionCookie(next, expiresAt, secure)),
      clear: () => void res.header('set-cookie', sessionCookie(null, null, secure)),
    };
    const user = token ? await userForSession(opts.db, token) : null;
    return createContextInner({ db: opts.db, engine: opts.engine, connectors: opts.connectors, sandbox: opts.sandbox, user, session, origin: `${req.protocol}://${req.headers.host ?? ''}`, settings: opts.settings });
  };

  // Subscriptions are Server-Sent Events: once tRPC has answered 200 with an event stream, an
  // authorisation failure can only arrive as an event. Refuse a stream without a valid session
  // before it opens, with the same 401 every other procedure gives.
  app.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'GET') return;
    const path = req.url.split('?')[0] ?? '';
    if (!path.startsWith('/trpc/') || !SUBSCRIPTIONS.has(decodeURIComponent(path.slice('/trpc/'.length)))) return;
    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (token && (await userForSession(opts.db, token))) return;
    await reply.code(401).send({ error: { message: 'Sign in first.', code: -32001, data: { code: 'UNAUTHORIZED', httpStatus: 401 } } });
  });

  await app.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      createContext,
      onError({ error, path, type }) {
        if (error.code === 'INTERNAL_SERVER_ERROR') app.log.error({ err: error.cause ?? error, path, type }, 'api error');
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
  });
}
