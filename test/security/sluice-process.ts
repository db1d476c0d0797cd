import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
/** The command line as users run it (through tsx, no build). */
export const sluiceBin = join(root, 'apps/server/bin/sluice-dev.mjs');

/** A `sluice start` child process on a free port of 127.0.0.1, with its own data folder. */
export interface SluiceProcess {
  /** `http://127.0.0.1:<port>`, as the server printed it. */
  url: string;
  port: number;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** SIGTERM, wait for the exit, remove the data folder (unless it was given). */
  stop(): Promise<void>;
}

/**
 * Starts a real server as `pnpm start` runs it (minus the web build), with `env` on top of this
 * process's environment, and resolves once it prints its URL. With `options.dataDir`, it runs on that
 * data folder and leaves it when it stops (to start again on it).
 * @example const sluice = await startSluiceProcess({ SLUICE_TRUSTED_HOSTS: 'sluice.example' });
 */
export async function startSluiceProcess(env: Record<string, string> = {}, options: { dataDir?: string } = {}): Promise<SluiceProcess> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'sluice-sec-')));
  const childEnv: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', SLUICE_DATA: dataDir, LOG_LEVEL: 'warn', SLUICE_SCRYPT_COST: '12', ...env };
  delete childEnv.MONGODB_URI;
  const child: ChildProcess = spawn(process.execPath, [sluiceBin, 'start'], { cwd: root, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const url = await new Promise<string>((resolveUrl, reject) => {
      child.stdout!.on('data', (d: Buffer) => {
        output += d.toString();
        const m = /running at (http:\/\/\S+)/.exec(output);
        if (m) resolveUrl(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`sluice start exited with ${code}:\n${output}`)));
    });
    return { url, port: Number(new URL(url).port), output: () => output, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** A browser on the server's own origin: keeps the session cookie, sends Origin and Sec-Fetch-Site. */
export class BrowserSession {
  cookie = '';
  constructor(readonly url: string) {}

  /** A tRPC query (GET) or mutation (POST); the raw response, for tests that check refusals. */
  async call(path: string, input?: unknown, method: 'GET' | 'POST' = 'POST'): Promise<Response> {
    const headers: Record<string, string> = { origin: this.url, 'sec-fetch-site': 'same-origin', ...(this.cookie ? { cookie: this.cookie } : {}) };
    const res =
      method === 'GET'
        ? await fetch(`${this.url}/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`, { headers })
        : await fetch(`${this.url}/trpc/${path}`, { method, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(input ?? {}) });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie?.startsWith('sluice_session=')) this.cookie = setCookie.split(';')[0]!;
    return res;
  }

  /** `result.data` of a call that must succeed. */
  async data<T>(path: string, input?: unknown, method: 'GET' | 'POST' = 'POST'): Promise<T> {
    const res = await this.call(path, input, method);
    const body = (await res.json()) as { result?: { data: T }; error?: { message: string } };
    if (!res.ok) throw new Error(`${path}: ${res.status} ${body.error?.message}`);
    return body.result!.data;
  }
}
