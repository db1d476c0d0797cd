import { OperationalError, UserError } from '@sluice/core';
import type { ZodType } from 'zod';
import { type Clock, systemClock } from './clock';
import { type RateLimitInfo, RequestBudget, type RequestBudgetOptions, getRequestBudget, readRateLimitHeaders } from './request-budget';
import { type RetryPolicy, backoffDelay, defaultRetryPolicy, parseRetryAfter } from './retry-policy';
import { type AddressPins, sharedAddressPins } from './address-pins';
import type { HostLookup } from './ssrf-guard';
import { guardRequestUrl, unreachable } from './network-failure';

/** Which app a client talks to, for error messages ("Pipedrive rejected the API token. <authHelp>"). */
export interface HttpApp {
  id: string;
  name: string;
  /** What the user should do when the app rejects the credentials (where to find a new key). */
  authHelp?: string;
}

export interface HttpClientOptions {
  app: HttpApp;
  /** Base URL including any path prefix: `https://api.pipedrive.com/v1`. Request paths are appended. */
  baseUrl: string;
  /** Identifies the account for the shared request budget (company domain, portal id, key hash). */
  account?: string;
  /** Headers sent with every request (auth); a function is called per request (refreshed tokens). */
  headers?: Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);
  /** Query parameters sent with every request (e.g. `api_token`). */
  query?: Record<string, string>;
  /** Per-attempt timeout; default 30 s. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** The account's token bucket: a ready budget, options for the shared one of `app`+`account`, or false. */
  budget?: RequestBudget | RequestBudgetOptions | false;
  /** Parses the vendor's rate-limit headers; default `readRateLimitHeaders`. */
  readRateLimit?: (headers: Headers, nowMs: number) => RateLimitInfo;
  clock?: Clock;
  random?: () => number;
  fetch?: typeof fetch;
  /** Lets loopback and private addresses through (the operator's `SLUICE_ALLOW_PRIVATE_URLS`); default off. */
  allowPrivateUrls?: boolean;
  lookup?: HostLookup;
  /** Where checked DNS answers are pinned (default: shared by the process); see `AddressPins`. */
  pins?: AddressPins;
  maxRedirects?: number;
}

type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];

export interface HttpRequest<T> {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Appended to the base URL (`/persons`), or an absolute URL (a vendor's next-page link). */
  path: string;
  query?: Record<string, QueryValue>;
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Validates the parsed JSON; a mismatch is `UserError('E_BAD_RESPONSE_SHAPE')`, never half-processed. */
  schema?: ZodType<T>;
  signal?: AbortSignal;
  /**
   * May the request be sent twice? Default: true for GET/PUT/DELETE, false for POST/PATCH. Requests
   * that are not idempotent are retried only on 429 (the app refused to process them).
   */
  idempotent?: boolean;
  timeoutMs?: number;
}

export interface HttpResponse<T> {
  status: number;
  headers: Headers;
  /** Parsed JSON (undefined for an empty body). */
  data: T;
}

export type HttpClient = ReturnType<typeof createHttpClient>;

/**
 * The HTTP helper every API connector is built on: global fetch, JSON in and out, per-attempt
 * timeouts, retries with backoff for 5xx/network errors, 429 handling that honours Retry-After, a
 * per-account request budget, the SSRF guard on every URL and redirect hop, and clear errors:
 * 401/403 → `UserError('E_AUTH_REJECTED')`, other 4xx → `UserError('E_APP_REJECTED', {status, body})`,
 * exhausted 5xx/network/timeout/429 → `OperationalError` (`E_APP_UNAVAILABLE`, `E_NETWORK`,
 * `E_TIMEOUT`, `E_RATE_LIMITED` with `retryAfterMs`), malformed JSON → `OperationalError('E_BAD_RESPONSE')`.
 * @example
 * const http = createHttpClient({
 *   app: { id: 'pipedrive', name: 'Pipedrive', authHelp: 'Find your token under Settings → Personal preferences → API.' },
 *   baseUrl: 'https://acme.pipedrive.com/api/v1', account: 'acme', query: { api_token: token },
 *   budget: { capacity: 20, refillPerSecond: 8 },
 * });
 * const page = await http.get('/persons', { query: { start: 0, limit: 500 }, schema: personsPage });
 */
export function createHttpClient(options: HttpClientOptions) {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const pins = options.pins ?? sharedAddressPins;
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...options.retry };
  const readRateLimit = options.readRateLimit ?? readRateLimitHeaders;
  const maxRedirects = options.maxRedirects ?? 5;
  const budget =
    options.budget instanceof RequestBudget
      ? options.budget
      : options.budget
        ? getRequestBudget(options.app.id, options.account ?? options.baseUrl, options.budget, clock)
        : undefined;
  const appName = options.app.name;
  // Query parameters that carry the account's key (the client's own `query`, and the usual names).
  const credentialParams = new Set([...CREDENTIAL_PARAMS, ...Object.keys(options.query ?? {}).map((k) => k.toLowerCase())]);

  function buildUrl(path: string, query: Record<string, QueryValue> | undefined): URL {
    const url = /^https?:\/\//i.test(path)
      ? new URL(path)
      : new URL(options.baseUrl.replace(/\/+$/, '') + '/' + path.replace(/^\/+/, ''));
    for (const [k, v] of Object.entries({ ...options.query, ...query })) {
      if (v === undefined || v === null) continue;
      if (Array.isArray(v)) for (const item of v) url.searchParams.append(k, String(item));
      else url.searchParams.set(k, String(v));
    }
    return url;
  }

  /** One attempt, following redirects by hand so every hop passes the SSRF guard. */
  async function send(url: URL, init: RequestInit, signal: AbortSignal): Promise<Response> {
    let current = url;
    let method = init.method ?? 'GET';
    let body = init.body;
    let headers = new Headers(init.headers);
    for (let hop = 0; ; hop++) {
      const guarded = options.allowPrivateUrls !== true;
      // Guarded: check the host and pin its addresses, then connect through the pins only, so a second
      // DNS answer (rebinding) cannot lead the socket to a private address the check never saw.
      await guardRequestUrl(appName, current, { allowPrivateUrls: options.allowPrivateUrls, pins, lookup: options.lookup });
      const doFetch = options.fetch ?? (guarded ? pins.fetch : fetch);
      const res = await doFetch(current, { method, body, headers, signal, redirect: 'manual' });
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || res.status === 304 || !location) return res;
      await res.body?.cancel();
      if (hop >= maxRedirects) {
        throw new OperationalError('E_TOO_MANY_REDIRECTS', `${appName} redirected more than ${maxRedirects} times.`);
      }
      const next = new URL(location, current);
      if (next.origin !== current.origin) {
        headers = crossOriginHeaders(headers);
        for (const name of [...next.searchParams.keys()]) if (credentialParams.has(name.toLowerCase())) next.searchParams.delete(name);
      }
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
        headers.delete('content-type');
      }
      current = next;
    }
  }

  async function request<T = unknown>(req: HttpRequest<T>): Promise<HttpResponse<T>> {
    const method = req.method ?? 'GET';
    const idempotent = req.idempotent ?? (method !== 'POST' && method !== 'PATCH');
    const url = buildUrl(req.path, req.query);
    const what = `${method} ${url.pathname}`;
    const extra = typeof options.headers === 'function' ? await options.headers() : (options.headers ?? {});
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'Sluice', ...extra, ...req.headers };
    let body: string | undefined;
    if (req.body !== undefined) {
      body = JSON.stringify(req.body);
      headers['content-type'] ??= 'application/json';
    }

    for (let attempt = 0; ; attempt++) {
      const canRetry = attempt < policy.retries;
      await budget?.take(req.signal);
      const timeout = AbortSignal.timeout(req.timeoutMs ?? options.timeoutMs ?? 30_000);
      const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
      let res: Response;
      let text: string;
      try {
        res = await send(url, { method, headers, body }, signal);
        text = await res.text();
      } catch (error) {
        if (req.signal?.aborted) throw req.signal.reason;
        if (error instanceof UserError || error instanceof OperationalError) throw error;
        const timedOut = timeout.aborted;
        if (idempotent && canRetry) {
          await clock.sleep(backoffDelay(attempt, policy, random), req.signal);
          continue;
        }
        throw unreachable(appName, url, error, timedOut);
      }
      budget?.observe(readRateLimit(res.headers, clock.now()));
      const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), clock.now());

      if (res.status === 429) {
        const wait = retryAfterMs ?? backoffDelay(attempt, policy, random);
        budget?.pauseFor(wait);
        if (canRetry && wait <= policy.maxRetryAfterMs) {
          await clock.sleep(wait, req.signal);
          continue;
        }
        throw new OperationalError('E_RATE_LIMITED', `${appName} is rate limiting Sluice (${what}); retry in ${Math.ceil(wait / 1000)} s.`, wait);
      }
      if (res.status >= 500) {
        if (idempotent && canRetry) {
          await clock.sleep(Math.max(backoffDelay(attempt, policy, random), retryAfterMs ?? 0), req.signal);
          continue;
        }
        throw new OperationalError('E_APP_UNAVAILABLE', `${appName} answered ${res.status} to ${what}: ${excerpt(text)}`, retryAfterMs);
      }
      if (res.status === 401 || res.status === 403) {
        throw new UserError(
          'E_AUTH_REJECTED',
          `${appName} rejected Sluice's credentials (HTTP ${res.status}). ${options.app.authHelp ?? `Reconnect your ${appName} account.`}`,
          { status: res.status },
        );
      }
      if (res.status >= 400) {
        throw new UserError('E_APP_REJECTED', `${appName} refused ${what} (HTTP ${res.status}): ${excerpt(text)}`, {
          status: res.status,
          body: text.slice(0, 2000),
        });
      }
      return { status: res.status, headers: res.headers, data: parseBody(text, req.schema, what) };
    }
  }

  function parseBody<T>(text: string, schema: ZodType<T> | undefined, what: string): T {
    let data: unknown;
    if (text.trim() !== '') {
      try {
        data = JSON.parse(text);
      } catch {
        throw new OperationalError('E_BAD_RESPONSE', `${appName} sent a response to ${what} that is not valid JSON: ${excerpt(text)}`);
      }
    }
    if (!schema) return data as T;
    const parsed = schema.safeParse(data);
    if (parsed.success) return parsed.data;
    const issues = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw new UserError('E_BAD_RESPONSE_SHAPE', `${appName} answered ${what} with data Sluice does not understand: ${issues}`);
  }

  type Opts<T> = Omit<HttpRequest<T>, 'method' | 'path' | 'body'>;
  return {
    request,
    get: async <T = unknown>(path: string, o: Opts<T> = {}) => (await request<T>({ ...o, path, method: 'GET' })).data,
    delete: async <T = unknown>(path: string, o: Opts<T> = {}) => (await request<T>({ ...o, path, method: 'DELETE' })).data,
    post: async <T = unknown>(path: string, body: unknown, o: Opts<T> = {}) => (await request<T>({ ...o, path, body, method: 'POST' })).data,
    put: async <T = unknown>(path: string, body: unknown, o: Opts<T> = {}) => (await request<T>({ ...o, path, body, method: 'PUT' })).data,
    patch: async <T = unknown>(path: string, body: unknown, o: Opts<T> = {}) => (await request<T>({ ...o, path, body, method: 'PATCH' })).data,
    /** The shared request budget of this account, if any. */
    budget,
  };
}

/** Headers a request keeps when a redirect leads to another origin: none that could authenticate it. */
const CROSS_ORIGIN_HEADERS = ['accept', 'accept-language', 'content-type', 'user-agent'];
const CREDENTIAL_PARAMS = ['api_token', 'api_key', 'apikey', 'access_token', 'token', 'key', 'client_secret', 'refresh_token', 'password', 'secret'];

/**
 * The headers to send to another origin after a redirect: an allow-list, because vendors authenticate
 * with headers of their own (`x-api-token`, `x-api-key`, …) that a deny-list of `authorization` and
 * `cookie` let through to wherever the redirect pointed. Pure.
 */
function crossOriginHeaders(headers: Headers): Headers {
  const kept = new Headers();
  for (const name of CROSS_ORIGIN_HEADERS) {
    const value = headers.get(name);
    if (value !== null) kept.set(name, value);
  }
  return kept;
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat || '(empty body)';
}
