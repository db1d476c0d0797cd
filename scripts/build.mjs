#!/usr/bin/env node
/**
 * `pnpm build`: the production build. The web app with Vite into apps/web/dist, and the server with
 * every workspace package it uses compiled by esbuild into apps/server/dist:
 *  - `sluice.js`: the `sluice` command line (and so the server, the workers and the API);
 *  - `embedded-mongo.thread-entry.mjs`: the embedded database's worker thread.
 * Both run with plain `node`: the workspace's TypeScript is compiled in, third-party packages stay
 * `import`s of node_modules (native bindings and their prebuilt binaries must stay where they were
 * installed). Type checking is `pnpm typecheck`'s job, not this one.
 *
 * `node scripts/build.mjs --if-stale` (what `pnpm start` runs) builds only what is older than its
 * sources, so starting an already-built checkout costs a few file-time reads.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ifStale = process.argv.includes('--if-stale');
const quiet = process.argv.includes('--quiet');
/** `--only=server` or `--only=web`: one half (tests that need only the server's bundle). */
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const say = (text) => {
  if (!quiet) process.stderr.write(`${text}\n`);
};

/** Newest modification time under `dir` (files only), skipping build output and dependencies. */
function newest(dir) {
  let max = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    max = Math.max(max, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return max;
}

const mtime = (path) => (existsSync(path) ? statSync(path).mtimeMs : 0);
const workspaceDirs = ['packages', 'apps'].flatMap((group) => readdirSync(join(root, group)).map((name) => join(root, group, name)));
const lockfile = join(root, 'pnpm-lock.yaml');
const thisScript = fileURLToPath(import.meta.url);

/** Whether `output` is missing or older than any of `sources` (folders or files) or the lockfile. */
function stale(output, sources) {
  const built = mtime(output);
  return built === 0 || sources.some((s) => (statSync(s).isDirectory() ? newest(s) : mtime(s)) > built) || Math.max(mtime(lockfile), mtime(thisScript)) > built;
}

function buildWeb() {
  const stamp = join(root, 'apps/web/dist/index.html');
  const sources = [join(root, 'apps/web'), join(root, 'packages/graph/src'), join(root, 'packages/core/src')];
  if (ifStale && !stale(stamp, sources)) return;
  say('building the web app (vite)…');
  // Through the pnpm that runs this script (a JavaScript file or pnpm's own executable), so the web
  // package's own Vite runs with its own config.
  const pnpm = process.env.npm_execpath;
  const args = ['-s', '--filter', '@sluice/web', 'build'];
  const options = { cwd: root, stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit' };
  const run = !pnpm
    ? spawnSync('pnpm', args, { ...options, shell: process.platform === 'win32' })
    : /\.[cm]?js$/.test(pnpm)
      ? spawnSync(process.execPath, [pnpm, ...args], options)
      : spawnSync(pnpm, args, options);
  if (run.status !== 0) process.exit(run.status ?? 1);
}

/** Data files the server reads at run time next to its module: [source, place in dist]. */
const ASSETS = [['packages/api/src/auth/common-passwords', 'common-passwords']];

/**
 * Leaves third-party packages out of the bundle, imported from where pnpm installed them for the
 * workspace package that uses them: pnpm gives each package only its own dependencies, so a bare
 * `import 're2js'` would not resolve from apps/server/dist. Each is written as a path relative to
 * the bundle (into node_modules/.pnpm), found with the importer's own resolution.
 */
const thirdPartyFromNodeModules = (outdir) => ({
  name: 'third-party-from-node-modules',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.path.startsWith('@sluice/') || args.path.startsWith('node:') || args.pluginData === 'inner') return undefined;
      if (isBuiltin(args.path)) return { path: args.path, external: true };
      const found = await build.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, pluginData: 'inner' });
      if (found.errors.length > 0) return { errors: found.errors };
      const real = realpathSync(found.path);
      const rel = relative(outdir, real).split(sep).join('/');
      return { path: rel.startsWith('.') ? rel : `./${rel}`, external: true };
    });
  },
});

async function buildServer() {
  const out = join(root, 'apps/server/dist');
  const stamp = join(out, 'sluice.js');
  const sources = [...workspaceDirs.filter((d) => !d.endsWith('/web')).map((d) => join(d, 'src')), ...workspaceDirs.map((d) => join(d, 'package.json'))].filter(existsSync);
  if (ifStale && !stale(stamp, sources)) return;
  say('building the server (esbuild)…');
  const { build } = await import('esbuild');
  const common = {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    sourcemap: 'linked',
    plugins: [thirdPartyFromNodeModules(out)],
    // Resolve the workspace's packages through their "exports" (src/index.ts), as tsx and Vitest do.
    conditions: ['import', 'default'],
    logLevel: 'warning',
    legalComments: 'none',
    // esbuild's ESM output has no `require`; the few CommonJS-only corners of dependencies get one.
    banner: { js: "import { createRequire as __sluiceRequire } from 'node:module'; const require = __sluiceRequire(import.meta.url);" },
  };
  // Split at the command line's dynamic imports: each command, with the third-party packages only it
  // uses, is a chunk loaded when that command runs, so `sluice start` does not load the embedded
  // database's query engine (it runs in its own thread, from its own entry below) nor `sluice db`'s.
  // Chunks sit beside the bundle: the node_modules paths written above are relative to this folder.
  rmSync(out, { recursive: true, force: true });
  await build({ ...common, entryPoints: { sluice: join(root, 'apps/server/src/cli/main.ts') }, outdir: out, outExtension: { '.js': '.js' }, splitting: true, chunkNames: '[name]-[hash]' });
  await build({ ...common, entryPoints: { 'embedded-mongo.thread-entry': join(root, 'packages/embedded-mongo/src/embedded-mongo.thread-main.ts') }, outdir: out, outExtension: { '.js': '.mjs' } });
  // Files the code reads beside itself (`new URL('./…', import.meta.url)`), put where the bundle's
  // own URL finds them.
  for (const [from, to] of ASSETS) cpSync(join(root, from), join(out, to), { recursive: true });
  // The bundle is ESM whatever the nearest package.json says.
  writeFileSync(join(out, 'package.json'), `${JSON.stringify({ type: 'module' }, null, 2)}\n`);
}

if (only !== 'server') buildWeb();
if (only !== 'web') await buildServer();
