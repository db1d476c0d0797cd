import { createHash } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createConnectorRegistry } from '@sluice/connectors';
// The thread's launcher alone: the database engine runs in the thread, from its own bundle entry.
import { startEmbeddedMongoThread, type EmbeddedMongo } from '@sluice/embedded-mongo/thread';
import {
  backoffDelay,
  parseConnectionConfig,
  GUARD_TRIPPED,
  guardedSync,
  runSummary,
  type ConnectionConfig,
  type GuardTrip,
  type Run,
  type Connector,
  type RunCounts,
} from '@sluice/engine';
import { isOperationalError, isUserError, UserError } from '@sluice/core';
import { openStore, type Store } from '@sluice/store';
import type { SluiceConfig } from '../config/config.schema';
import { storeSettings } from '../config/store-settings';
import { formatPlan, planWithReport } from './dry-run.printer';
import { parseJsonText } from './json-text.parser';
import { readTextFile } from './text-file.reader';

export const usage =
  'sluice sync CONNECTION.json --once [--dry-run [--report FILE.csv] | --approve] [--data DIR] [--json]   (data default: $SLUICE_DATA or ./.sluice; MONGODB_URI overrides)';

/** Operational errors (429, 5xx, network) are retried this many times with backoff before giving up. */
const MAX_ATTEMPTS = 6;
const FILE_APPS = new Set(['jsonl', 'csv']);

function parse(args: string[]) {
  try {
    const { values, positionals } = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: {
        once: { type: 'boolean' },
        data: { type: 'string' },
        json: { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        report: { type: 'string' },
        approve: { type: 'boolean' },
      },
    });
    if (positionals.length !== 1) throw new Error('give exactly one CONNECTION.json');
    if (!values.once) throw new Error('only --once is supported here (continuous sync runs under `sluice start` or `sluice worker`)');
    if (values.report !== undefined && !values['dry-run']) throw new Error('--report FILE.csv goes with --dry-run');
    if (values.approve && values['dry-run']) throw new Error('--approve runs for real; it does not go with --dry-run');
    const flags = { json: Boolean(values.json), dryRun: Boolean(values['dry-run']), approve: Boolean(values.approve) };
    return { file: positionals[0]!, data: values.data, report: values.report, ...flags };
  } catch (e) {
    throw new UserError('E_USAGE', `${(e as Error).message.split(/\.\s|\n/)[0]} — usage: ${usage}`);
  }
}

/** The text with line breaks and NULs turned into spaces, so an error stays one line on a terminal. Pure. */
function oneLine(text: string): string {
  return text.split(/\r\n|\r|\n/).join(' ').split(String.fromCharCode(0)).join(' ');
}

/**
 * Reads and checks a `sluice.connection/v1` file; every problem is a one-line UserError naming the
 * file: missing or a folder, broken JSON (with line and column), or the first schema problem.
 */
export async function readConnection(file: string): Promise<ConnectionConfig> {
  const json = parseJsonText(await readTextFile(file), file);
  try {
    return parseConnectionConfig(json);
  } catch (e) {
    // One line, whatever the value held (a NUL or a newline inside a key is still one line).
    throw new UserError('E_CONNECTION_CONFIG', `${file}: ${oneLine((e as Error).message)}`);
  }
}

/** SLUICE_CREDENTIAL_A/B: a JSON object of credential fields, or a bare API key. */
function credentialOf(raw: string | undefined): Record<string, string> | undefined {
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as Record<string, string>;
  } catch {
    return { apiKey: raw };
  }
}

function progressBar(counts: RunCounts, startedAt: number): string {
  const read = counts.read.a + counts.read.b;
  const written = counts.created.a + counts.created.b + counts.updated.a + counts.updated.b;
  const secs = (Date.now() - startedAt) / 1000;
  const rate = secs > 0 ? Math.round(read / secs) : 0;
  const spin = '|/-\\'[Math.floor(secs * 4) % 4];
  return `\r${spin} read ${read} · written ${written} · skipped ${counts.skipped} · failed ${counts.failed} · ${rate}/s   `;
}

/**
 * `sluice sync CONNECTION.json --once`: one pass of a connection (both directions for two-way),
 * with links, checkpoints and history kept in the embedded database in the data folder, so a
 * second pass syncs only what changed. Prints the summary; `--json` prints it as one JSON object.
 * `--dry-run` reads and decides the same pass and writes nothing (see the engine's `dryRun`): it
 * prints the plan, and `--report` writes its changes to a CSV file. A connection with
 * `options.guard` whose run would go past it stops before writing, exit code 3; `--approve` runs it.
 */
export async function run(args: string[], settings: SluiceConfig): Promise<number> {
  const opts = parse(args);
  const file = resolve(opts.file);
  const config = await readConnection(file);
  const dataDir = opts.data === undefined ? settings.dataDir : resolve(opts.data);
  const registry = createConnectorRegistry({ allowPrivateUrls: settings.allowPrivateUrls });
  const connectors = {} as { a: Connector; b: Connector };
  for (const side of ['a', 'b'] as const) {
    const app = config.apps[side];
    const appConfig = FILE_APPS.has(app.connector) && app.config.baseDir === undefined ? { ...app.config, baseDir: dirname(file) } : app.config;
    const credential = credentialOf(settings.cliCredentials[side]);
    connectors[side] = registry.getConnectorFactory(app.connector).create({ config: appConfig, ...(credential ? { credential } : {}) });
  }
  let db: EmbeddedMongo | undefined;
  let store: Store | undefined;
  try {
    const uri = settings.mongodbUri;
    if (!uri) {
      try {
        db = await startEmbeddedMongoThread({ dataDir: join(dataDir, 'db') });
      } catch (e) {
        const err = e as { code?: string; message?: string };
        if (err.code === 'E_DB_LOCKED') throw new UserError('E_DB_LOCKED', `${dataDir} is in use by another Sluice process; stop it or pass --data`);
        throw e;
      }
    }
    store = await openStore({ uri: uri ?? db!.uri, ...storeSettings(settings), dataDir });
    const scope = { workspaceId: 'cli', connectionId: config.id ?? createHash('sha1').update(file).digest('hex').slice(0, 16) };
    const tty = process.stderr.isTTY && !opts.json;
    const startedAt = Date.now();
    let lastDraw = 0;
    const onProgress = (counts: RunCounts) => {
      if (!tty || Date.now() - lastDraw < 100) return;
      lastDraw = Date.now();
      process.stderr.write(progressBar(counts, startedAt));
    };
    let attempt = 0;
    for (;;) {
      try {
        if (opts.dryRun) {
          const plan = await planWithReport({ scope, config, connectors, stores: store.syncStores, onProgress }, opts.report === undefined ? undefined : resolve(opts.report));
          if (tty) process.stderr.write(`${progressBar(plan.counts, startedAt)}\n`);
          process.stdout.write(opts.json ? `${JSON.stringify(plan)}\n` : formatPlan(plan, config));
          return 0;
        }
        let result: Run;
        try {
          result = await guardedSync({ scope, config, connectors, stores: store.syncStores, onProgress, approved: opts.approve });
        } catch (e) {
          if (!isUserError(e) || e.code !== GUARD_TRIPPED) throw e;
          const trip = e.details as unknown as GuardTrip;
          if (tty) process.stderr.write('\n');
          if (opts.json) process.stdout.write(`${JSON.stringify({ guarded: true, runId: trip.runId, breaches: trip.breaches, ...runSummary(trip.plan.counts), apps: trip.plan.apps })}\n`);
          process.stderr.write(`sluice sync: ${e.message} Run it with --approve to write it, or see it first with --dry-run.\n`);
          return 3;
        }
        if (tty) process.stderr.write(`${progressBar(result.counts, startedAt)}\n`);
        const summary = runSummary(result.counts);
        if (opts.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
        else {
          process.stdout.write(
            `created  A ${summary.created.a}  B ${summary.created.b}\nupdated  A ${summary.updated.a}  B ${summary.updated.b}\n` +
              `skipped  ${summary.skipped}\nconflicts ${summary.conflicts}\nfailed   ${summary.failed}\n`,
          );
        }
        return summary.failed > 0 ? 2 : 0;
      } catch (e) {
        attempt++;
        if (!isOperationalError(e) || attempt >= MAX_ATTEMPTS) throw e;
        const wait = backoffDelay(attempt, scope.connectionId, e.retryAfterMs);
        if (!opts.json) process.stderr.write(`\nsluice sync: ${e.message}; retrying in ${Math.ceil(wait / 1000)} s\n`);
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  } finally {
    for (const c of Object.values(connectors)) await c.close?.().catch(() => undefined);
    await store?.close().catch(() => undefined);
    await db?.close().catch(() => undefined);
  }
}
