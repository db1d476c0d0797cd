import { isIP } from 'node:net';

/** The names this server answers to, from its settings. */
export interface HostPolicy {
  /** `SLUICE_PUBLIC_URL`: its host and port are accepted. */
  publicUrl?: string;
  /** `SLUICE_TRUSTED_HOSTS`: `name` (any port) or `name:port`; IPv6 in brackets. */
  trustedHosts: readonly string[];
}

interface HostPort {
  name: string;
  /** Undefined when the Host header names no port (the scheme's default). */
  port?: number;
}

/** Splits a Host header (`Sluice.example:8443`, `[::1]:3000`) into a lower-cased name and a port. Pure. */
export function parseHost(header: string): HostPort | undefined {
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]*)(?::(\d{1,5}))?$/i.exec(header.trim());
  if (!m || !m[1]) return undefined;
  const port = m[2] === undefined ? undefined : Number(m[2]);
  if (port !== undefined && port > 65535) return undefined;
  return { name: m[1].toLowerCase().replace(/\.$/, ''), ...(port === undefined ? {} : { port }) };
}

const LOOPBACK_NAMES = new Set(['localhost']);

/**
 * Whether a request's Host names this server (DNS rebinding defence: a page of another site whose
 * name was made to resolve to this server arrives with that site's name in Host). Accepted: the host
 * of `publicUrl`; each trusted host; `localhost` and IP literals (`127.0.0.1`, `[::1]`, the server's
 * LAN address) on any port. A browser sends those only when its user typed them, which no other site
 * can make it do, so they need no port check, and a port check would refuse what is common and
 * harmless: `docker run -p 8080:3000` (Host says 8080, the server listens on 3000), a dev proxy. Pure.
 * @example isAcceptedHost('evil.example:3000', { trustedHosts: [] }) // false
 * @example isAcceptedHost('127.0.0.1:8080', { trustedHosts: [] }) // true
 */
export function isAcceptedHost(header: string | undefined, policy: HostPolicy): boolean {
  if (!header) return false;
  const host = parseHost(header);
  if (!host) return false;
  if (policy.publicUrl) {
    const pub = new URL(policy.publicUrl);
    const pubPort = pub.port === '' ? undefined : Number(pub.port);
    // A browser leaves the scheme's default port out of Host, as the URL parser leaves it out of `port`.
    if (pub.hostname.toLowerCase() === host.name && pubPort === host.port) return true;
  }
  for (const entry of policy.trustedHosts) {
    const trusted = parseHost(entry);
    if (trusted && trusted.name === host.name && (trusted.port === undefined || trusted.port === host.port)) return true;
  }
  return LOOPBACK_NAMES.has(host.name) || isIP(host.name.replace(/^\[(.*)\]$/, '$1')) !== 0;
}
