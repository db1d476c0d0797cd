import { join } from 'node:path';
import type { SluiceConfig } from '../config/config.schema';
import { startSluice } from '../runtime/sluice.app';

export const usage = `usage: sluice start

Runs Sluice: the API, the web app and the sync workers, on http://127.0.0.1:3000.
The embedded database lives in ./.sluice unless MONGODB_URI is set.

environment:
  PORT, HOST            where to listen (default 3000, 127.0.0.1)
  SLUICE_DATA           data folder (default ./.sluice)
  MONGODB_URI           use this MongoDB (replica set, ≥ 6) instead of the embedded database
  SLUICE_SECRET_KEY     key that encrypts credentials (else a key file in the data folder)
  SLUICE_SIGNUP         invite (default: after the first account, people join by invitation) or open
  LOG_LEVEL             pino level (default info)`;

/**
 * The line that says where Sluice keeps its data: the data folder, and the embedded database in it
 * or the MongoDB server named by MONGODB_URI (its hosts only: the URI may hold a password). Pure.
 */
export function whereDataLives(config: Pick<SluiceConfig, 'dataDir' | 'mongodbUri'>): string {
  if (!config.mongodbUri) return `Sluice keeps its data in ${config.dataDir} (embedded database in ${join(config.dataDir, 'db')})`;
  const hosts = /^mongodb(?:\+srv)?:\/\/(?:[^@/]*@)?([^/?]*)/.exec(config.mongodbUri)?.[1] ?? 'MONGODB_URI';
  return `Sluice keeps its data in MongoDB at ${hosts} (MONGODB_URI), and its key file in ${config.dataDir} unless SLUICE_SECRET_KEY is set`;
}

/** `sluice start`: everything in one process, until SIGINT/SIGTERM (then a graceful stop). */
export async function run(args: string[], config: SluiceConfig): Promise<number> {
  if (args.length > 0) {
    process.stderr.write(`sluice start: unexpected argument "${args[0]}" (configure with environment variables; see --help)\n`);
    return 1;
  }
  const sluice = await startSluice({ config });
  const fresh = (await sluice.store.users.count()) === 0;
  // One write, so whoever reads the first line has the second too.
  process.stdout.write(`Sluice is running at ${sluice.url}${fresh ? ' — open it to create your account' : ''}\n${whereDataLives(config)}\n`);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      process.stdout.write(`\n${signal}: stopping (finishing batches in flight)…\n`);
      sluice.close().then(resolve, (e: unknown) => {
        console.error(`sluice: error while stopping: ${e instanceof Error ? e.message : String(e)}`);
        resolve();
      });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  return 0;
}
