import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
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

/**
 * Security headers (helmet with the CSP above) and the same-origin rule for requests that change
 * state: a POST/PUT/PATCH/DELETE a browser sends from another site is refused with 403.
 */
export const securityPlugin = fp(async (app: FastifyInstance) => {
  await app.register(helmet, {
    contentSecurityPolicy: { directives: contentSecurityPolicy },
    crossOriginEmbedderPolicy: false,
    // Served over plain http on 127.0.0.1 by default; HSTS would break that for a year.
    strictTransportSecurity: false,
  });
  app.addHook('onRequest', async (request, reply) => {
    const ok = isSameOriginWrite({
      method: request.method,
      host: request.headers.host,
      origin: request.headers.origin,
      secFetchSite: headerValue(request.headers['sec-fetch-site']),
    });
    if (!ok) {
      request.log.warn({ origin: request.headers.origin }, 'cross-origin write refused');
      return reply.code(403).send({ error: 'E_CROSS_ORIGIN', message: 'Requests that change data must come from the Sluice app itself.' });
    }
  });
}, { name: 'sluice-security' });

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
