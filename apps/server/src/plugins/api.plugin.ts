import rateLimit from '@fastify/rate-limit';
import {
  appRouter,
  createContextInner,
  defaultAuthLimits,
  RequestWork,
  userForSession,
  type ApiSettings,
  type AppRouter,
  type AuthLimits,
  type AuthSettings,
  type ConnectorDirectory,
  type SessionCookie,
  type SignUpMode,
  type SyncRuntime,
} from '@sluice/api';
import type { SandboxEditor } from '@sluice/connectors';
import { isUserError } from '@sluice/core';
import type { Store } from '@sluice/store';
import { fastifyTRPCPlugin, type CreateFastifyContextOptions, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import type { FastifyInstance } from 'fastify';
import { readCookie, SESSION_COOKIE, sessionCookie } from '../http/cookies';

export interface ApiLimits {
  /** Requests per minute per client address on the whole API (a batch is one request). */
  perMinute: number;
  /** Sign-in and sign-up limits, counted per call inside the procedures; defaults for those not given. */
  auth?: Partial<AuthLimits>;
}

export const defaultApiLimits: ApiLimits = { perMinute: 1200 };

/** Most calls one batched request may carry; the web app's batch link sends at most this many. */
export const MAX_BATCH = 50;

/** The router's subscription paths (`live.connectionStates`, …), read from the router itself. */
const SUBSCRIPTIONS = new Set(
  Object.entries(appRouter._def.procedures as Record<string, { _def?: { type?: string } }>)
    .filter(([, procedure]) => procedure._def?.type === 'subscription')
    .map(([path]) => path),
);

/** tRPC's error envelope (with its JSON-RPC number), for refusals made before tRPC runs. */
const trpcErrors = {
  BAD_REQUEST: { rpc: -32600, httpStatus: 400 },
  UNAUTHORIZED: { rpc: -32001, httpStatus: 401 },
} as const;
const trpcError = (message: string, code: keyof typeof trpcErrors) => ({ error: { message, code: trpcErrors[code].rpc, data: { code, httpStatus: trpcErrors[code].httpStatus } } });

/**
 * The tRPC API at /trpc: a general rate limit per client (429 with `Retry-After` in seconds), batches
 * of at most MAX_BATCH calls, and a context that resolves the session cookie to a user, knows the
 * client's address (sign-in limits are counted per call inside the procedures, so no URL spelling
 * or batch escapes them) and lets procedures set or clear the cookie.
 */
export async function apiPlugin(
  app: FastifyInstance,
  opts: { db: Store; engine: SyncRuntime; connectors: ConnectorDirectory; sandbox: SandboxEditor | null; limits?: ApiLimits; signUp?: SignUpMode; settings: ApiSettings },
): Promise<void> {
  const limits = opts.limits ?? defaultApiLimits;
  const auth: AuthSettings = { signUp: opts.signUp ?? 'invite', limits: { ...defaultAuthLimits, ...limits.auth } };
  await app.register(rateLimit, {
    timeWindow: 60_000,
    max: limits.perMinute,
    keyGenerator: (request) => `api:${request.ip}`,
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
    return createContextInner({
      db: opts.db,
      engine: opts.engine,
      connectors: opts.connectors,
      sandbox: opts.sandbox,
      user,
      session,
      origin: `${req.protocol}://${req.headers.host ?? ''}`,
      clientAddress: req.ip,
      auth,
      settings: opts.settings,
      // One per request: the calls of a batch share it.
      work: new RequestWork(),
    });
  };

  app.addHook('onRequest', async (req, reply) => {
    const [pathPart = '', query = ''] = req.url.split('?');
    if (!pathPart.startsWith('/trpc/')) return;
    let path: string;
    try {
      path = decodeURIComponent(pathPart.slice('/trpc/'.length));
    } catch {
      return; // tRPC answers a path it cannot read with 404.
    }
    // A batch's calls are its comma-separated paths, as tRPC itself splits them.
    if (new URLSearchParams(query).get('batch') === '1') {
      const calls = path.split(',').length;
      if (calls > MAX_BATCH) return reply.code(400).send(trpcError(`A batch may hold at most ${MAX_BATCH} calls; this one holds ${calls}. Send them in several requests.`, 'BAD_REQUEST'));
    }
    // Subscriptions are Server-Sent Events: once tRPC has answered 200 with an event stream, an
    // authorisation failure can only arrive as an event. Refuse a stream without a valid session
    // before it opens, with the same 401 every other procedure gives.
    if (req.method !== 'GET' || !SUBSCRIPTIONS.has(path)) return;
    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (token && (await userForSession(opts.db, token))) return;
    await reply.code(401).send(trpcError('Sign in first.', 'UNAUTHORIZED'));
  });

  await app.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      createContext,
      // The hook above refuses longer batches with a sentence; this is tRPC's own check of the same.
      maxBatchSize: MAX_BATCH,
      responseMeta({ errors }) {
        const waits = errors.map((e) => (isUserError(e.cause) ? Number(e.cause.details?.retryAfterSeconds) : NaN)).filter((n) => n > 0);
        return waits.length > 0 ? { headers: { 'retry-after': String(Math.max(...waits)) } } : {};
      },
      onError({ error, path, type }) {
        if (error.code === 'INTERNAL_SERVER_ERROR') app.log.error({ err: error.cause ?? error, path, type }, 'api error');
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
  });
}
