import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** The repository root, from this file's location. */
export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const webDir = join(repoRoot, 'apps/web');

/** Builds apps/web with Vite into `outDir` (production build, as `pnpm start` serves it). */
export function buildWeb(outDir: string): void {
  const vite = join(webDir, 'node_modules/vite/bin/vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], {
    cwd: webDir,
    encoding: 'utf8',
    // Vitest sets NODE_ENV=test, which made Vite bundle React's development build (60 KB more gzip).
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (r.status !== 0) throw new Error(`vite build failed:\n${r.stderr || r.stdout}`);
}

/** The most JS (KB, gzip) a first visit may load before any route asks for more (issue 19). */
export const FIRST_LOAD_BUDGET_KB = 250;

/**
 * The gzip size in bytes of each script a built `index.html` loads up front (its entry and
 * modulepreloads), by file name: what a first visit downloads before a lazy route asks for more.
 */
export function firstLoadScripts(dist: string): Record<string, number> {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const srcs = [...html.matchAll(/<script[^>]+src="([^"]+)"/g), ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map((m) => m[1]!);
  return Object.fromEntries([...new Set(srcs)].map((src) => [src, gzipSync(readFileSync(join(dist, src.replace(/^\//, '')))).length]));
}

/** The total of `firstLoadScripts` in KB (one decimal). */
export function firstLoadJsGzipKb(dist: string): number {
  const bytes = Object.values(firstLoadScripts(dist)).reduce((a, b) => a + b, 0);
  return Math.round((bytes / 1024) * 10) / 10;
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
};

export interface StaticServer {
  url: string;
  close: () => Promise<void>;
}

/** Serves a built web app from `dir` on a free port; unknown paths get index.html (client routing). */
export async function serveStatic(dir: string): Promise<StaticServer> {
  const root = resolve(dir);
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (/^\/(trpc|api)(\/|$)/.test(path)) {
      // No API behind a static build: answer as a missing server route would.
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"no API here"}');
      return;
    }
    let file = normalize(join(root, path));
    if (!file.startsWith(root) || !existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html');
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
