import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The vendors' API descriptions (shared/ sits beside the repository). */
export const specsDir = process.env.SLUICE_SPECS_DIR ?? path.resolve(here, '../../../shared/specs');

/** One request or response Prism found at odds with the vendor's description. */
export interface Violation {
  method: string;
  url: string;
  type: string;
  details: unknown;
}

const VIOLATION_TYPES = ['VIOLATIONS', 'UNPROCESSABLE_ENTITY', 'UNAUTHORIZED', 'NO_PATH_MATCHED_ERROR', 'NO_METHOD_MATCHED_ERROR', 'INVALID_CONTENT_TYPE', 'NOT_ACCEPTABLE'];

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

/**
 * `prism proxy SPEC UPSTREAM --errors` in front of a fake, plus a thin recorder in front of Prism that
 * keeps every violation Prism reports, so a test can assert that nothing the connector sent and nothing
 * the fake answered broke the vendor's description. Start once per test file (Prism takes seconds).
 */
export class PrismHarness {
  readonly violations: Violation[] = [];
  url = '';
  private child?: ChildProcess;
  private recorder?: http.Server;
  private prismUrl = '';

  constructor(
    private readonly spec: string,
    private readonly upstream: string,
  ) {}

  async start(): Promise<string> {
    // Prism takes its port as a number, so one is found free first; if another process binds it
    // before Prism does (EADDRINUSE), Prism exits and starts again on another.
    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      try {
        await this.startPrism(port);
        break;
      } catch (e) {
        if (attempt >= 5 || !(e instanceof Error) || !e.message.includes('EADDRINUSE')) throw e;
      }
    }
    this.prismUrl = `http://127.0.0.1:${port}`;
    this.recorder = http.createServer((req, res) => void this.forward(req, res));
    await new Promise<void>((resolve) => this.recorder!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.recorder.address() as AddressInfo).port}`;
    return this.url;
  }

  private async startPrism(port: number): Promise<void> {
    const require = createRequire(import.meta.url);
    const bin = path.join(path.dirname(require.resolve('@stoplight/prism-cli/package.json')), 'dist/index.js');
    // Prism answers a missing spec file with its usage text only: say which file is missing.
    if (!existsSync(this.spec)) throw new Error(`No vendor description at ${this.spec}: the specs are looked up in ../shared/specs beside the checkout, or in SLUICE_SPECS_DIR.`);
    const child = spawn(process.execPath, [bin, 'proxy', this.spec, this.upstream, '--errors', '-h', '127.0.0.1', '-p', String(port)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Prism did not start in 90 s:\n${output.slice(-2000)}`)), 90_000);
      let started = false;
      // Keeps draining after start so Prism never blocks on a full pipe; keeps a tail for diagnostics.
      const onData = (d: Buffer) => {
        output = (output + d.toString()).slice(-20_000);
        if (!started && output.includes('Prism is listening')) {
          started = true;
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
      child.on('exit', (code) => {
        clearTimeout(timer);
        if (!started) reject(new Error(`Prism exited (${code}):\n${output.slice(-2000)}`));
      });
    });
  }

  /** Forgets the violations seen so far (e.g. after a test that provoked them on purpose). */
  clear(): void {
    this.violations.length = 0;
  }

  async stop(): Promise<void> {
    this.recorder?.closeAllConnections();
    await new Promise<void>((resolve) => (this.recorder ? this.recorder.close(() => resolve()) : resolve()));
    if (this.child && this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child!.once('exit', resolve));
      this.child.kill('SIGTERM');
      await exited;
    }
  }

  private async forward(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) {
      if (k === 'host' || k === 'connection' || k === 'content-length' || v === undefined) continue;
      headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    }
    const method = req.method ?? 'GET';
    const answer = await fetch(this.prismUrl + (req.url ?? '/'), {
      method,
      headers,
      body: chunks.length && method !== 'GET' && method !== 'HEAD' ? Buffer.concat(chunks) : undefined,
    });
    const text = await answer.text();
    if ((answer.headers.get('content-type') ?? '').includes('application/problem+json')) {
      try {
        const problem = JSON.parse(text) as { type?: string; validation?: unknown; detail?: string };
        const type = (problem.type ?? '').split('#')[1] ?? '';
        if (VIOLATION_TYPES.includes(type)) {
          this.violations.push({ method, url: req.url ?? '/', type, details: problem.validation ?? problem.detail });
        }
      } catch {
        // not Prism's own answer
      }
    }
    res.statusCode = answer.status;
    answer.headers.forEach((v, k) => {
      if (k !== 'content-length' && k !== 'transfer-encoding' && k !== 'connection' && k !== 'content-encoding') res.setHeader(k, v);
    });
    res.end(text);
  }
}
