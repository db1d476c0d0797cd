import http from 'node:http';
import { type AddressInfo } from 'node:net';

/** What a request matched by a scheduled fault gets instead of (or made from) the upstream answer. */
export type ProxyFault =
  | { kind: 'status'; status: number }
  | { kind: 'rateLimit'; retryAfterSeconds: number }
  /** No answer for `ms`, then the socket is destroyed (the client's per-attempt timeout fires first). */
  | { kind: 'hang'; ms: number }
  /** The upstream answer with its JSON body cut in the middle, sent as a complete 200. */
  | { kind: 'truncate' }
  /** The upstream status and headers, half the body, then the connection drops. */
  | { kind: 'drop' }
  /** A 200 whose body is not JSON at all. */
  | { kind: 'malformed' };

/** `url` is the path with its query string, e.g. `/prospects?page=2&per_page=500`. */
type Match = (method: string, url: string) => boolean;

interface Scheduled {
  fault: ProxyFault;
  match: Match;
}

/**
 * A fault-injecting HTTP proxy in front of a vendor fake (or any HTTP server), for connectors
 * running in another process: requests pass through to `upstream` unchanged unless a scheduled
 * fault matches them — 429 storms with Retry-After, 5xx bursts, hangs past the client's timeout,
 * bodies cut mid-way, dropped connections, non-JSON bodies. Faults are consumed in order, one per matching request.
 * @example const proxy = new FaultProxy(wood.server.url); await proxy.start(); proxy.schedule({ kind: 'status', status: 503 }, 3);
 */
export class FaultProxy {
  private readonly queue: Scheduled[] = [];
  private server?: http.Server;
  /** Each request seen: what it was, and the fault it got (or `pass`). */
  readonly log: { method: string; path: string; got: ProxyFault['kind'] | 'pass'; status: number; at: number }[] = [];
  url = '';

  /**
   * @param onPassed called after a request went through unharmed, before its answer is sent (a test
   * can change the upstream's state at an exact point, e.g. revoke a key after the first page).
   */
  constructor(
    private readonly upstream: string,
    private readonly onPassed?: (method: string, url: string, status: number) => void,
  ) {}

  /** The next `times` requests matching `match` (default: all) get `fault`. */
  schedule(fault: ProxyFault, times = 1, match: Match = () => true): void {
    for (let i = 0; i < times; i++) this.queue.push({ fault, match });
  }

  /** Faults not consumed yet. */
  pending(): number {
    return this.queue.length;
  }

  count(kind: ProxyFault['kind'] | 'pass'): number {
    return this.log.filter((l) => l.got === kind).length;
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const path = new URL(url, 'http://proxy').pathname;
    const i = this.queue.findIndex((s) => s.match(method, url));
    const fault = i >= 0 ? this.queue.splice(i, 1)[0]!.fault : undefined;
    const note = (status: number) => this.log.push({ method, path, got: fault?.kind ?? 'pass', status, at: Date.now() });

    if (fault?.kind === 'hang') {
      note(0);
      setTimeout(() => res.destroy(), fault.ms).unref();
      return;
    }
    if (fault?.kind === 'status' || fault?.kind === 'rateLimit') {
      const status = fault.kind === 'status' ? fault.status : 429;
      note(status);
      res.writeHead(status, { 'content-type': 'application/json', ...(fault.kind === 'rateLimit' ? { 'retry-after': String(fault.retryAfterSeconds) } : {}) });
      res.end(JSON.stringify({ message: fault.kind === 'status' ? 'Injected failure' : 'Too many requests' }));
      return;
    }
    if (fault?.kind === 'malformed') {
      note(200);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('<html><body>502 Bad Gateway</body></html>');
      return;
    }
    const upstream = await fetch(new URL(req.url ?? '/', this.upstream), {
      method,
      headers: Object.fromEntries(Object.entries(req.headers).filter(([k, v]) => typeof v === 'string' && !['host', 'content-length', 'connection'].includes(k))) as Record<string, string>,
      body: chunks.length ? Buffer.concat(chunks) : undefined,
    });
    const body = Buffer.from(await upstream.arrayBuffer());
    note(upstream.status);
    const half = body.subarray(0, Math.max(1, Math.floor(body.length / 2)));
    if (fault?.kind === 'truncate') {
      res.writeHead(upstream.status, { 'content-type': 'application/json' });
      res.end(half);
      return;
    }
    if (fault?.kind === 'drop') {
      // Declares the full length and sends half: the client sees the connection end mid-body.
      res.writeHead(upstream.status, { 'content-type': 'application/json', 'content-length': String(body.length) });
      res.write(half);
      res.destroy();
      return;
    }
    this.onPassed?.(method, url, upstream.status);
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
    res.end(body);
  }
}
