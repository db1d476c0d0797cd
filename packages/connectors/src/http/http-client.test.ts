import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createVirtualClock } from './clock';
import { type HttpClientOptions, createHttpClient } from './http-client';
import { RequestBudget } from './request-budget';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;
let server: Server;
let port: number;
let handler: Handler;
let hits: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      hits.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  hits = [];
});

const json = (res: ServerResponse, status: number, data: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(data));
};

/** Answers with the listed responses in turn, then repeats the last one. */
function sequence(...steps: Handler[]): Handler {
  let i = 0;
  return (req, res, body) => steps[Math.min(i++, steps.length - 1)]!(req, res, body);
}

function client(extra: Partial<HttpClientOptions> = {}) {
  const clock = createVirtualClock();
  const http = createHttpClient({
    app: { id: 'test-app', name: 'TestApp', authHelp: 'Create a new key under Settings → API.' },
    baseUrl: `http://127.0.0.1:${port}/api/v2`,
    query: { api_token: 'k' },
    clock,
    random: () => 0.5,
    // The test server listens on loopback, which only an operator's SLUICE_ALLOW_PRIVATE_URLS lets through.
    allowPrivateUrls: true,
    ...extra,
  });
  return { http, clock };
}

describe('createHttpClient', () => {
  it('joins the base path, adds default and per-call query, parses JSON through a schema', async () => {
    handler = (req, res) => json(res, 200, { items: [{ id: 1 }], path: req.url });
    const { http } = client();
    const schema = z.object({ items: z.array(z.object({ id: z.number() })), path: z.string() });
    const data = await http.get('/persons', { query: { start: 0, ids: [1, 2], skip: undefined }, schema });
    expect(data.items[0]!.id).toBe(1);
    expect(data.path).toBe('/api/v2/persons?api_token=k&start=0&ids=1&ids=2');
  });

  it('sends JSON bodies and returns status and headers from request()', async () => {
    handler = (_req, res, body) => json(res, 201, { got: JSON.parse(body) }, { 'x-thing': 'yes' });
    const { http } = client();
    const res = await http.request({ method: 'POST', path: 'persons', body: { name: 'Ann' } });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-thing')).toBe('yes');
    expect(res.data).toEqual({ got: { name: 'Ann' } });
    expect(hits[0]!.headers['content-type']).toBe('application/json');
  });

  it('retries 5xx with exponential backoff in simulated time', async () => {
    handler = sequence(
      (_q, res) => json(res, 503, { error: 'busy' }),
      (_q, res) => json(res, 502, { error: 'busy' }),
      (_q, res) => json(res, 200, { ok: true }),
    );
    const { http, clock } = client();
    expect(await http.get('/x')).toEqual({ ok: true });
    expect(hits).toHaveLength(3);
    // random 0.5 → 3/4 of base·2^attempt
    expect(clock.slept).toEqual([375, 750]);
  });

  it('honours Retry-After seconds on 429: three refusals of 2 s wait at least 6 s, one request succeeds', async () => {
    const refuse: Handler = (_q, res) => json(res, 429, { error: 'slow down' }, { 'retry-after': '2' });
    handler = sequence(refuse, refuse, refuse, (_q, res) => json(res, 200, { ok: 1 }));
    const { http, clock } = client();
    await http.post('/persons', { a: 1 }); // POST: retried on 429 because the app did not process it
    expect(hits).toHaveLength(4);
    expect(clock.totalSleptMs()).toBeGreaterThanOrEqual(6000);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const { http, clock } = client();
    const at = new Date(clock.now() + 5000).toUTCString();
    handler = sequence((_q, res) => json(res, 429, {}, { 'retry-after': at }), (_q, res) => json(res, 200, {}));
    await http.get('/x');
    expect(clock.slept[0]).toBeGreaterThan(4000);
    expect(clock.slept[0]).toBeLessThanOrEqual(5000);
  });

  it('gives up on 429 after the retries with OperationalError carrying retryAfterMs', async () => {
    handler = (_q, res) => json(res, 429, {}, { 'retry-after': '7' });
    const { http } = client({ retry: { retries: 1 } });
    await expect(http.get('/x')).rejects.toMatchObject({ name: 'OperationalError', code: 'E_RATE_LIMITED', retryAfterMs: 7000 });
    expect(hits).toHaveLength(2);
  });

  it('does not wait inside a request for a Retry-After longer than the policy allows', async () => {
    handler = (_q, res) => json(res, 429, {}, { 'retry-after': '3600' });
    const { http, clock } = client();
    await expect(http.get('/x')).rejects.toMatchObject({ code: 'E_RATE_LIMITED', retryAfterMs: 3_600_000 });
    expect(clock.totalSleptMs()).toBe(0);
  });

  it('turns 401/403 into E_AUTH_REJECTED with what to do, never retried', async () => {
    handler = (_q, res) => json(res, 401, { error: 'unauthorized' });
    const { http } = client();
    const err = await http.get('/me').catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'UserError', code: 'E_AUTH_REJECTED' });
    expect((err as Error).message).toContain('TestApp rejected');
    expect((err as Error).message).toContain('Settings → API');
    expect(hits).toHaveLength(1);
  });

  it('turns other 4xx into E_APP_REJECTED with the status', async () => {
    handler = (_q, res) => json(res, 404, { error: 'no such person' });
    const { http } = client();
    await expect(http.get('/persons/9')).rejects.toMatchObject({ code: 'E_APP_REJECTED', details: { status: 404 } });
  });

  it('rejects malformed JSON and schema mismatches with clear errors', async () => {
    handler = (_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"items": [1, 2');
    };
    const { http } = client();
    await expect(http.get('/x')).rejects.toMatchObject({ name: 'OperationalError', code: 'E_BAD_RESPONSE' });
    handler = (_q, res) => json(res, 200, { items: [{ id: 'not-a-number' }] });
    const err = await http.get('/x', { schema: z.object({ items: z.array(z.object({ id: z.number() })) }) }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'UserError', code: 'E_BAD_RESPONSE_SHAPE' });
    expect((err as Error).message).toContain('items.0.id');
  });

  it('does not retry a POST on 5xx (it may have been processed)', async () => {
    handler = (_q, res) => json(res, 500, {});
    const { http } = client();
    await expect(http.post('/persons', {})).rejects.toMatchObject({ code: 'E_APP_UNAVAILABLE' });
    expect(hits).toHaveLength(1);
  });

  it('retries a POST marked idempotent, and waits at least Retry-After on 503', async () => {
    handler = sequence((_q, res) => json(res, 503, {}, { 'retry-after': '5' }), (_q, res) => json(res, 200, { found: [] }));
    const { http, clock } = client();
    expect(await http.post('/persons/search', { q: 'x' }, { idempotent: true })).toEqual({ found: [] });
    expect(hits).toHaveLength(2);
    expect(clock.slept).toEqual([5000]);
  });

  it('times out a slow answer per attempt and retries it', async () => {
    handler = sequence(
      (_q, res) => setTimeout(() => json(res, 200, { late: true }), 400),
      (_q, res) => json(res, 200, { fast: true }),
    );
    const { http } = client({ timeoutMs: 50 });
    expect(await http.get('/x')).toEqual({ fast: true });
    handler = (_q, res) => setTimeout(() => json(res, 200, {}), 400);
    const { http: once } = client({ timeoutMs: 50, retry: { retries: 0 } });
    await expect(once.get('/x')).rejects.toMatchObject({ code: 'E_TIMEOUT' });
  });

  it('retries dropped connections, then reports E_NETWORK', async () => {
    handler = (req) => req.socket.destroy();
    const { http, clock } = client({ retry: { retries: 2 } });
    await expect(http.get('/x')).rejects.toMatchObject({ name: 'OperationalError', code: 'E_NETWORK' });
    expect(hits).toHaveLength(3);
    expect(clock.slept).toHaveLength(2);
  });

  describe('says "could not reach" for network failures, never "rejected the credentials"', () => {
    const closedPort = async () => {
      const probe = createServer();
      await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
      const free = (probe.address() as AddressInfo).port;
      await new Promise((r) => probe.close(r));
      return free;
    };
    it.each([
      ['a refused connection', async () => `http://127.0.0.1:${await closedPort()}`, true, /^Could not reach TestApp \(network\): 127\.0\.0\.1:\d+ refused the connection\.$/],
      ['a name that does not resolve (fetch)', async () => 'http://name.invalid', true, /^Could not reach TestApp \(network\): the address name\.invalid does not resolve \(DNS\)\.$/],
      ['a name that does not resolve (SSRF guard)', async () => 'https://name.invalid', false, /^Could not reach TestApp \(network\): the address name\.invalid does not resolve \(DNS\)\.$/],
    ])('%s is E_NETWORK', async (_what, baseUrl, allowPrivateUrls, message) => {
      const { http } = client({ baseUrl: await baseUrl(), allowPrivateUrls, retry: { retries: 1 } });
      const error = await http.get('/x').catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'OperationalError', code: 'E_NETWORK' });
      expect((error as Error).message).toMatch(message);
    });
    it('a timeout is E_TIMEOUT in the same words', async () => {
      handler = (_q, res) => setTimeout(() => json(res, 200, {}), 400);
      const { http } = client({ timeoutMs: 50, retry: { retries: 0 } });
      const error = await http.get('/x').catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'OperationalError', code: 'E_TIMEOUT' });
      expect((error as Error).message).toMatch(/^Could not reach TestApp \(network\): no answer from 127\.0\.0\.1:\d+ in time\.$/);
    });
  });

  it("stops at once when the caller's signal aborts", async () => {
    handler = (_q, res) => setTimeout(() => json(res, 200, {}), 300);
    const { http } = client();
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error('stopped by user')), 20);
    await expect(http.get('/x', { signal: ac.signal })).rejects.toThrow('stopped by user');
  });

  it('follows redirects and drops credentials when the origin changes', async () => {
    handler = (req, res) => {
      if (req.url?.startsWith('/api/v2/old')) {
        res.writeHead(302, { location: `http://localhost:${port}/api/v2/new` });
        return res.end();
      }
      json(res, 200, { at: req.url });
    };
    const { http } = client({ headers: { authorization: 'Bearer secret' } });
    expect(await http.get('/old')).toEqual({ at: '/api/v2/new' });
    expect(hits[0]!.headers.authorization).toBe('Bearer secret');
    expect(hits[1]!.headers.authorization).toBeUndefined();
  });

  it('sends no vendor credential header or key parameter to another origin after a redirect (finding 7)', async () => {
    handler = (req, res) => {
      if (req.url?.startsWith('/api/v2/old')) {
        // A redirect that echoes the query, as many servers do: the key rides along in Location.
        res.writeHead(307, { location: `http://localhost:${port}/api/v2/new?api_token=k&ApiKey=k2&access_token=k3&page=2` });
        return res.end();
      }
      if (req.url?.startsWith('/api/v2/same')) {
        res.writeHead(302, { location: `/api/v2/new?page=3` });
        return res.end();
      }
      json(res, 200, { at: req.url });
    };
    const vendorHeaders = { 'x-api-token': 'pd-secret', 'x-api-key': 'k-secret', 'x-auth-token': 'a-secret', authorization: 'Basic c2VjcmV0Og==', cookie: 'sid=1' };
    const { http } = client({ headers: vendorHeaders });
    expect(await http.get('/old', { headers: { 'accept-language': 'de' } })).toEqual({ at: '/api/v2/new?page=2' });
    expect(hits[0]!.url).toBe('/api/v2/old?api_token=k');
    for (const name of Object.keys(vendorHeaders)) {
      expect(hits[0]!.headers[name], name).toBeDefined();
      expect(hits[1]!.headers[name], name).toBeUndefined();
    }
    expect(hits[1]!.headers).toMatchObject({ accept: 'application/json', 'user-agent': 'Sluice', 'accept-language': 'de' });
    // The same origin keeps them: the vendor moving a path is no reason to sign out.
    hits = [];
    await http.get('/same');
    expect(hits[1]!.headers['x-api-token']).toBe('pd-secret');
  });

  it('re-checks every redirect hop against the SSRF guard', async () => {
    // A "public" host (served by the local test server) that redirects to a loopback address.
    handler = (_q, res) => {
      res.writeHead(307, { location: `http://127.0.0.1:${port}/internal` });
      res.end();
    };
    const { http } = client({
      baseUrl: `http://public.example:${port}/api`,
      allowPrivateUrls: false,
      lookup: async () => ['93.184.216.34'],
      fetch: (input, init) => fetch(String(input).replace('public.example', '127.0.0.1'), init),
    });
    await expect(http.get('/x')).rejects.toMatchObject({ code: 'E_URL_NOT_ALLOWED' });
    expect(hits).toHaveLength(1);
  });

  it('refuses a loopback base URL unless private URLs are allowed', async () => {
    handler = (_q, res) => json(res, 200, {});
    const { http } = client({ allowPrivateUrls: false });
    await expect(http.get('/x')).rejects.toMatchObject({ name: 'UserError', code: 'E_URL_NOT_ALLOWED' });
    expect(hits).toHaveLength(0);
  });

  it('shares one budget between clients of an account; a 429 pauses both, rate-limit headers slow them', async () => {
    const clock = createVirtualClock();
    const budget = new RequestBudget({ capacity: 100, refillPerSecond: 100 }, clock);
    handler = sequence(
      (_q, res) => json(res, 429, {}, { 'retry-after': '3' }),
      (_q, res) => json(res, 200, {}, { 'x-ratelimit-limit': '100', 'x-ratelimit-remaining': '5', 'x-ratelimit-reset': '10' }),
      (_q, res) => json(res, 200, {}),
    );
    const a = client({ clock, budget });
    const b = client({ clock, budget });
    await a.http.get('/x'); // 429 → wait 3 s → 200 with only 5 left of 100 (reserve 10) → pause 10 s
    const before = clock.now();
    await b.http.get('/y');
    expect(clock.now() - before).toBeGreaterThanOrEqual(10_000);
  });
});
