import { completeOAuth, OAuthStateStore, startOAuth, userForSession, type ConnectorDirectory, type OAuthDeps, type SyncRuntime } from '@sluice/api';
import { isUserError } from '@sluice/core';
import type { Store } from '@sluice/store';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { OAuthSettings } from '@sluice/api';
import { readCookie, SESSION_COOKIE } from './cookies';
import { bindingCookie, OAUTH_BINDING_COOKIE, oauthReturnLocation } from './oauth.location';

export interface OAuthRoutesOptions {
  db: Store;
  engine: SyncRuntime;
  connectors: ConnectorDirectory;
  /** The operator's OAuth clients: `SLUICE_<APP>_CLIENT_ID`, `…_CLIENT_SECRET` and URL overrides. */
  oauth: OAuthSettings;
  /** SLUICE_PUBLIC_URL: where the vendor sends the browser back; else the address the browser used. */
  publicUrl?: string;
  states?: OAuthStateStore;
  fetch?: typeof fetch;
}

const startBody = z
  .object({
    app: z.string().min(1).max(64),
    label: z.string().trim().min(1).max(100).optional(),
    credentialId: z.string().min(1).max(64).optional(),
    returnTo: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('wizard'), side: z.enum(['a', 'b']) }).strict(),
      z.object({ kind: z.literal('connection'), id: z.string().regex(/^[\w-]{1,64}$/) }).strict(),
    ]),
  })
  .strict();

const callbackQuery = z.object({ state: z.string().max(512).optional(), code: z.string().max(4096).optional(), error: z.string().max(256).optional() });

/**
 * The OAuth consent flow over HTTP. `POST /oauth/start` (signed in, same-origin like every write)
 * answers `{ url }` of the vendor's consent page and sets the browser-binding cookie;
 * `GET /oauth/callback` is where the vendor sends the browser back: it finishes the consent and
 * redirects into the web app with the outcome. Codes, tokens and states are in query strings and
 * bodies, which the request log leaves out (logger.options.ts); only the outcome is logged.
 */
export async function oauthRoutes(app: FastifyInstance, opts: OAuthRoutesOptions): Promise<void> {
  const states = opts.states ?? new OAuthStateStore();
  const deps = (): OAuthDeps => ({ db: opts.db, engine: opts.engine, connectors: opts.connectors, states, oauth: opts.oauth, ...(opts.fetch ? { fetch: opts.fetch } : {}) });

  app.post('/oauth/start', async (request, reply) => {
    const sessionToken = readCookie(request.headers.cookie, SESSION_COOKIE);
    const user = sessionToken ? await userForSession(opts.db, sessionToken) : null;
    if (!sessionToken || !user) return reply.code(401).send({ error: 'E_UNAUTHORIZED', message: 'Sign in first.' });
    const parsed = startBody.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: 'E_BAD_INPUT', message: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') });
    // Without SLUICE_PUBLIC_URL the redirect goes back to the address the browser used, e.g. http://127.0.0.1:3000.
    const publicUrl = opts.publicUrl || `${request.protocol}://${request.headers.host ?? '127.0.0.1'}`;
    try {
      const { url, binding } = await startOAuth(deps(), { user, sessionToken, ...parsed.data, publicUrl });
      reply.header('set-cookie', bindingCookie(binding, publicUrl.startsWith('https:')));
      request.log.info({ app: parsed.data.app, reconnect: Boolean(parsed.data.credentialId) }, 'oauth consent started');
      return { url };
    } catch (e) {
      if (!isUserError(e)) throw e;
      return reply.code(e.code === 'E_NOT_FOUND' ? 404 : e.code === 'E_FORBIDDEN' ? 403 : 400).send({ error: e.code, message: e.message });
    }
  });

  app.get('/oauth/callback', async (request, reply) => {
    const query = callbackQuery.safeParse(request.query);
    const outcome = await completeOAuth(deps(), {
      query: query.success ? query.data : {},
      binding: readCookie(request.headers.cookie, OAUTH_BINDING_COOKIE),
      sessionToken: readCookie(request.headers.cookie, SESSION_COOKIE),
    });
    request.log.info(outcome.ok ? { app: outcome.app, ok: true } : { app: outcome.app, ok: false, code: outcome.code }, 'oauth consent finished');
    reply.header('set-cookie', bindingCookie(null, request.protocol === 'https'));
    reply.header('cache-control', 'no-store');
    return reply.redirect(oauthReturnLocation(outcome), 303);
  });
}
