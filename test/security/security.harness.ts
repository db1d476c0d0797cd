import { openServerEnv, sessionCookieOf, type ServerEnv } from '@sluice/server/testing';

/** The part of a light-my-request call these tests use (inject's overloads defeat `Parameters`). */
export interface InjectOptions {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  payload?: string;
}
export interface Response {
  statusCode: number;
  body: string;
  headers: Record<string, string | string[] | number | undefined>;
}

/** The `result.data` of a tRPC answer. */
export function dataOf<T>(res: Response): T {
  return (JSON.parse(res.body) as { result: { data: T } }).result.data;
}

/**
 * The whole server over HTTP (`inject`, not listening) on a real test stack; every pino line at
 * debug level kept in `logs`.
 */
export interface SecurityEnv {
  server: ServerEnv;
  logs: string[];
  /** POST a tRPC mutation / GET a query as a browser of this origin would, with an optional cookie. */
  call(path: string, input: unknown, options?: { cookie?: string; method?: 'GET' | 'POST' }): Promise<Response>;
  inject(options: InjectOptions): Promise<Response>;
  /** Signs up over HTTP and returns the session cookie. */
  signUp(email: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

export const host = '127.0.0.1:3000';

export async function openSecurityEnv(): Promise<SecurityEnv> {
  // High enough that a test calling every procedure is never rate-limited; the limits have their own tests.
  const many = { max: 1_000_000, windowMs: 60_000 };
  const server = await openServerEnv({ limits: { perMinute: 1_000_000, auth: { signInPerAddress: many, signUpPerAddress: many } } });
  const inject = async (options: InjectOptions): Promise<Response> => server.app.inject(options);
  const call: SecurityEnv['call'] = (path, input, options = {}) => {
    const cookie: Record<string, string> = options.cookie ? { cookie: options.cookie } : {};
    if (options.method === 'GET') {
      const query = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
      return inject({ method: 'GET', url: `/trpc/${path}${query}`, headers: { host, ...cookie } });
    }
    return inject({
      method: 'POST',
      url: `/trpc/${path}`,
      headers: { host, origin: `http://${host}`, 'content-type': 'application/json', ...cookie },
      payload: JSON.stringify(input ?? null),
    });
  };
  return {
    server,
    logs: server.logs,
    call,
    inject,
    async signUp(email, password = 'a good password 42') {
      const res = await call('auth.signUp', { email, password, name: email.split('@')[0] });
      if (res.statusCode !== 200) throw new Error(`sign-up failed: ${res.statusCode} ${res.body}`);
      return sessionCookieOf(res.headers['set-cookie'] as string | string[] | undefined);
    },
    close: () => server.close(),
  };
}

/** True when a response body or log text shows a server-side stack trace or internals. */
export function leaksInternals(text: string): boolean {
  return /\n\s+at [\w.<>]+ \(|node_modules\/|\/work\/|\.ts:\d+:\d+/.test(text);
}
