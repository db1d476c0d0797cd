/**
 * Runs the embedded server in its own process: `tsx serve.script.ts DATA_DIR [PORT]`. Prints one
 * JSON line `{ "uri": ... }` once listening and closes cleanly on SIGINT/SIGTERM. Used by the
 * kill -9 durability test, which needs a server it can kill without killing itself.
 */
import { startEmbeddedMongo } from './embedded-mongo.server';

const [dataDir, port] = process.argv.slice(2);
if (!dataDir) {
  process.stderr.write('usage: serve.script.ts DATA_DIR [PORT]\n');
  process.exit(2);
}
const server = await startEmbeddedMongo({ dataDir, port: port ? Number(port) : 0 });
process.stdout.write(`${JSON.stringify({ uri: server.uri })}\n`);
const stop = () => void server.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
