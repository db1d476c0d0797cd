import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

/** The repository root (processes start there so tsx and the workspace packages resolve). */
export const ROOT = resolve(import.meta.dirname, '../..');
const DB_SCRIPT = join(ROOT, 'packages/embedded-mongo/src/serve.script.ts');
const WORKER_SCRIPT = join(import.meta.dirname, 'worker.script.ts');
const CLI = join(ROOT, 'apps/server/bin/sluice-dev.mjs');
/** One key for every process of a cluster: workers must decrypt what the test stored. */
export const SECRET_KEY = 'b2'.repeat(32);

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((done) => child.once('exit', () => done()));
}

/** Resident memory of a process in MB, from /proc (Linux), or null when it is gone. */
export function rssMb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * The embedded database in its own process (`serve.script.ts`), on a fixed port, so it can be
 * killed with SIGKILL and started again on the same data folder and address.
 */
export class DbProcess {
  private child: ChildProcess | null = null;
  uri = '';

  private constructor(
    readonly dataDir: string,
    /** 0 until the first start has bound a port the system chose; the same port on every restart. */
    public port: number,
  ) {}

  static async start(dataDir: string): Promise<DbProcess> {
    const db = new DbProcess(dataDir, 0);
    await db.up();
    return db;
  }

  /**
   * Starts (again) on the same folder and port; resolves once it accepts connections. The first start
   * binds port 0 and keeps the port it got; a restart asks for that port again, and if something else
   * took it meanwhile (EADDRINUSE), asks again until the test's timeout: nothing else may keep it long.
   */
  async up(): Promise<void> {
    for (;;) {
      try {
        this.uri = await this.spawnOnce();
        this.port = Number(new URL(this.uri).port);
        return;
      } catch (e) {
        if (this.port === 0 || !(e instanceof Error) || !e.message.includes('EADDRINUSE')) throw e;
      }
    }
  }

  private async spawnOnce(): Promise<string> {
    const child = spawn(process.execPath, ['--import', 'tsx', DB_SCRIPT, this.dataDir, String(this.port)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const lines = createInterface({ input: child.stdout! });
    return new Promise<string>((ok, fail) => {
      lines.once('line', (line) => ok((JSON.parse(line) as { uri: string }).uri));
      child.once('exit', (code) => fail(new Error(`database exited early (${String(code)}): ${err}`)));
    });
  }

  /** kill -9: no clean close, the SQLite WAL is left as it was. */
  async kill9(): Promise<void> {
    if (!this.child) return;
    const child = this.child;
    this.child = null;
    child.kill('SIGKILL');
    await exited(child);
  }

  async stop(): Promise<void> {
    if (!this.child) return;
    const child = this.child;
    this.child = null;
    child.kill('SIGTERM');
    await exited(child);
  }
}

export interface WorkerOptions {
  uri: string;
  dataDir: string;
  /** Lease length; a dead worker's connections move within it. Ignored with `cli` (60 s there). */
  leaseTtlMs?: number;
  /** Pause between the live runs of a connection. */
  intervalMs?: number;
  /** Run the real `sluice worker` command instead of `worker.script.ts` (same parts, default lease). */
  cli?: boolean;
  name?: string;
  /** Memory log period of `worker.script.ts` (SLUICE_REL_MEMORY_MS): a `memory` line after a full GC. */
  memoryMs?: number;
  /** More settings for the process (an operator's OAuth token URLs, say). */
  env?: Record<string, string>;
}

/** One line the worker logged (JSON), with when the harness received it. */
export interface WorkerLine {
  at: number;
  msg?: string;
  [key: string]: unknown;
}

/**
 * A sync worker process against a shared database: `worker.script.ts` (the API's SyncWorker with
 * the server's connector directory, lease length from the environment) or `sluice worker` itself.
 */
export class WorkerProcess {
  readonly lines: WorkerLine[] = [];
  readonly done: Promise<void>;
  private stderr = '';

  private constructor(
    readonly child: ChildProcess,
    readonly name: string,
  ) {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        this.lines.push({ ...(JSON.parse(line) as object), at: Date.now() });
      } catch {
        this.lines.push({ at: Date.now(), msg: line });
      }
    });
    child.stderr!.on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-20_000)));
    this.done = exited(child);
  }

  static spawn(options: WorkerOptions): WorkerProcess {
    const args = options.cli ? [CLI, 'worker'] : ['--import', 'tsx', WORKER_SCRIPT];
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        MONGODB_URI: options.uri,
        SLUICE_DATA: options.dataDir,
        SLUICE_SECRET_KEY: SECRET_KEY,
        SLUICE_ALLOW_PRIVATE_URLS: '1',
        SLUICE_SYNC_INTERVAL_MS: String(options.intervalMs ?? 1_000),
        SLUICE_LEASE_TTL_MS: String(options.leaseTtlMs ?? 6_000),
        LOG_LEVEL: 'info',
        ...(options.memoryMs ? { SLUICE_REL_MEMORY_MS: String(options.memoryMs) } : {}),
        ...options.env,
      },
    });
    return new WorkerProcess(child, options.name ?? `worker-${child.pid}`);
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** The worker's own id in leases (logged at start). */
  async owner(timeoutMs = 60_000): Promise<string> {
    const line = await this.waitFor((l) => typeof l.owner === 'string' && l.msg === 'sync worker started', timeoutMs);
    return String(line.owner);
  }

  waitFor(match: (l: WorkerLine) => boolean, timeoutMs: number): Promise<WorkerLine> {
    const until = Date.now() + timeoutMs;
    return new Promise((ok, fail) => {
      const look = () => {
        const hit = this.lines.find(match);
        if (hit) return ok(hit);
        if (this.child.exitCode !== null || this.child.signalCode !== null) return fail(new Error(`${this.name} exited: ${this.stderr}`));
        if (Date.now() > until) return fail(new Error(`${this.name}: no such log line in ${timeoutMs} ms; stderr: ${this.stderr}`));
        setTimeout(look, 50);
      };
      look();
    });
  }

  errors(): string {
    return this.stderr;
  }

  async sigkill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.done;
  }

  /** SIGSTOP: the worker stops where it is (no more writes) until it is killed; a kill at a known point. */
  freeze(): void {
    this.child.kill('SIGSTOP');
  }

  /** SIGTERM: the worker finishes batches in flight and releases its leases. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.done;
  }
}

/** Thrown by an `eventually` check to stop waiting at once (other errors are retried as transient). */
export class GiveUp extends Error {}

/**
 * Polls `check` until it returns a value (not undefined), or fails after `timeoutMs`. A check that
 * throws is tried again (the database may be down on purpose), unless it throws `GiveUp`.
 */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs: number, what: string, everyMs = 250): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (e) {
      if (e instanceof GiveUp) throw e;
      last = e;
    }
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
