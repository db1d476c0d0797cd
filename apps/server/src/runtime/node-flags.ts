/**
 * The V8 heap settings Sluice's processes start with: `pnpm sluice …` (and so `pnpm start`), the
 * `sluice` binary's first line, and `pnpm bench:sync` with its child processes. Measured in
 * docs/performance.md ("Memory and garbage collection"):
 *  - a young generation of 32 MB semi-spaces (V8's default tops out at 16): a sync's pages live
 *    for a few database round trips, and with the default most of what a page allocates survived
 *    two scavenges, was copied into the old generation, and died there. The engine thread spent
 *    about a fifth of a two-way initial sync collecting; with 32 MB the whole run takes 10–15 %
 *    less CPU;
 *  - the old generation allowed to grow to twice what survived the last full collection before the
 *    next one (`--heap-growing-percent=100`), instead of up to four times: a 300,000-record one-way
 *    sync peaked at 306 MB instead of 408 MB with the larger young generation (381 MB with neither),
 *    for no measurable CPU.
 * Both must be given on the command line: V8 sizes the young generation when the process starts.
 */
export const SLUICE_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=32', '--heap-growing-percent=100'];
