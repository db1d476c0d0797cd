import http from 'node:http';
import { type AddressInfo } from 'node:net';

/** What a route handler gets: the parsed request. */
export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  params: Record<string, string>;
}

/** What a route handler answers. `body` is sent as JSON unless `raw` is given. */
export interface FakeResponse {
  status: number;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
}

export type FakeHandler = (req: FakeRequest) => FakeResponse | Promise<FakeResponse>;

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: FakeHandler;
}

/** A fault the next matching requests receive instead of the fake's answer. */
export type Fault =
  | { kind: 'status'; status: number; body?: unknown }
  | { kind: 'rateLimit'; retryAfterSeconds: number; body?: unknown }
  | { kind: 'malformed'; raw: string };

/**
 * A small stateful HTTP server on 127.0.0.1 for vendor fakes: routes with `:params`, JSON bodies,
 * a request log and injectable faults (5xx bursts, 429 with Retry-After, malformed bodies).
 */
export class FakeServer {
  private readonly routes: Route[] = [];
  private readonly faults: { match: (r: FakeRequest) => boolean; fault: Fault }[] = [];
  private server?: http.Server;
  /** Every request received, in order (method, path with query). */
  readonly log: { method: string; url: string; status: number; headers: http.IncomingHttpHeaders; body: unknown }[] = [];
  url = '';

  route(method: string, path: string, handler: FakeHandler): this {
    const names: string[] = [];
    const source = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\/:(\w+)/g, (_m, name: string) => {
      names.push(name);
      return '/([^/]+?)';
    });
    this.routes.push({ method, pattern: new RegExp(`^${source}$`), names, handler });
    return this;
  }

  /** The next `times` requests matching `match` (default: any) get `fault`. */
  inject(fault: Fault, times = 1, match: (r: FakeRequest) => boolean = () => true): void {
    for (let i = 0; i < times; i++) this.faults.push({ match, fault });
  }

  /** Drops pending faults and the request log. */
  clear(): void {
    this.faults.length = 0;
    this.log.length = 0;
  }

  /** Requests seen, filtered by method and path prefix. */
  requests(method?: string, pathPrefix?: string) {
    return this.log.filter(
      (r) => (!method || r.method === method) && (!pathPrefix || r.url.split('?')[0]!.startsWith(pathPrefix)),
    );
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    let body: unknown = undefined;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    const request: FakeRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
      params: {},
    };
    let answer: FakeResponse;
    const faultIndex = this.faults.findIndex((f) => f.match(request));
    if (faultIndex >= 0) {
      const { fault } = this.faults.splice(faultIndex, 1)[0]!;
      answer =
        fault.kind === 'status'
          ? { status: fault.status, body: fault.body ?? { message: 'Injected failure' } }
          : fault.kind === 'rateLimit'
            ? {
                status: 429,
                headers: { 'retry-after': String(fault.retryAfterSeconds) },
                body: fault.body ?? { message: 'Too many requests' },
              }
            : { status: 200, raw: fault.raw };
    } else {
      answer = await this.dispatch(request);
    }
    this.log.push({ method: request.method, url: req.url ?? '/', status: answer.status, headers: req.headers, body });
    res.statusCode = answer.status;
    for (const [k, v] of Object.entries(answer.headers ?? {})) res.setHeader(k, v);
    if (answer.status === 204) {
      res.end();
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.end(answer.raw ?? JSON.stringify(answer.body ?? {}));
  }

  private async dispatch(request: FakeRequest): Promise<FakeResponse> {
    for (const r of this.routes) {
      if (r.method !== request.method) continue;
      const m = r.pattern.exec(request.path);
      if (!m) continue;
      request.params = Object.fromEntries(r.names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)]));
      try {
        return await r.handler(request);
      } catch (e) {
        return { status: 500, body: { message: `fake crashed: ${(e as Error).message}` } };
      }
    }
    return { status: 404, body: { message: `no route ${request.method} ${request.path}` } };
  }
}
