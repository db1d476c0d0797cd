import { stdSerializers, type LoggerOptions } from 'pino';

/**
 * Paths pino blanks in every log line: credentials, passwords, session cookies and tokens, wherever a
 * request, a response or our own log calls carry them.
 */
export const redactPaths: string[] = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'password',
  '*.password',
  'secret',
  '*.secret',
  '*.apiKey',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  'credential',
  '*.credential',
  'input.secret',
  'input.password',
];

/**
 * Structured logs (pino). JSON lines by default, at `level` (LOG_LEVEL). Request logging keeps the
 * method, path (without the query string, which can hold tRPC inputs) and status only.
 */
export function loggerOptions(level = 'info'): LoggerOptions {
  return {
    level,
    redact: { paths: redactPaths, censor: '[redacted]' },
    serializers: {
      req: (req: { method?: string; url?: string; id?: string }) => ({
        id: req.id,
        method: req.method,
        path: typeof req.url === 'string' ? req.url.split('?')[0] : undefined,
      }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      // A client's mistake (400, 401, 413, …) is logged by its message; a stack is for our own faults.
      err: (err: Error & { statusCode?: number }) => {
        const out: Record<string, unknown> = { ...stdSerializers.err(err) };
        if (typeof err.statusCode === 'number' && err.statusCode < 500) delete out.stack;
        return out;
      },
    },
  };
}
