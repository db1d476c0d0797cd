import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { isAcceptedHost } from '../http/host-check';
import { isSameOriginWrite } from '../http/same-origin';

/**
 * The Content-Security-Policy the built web app runs under: its own scripts only (Vite emits module
 * files, no inline script), its own styles plus inline style attributes (React Flow positions nodes
 * with them), data: images (logos, favicon), and API calls to this origin only.
 */
export const contentSecurityPolicy = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  upgradeInsecureRequests: null,
};

/** What the security plugin needs of the settings. */
export interface SecurityOptions {
  /** `SLUICE_PUBLIC_URL`: its host is accepted, its origin may write. */
  publicUrl?: string;
  /** `SLUICE_TRUSTED_HOSTS`. */
  trustedHosts: readonly string[];
  /** `SLUICE_HSTS`: Strict-Transport-Security max-age in seconds; 0 sends none. */
  hstsMaxAge: number;
}

/** Probes reach these by whatever name or address the orchestrator uses; they say only up or down. */
const PROBES = new Set(['/healthz', '/readyz']);

/**
 * Security headers (helmet with the CSP above, HSTS when the operator turns it on), the Host check
 * (421 for names the server does not answer to: DNS rebinding), the same-origin rule for requests
 * that change state (403), and `Cache-Control: no-store` on everything but the web app's files.
 */
export const securityPlugin = fp(async (app: FastifyInstance, opts: SecurityOptions) => {
  await app.register(helmet, {
    contentSecurityPolicy: { directives: contentSecurityPolicy },
    crossOriginEmbedderPolicy: false,
    // Off by default: Sluice is served over plain http on 127.0.0.1, where HSTS would break it for months.
    strictTransportSecurity: opts.hstsMaxAge > 0 ? { maxAge: opts.hstsMaxAge, includeSubDomains: false } : false,
  });
  const policy = { ...(opts.publicUrl ? { publicUrl: opts.publicUrl } : {}), trustedHosts: opts.trustedHosts };
  const publicOrigin = opts.publicUrl ? new URL(opts.publicUrl).origin : undefined;
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    // Behind a trusted proxy `request.host` is its X-Forwarded-Host; else the Host header.
    if (!PROBES.has(path) && !isAcceptedHost(request.host, policy)) {
      request.log.warn({ host: request.host }, 'request for another host refused');
      return reply.code(421).send({
        error: 'E_UNKNOWN_HOST',
        message: `This Sluice server does not answer to the name "${request.host ?? ''}". If that is how your users reach it, add it to SLUICE_TRUSTED_HOSTS or set SLUICE_PUBLIC_URL.`,
      });
    }
    const ok = isSameOriginWrite({
      method: request.method,
      host: request.host,
      origin: request.headers.origin,
      secFetchSite: headerValue(request.headers['sec-fetch-site']),
      protocol: request.protocol,
      ...(publicOrigin ? { publicOrigin } : {}),
    });
    if (!ok) {
      request.log.warn({ origin: request.headers.origin }, 'cross-origin write refused');
      return reply.code(403).send({ error: 'E_CROSS_ORIGIN', message: 'Requests that change data must come from the Sluice app itself.' });
    }
  });
  // API answers, health and refusals are never cached; the web app's files set their own caching.
  app.addHook('onSend', async (_request, reply) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });
}, { name: 'sluice-security' });

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
