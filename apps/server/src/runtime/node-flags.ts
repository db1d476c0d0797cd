import { readFileSync } from 'node:fs';

/**
 * The V8 heap settings Sluice's processes start with, as written on the first line of
 * `bin/sluice.mjs` — the one place they are kept: pnpm and npm copy a bin's first-line flags into
 * the shims they install, so `pnpm start`, `pnpm sluice …` and an installed `sluice` all start with
 * them; the benchmarks read them here to start their own processes the same way. Measured in
 * docs/performance.md ("Memory and garbage collection"):
 *  - young-generation semi-spaces of up to 64 MB (V8's default tops out at 16): a sync's pages live
 *    for a few database round trips, and with the default most of what a page allocates survived
 *    two scavenges, was copied into the old generation, and died there. The engine thread spent
 *    about a fifth of a two-way initial sync collecting; 32 MB took 10–15 % off the run's CPU, and
 *    64 MB another 5–9 % of its time. V8 grows the young generation only as far as a process's
 *    allocation needs, so an idle server does not pay for it;
 *  - the old generation allowed to grow to twice what survived the last full collection before the
 *    next one (`--heap-growing-percent=100`), instead of up to four times: a 300,000-record one-way
 *    sync peaked at 306 MB instead of 408 MB (32 MB semi-spaces; 381 MB with neither setting), for
 *    no measurable CPU. The 1,000,000-record one-way sync peaks at about 370 MB with both settings.
 * Both must be given on the command line: V8 sizes the young generation when the process starts.
 */
export const SLUICE_NODE_FLAGS: readonly string[] = nodeFlagsOf(readFileSync(new URL('../../bin/sluice.mjs', import.meta.url), 'utf8'));

/**
 * The Node options on a script's `#!/usr/bin/env -S node …` line. Pure.
 * @example nodeFlagsOf('#!/usr/bin/env -S node --a=1 --b\n') // ['--a=1', '--b']
 */
export function nodeFlagsOf(script: string): string[] {
  const first = script.slice(0, script.indexOf('\n'));
  const match = /^#!\s*\/usr\/bin\/env\s+(?:-S\s+)?node((?:\s+--\S+)*)\s*$/.exec(first);
  return match?.[1]?.trim().split(/\s+/).filter(Boolean) ?? [];
}
