import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startEmbeddedMongo } from '@sluice/embedded-mongo';
import { UserError } from '@sluice/core';
import type { SluiceConfig } from '../config/config.schema';

export const usage = 'sluice db [--port P] [--data DIR] [--host H]   (defaults: 27017, $SLUICE_DATA/db or ./.sluice/db, 127.0.0.1)';

function parsePort(text: string | undefined): number {
  if (text === undefined) return 27017;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new UserError('E_USAGE', `--port must be a number from 0 to 65535, got "${text}"`);
  return port;
}

/**
 * `sluice db`: runs the embedded MongoDB-compatible database on its own. Prints its URI
 * (`mongodb://127.0.0.1:P/`) as the only line on stdout once it accepts connections, and stops
 * cleanly — connections ended, SQLite closed — on SIGINT or SIGTERM.
 */
export async function run(args: string[], config: SluiceConfig): Promise<number> {
  let values: { port?: string; data?: string; host?: string };
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: { port: { type: 'string' }, data: { type: 'string' }, host: { type: 'string' } },
    }));
  } catch (e) {
    throw new UserError('E_USAGE', `${(e as Error).message.split(/\.\s|\n/)[0]} — usage: ${usage}`);
  }
  const port = parsePort(values.port);
  const dataDir = values.data ?? join(config.dataDir, 'db');
  let server: Awaited<ReturnType<typeof startEmbeddedMongo>>;
  try {
    server = await startEmbeddedMongo({ dataDir, port, host: values.host });
  } catch (e) {
    const err = e as { code?: string; message?: string };
    if (err.code === 'E_DB_LOCKED') throw new UserError('E_DB_LOCKED', err.message ?? 'the data folder is in use');
    if (err.code === 'EADDRINUSE') throw new UserError('E_PORT_IN_USE', `port ${port} is already in use (try --port 0 for a free one)`);
    throw e;
  }
  process.stdout.write(`${server.uri}\n`);
  if (process.stderr.isTTY) process.stderr.write(`sluice db: data in ${dataDir} — Ctrl-C to stop\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  return 0;
}
