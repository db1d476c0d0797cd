#!/usr/bin/env -S node --max-semi-space-size=64 --heap-growing-percent=100
// The `sluice` command: the compiled build in ../dist (`pnpm build`), run by plain Node.
//
// The flags on the first line are Sluice's V8 heap settings, and this line is the only place they
// are written: pnpm and npm copy them into the command shims they install (`pnpm start`,
// `pnpm sluice`, an installed `sluice`), and src/runtime/node-flags.ts reads them from here for the
// benchmarks. Why these two: docs/operations.md. `node bin/sluice.mjs` without them runs the same,
// with V8's default heap sizing.
import { existsSync } from 'node:fs';
import module from 'node:module';

// Node 22.1+ can keep V8's compiled code of the modules it loads in a cache folder (the system's
// temp folder) for later starts; Node 20 has no such cache. Measured on Node 22 under load: about
// 0.1 s less CPU at start-up, within the noise (docs/performance.md).
module.enableCompileCache?.();

const bundle = new URL('../dist/sluice.js', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write('sluice: this checkout is not built yet; run `pnpm build` (or `pnpm start`, which builds first)\n');
  process.exit(1);
}
await import(bundle.href);
