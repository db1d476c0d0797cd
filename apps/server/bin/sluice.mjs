#!/usr/bin/env -S node --max-semi-space-size=64 --heap-growing-percent=100
// Runs the TypeScript command line through tsx, so no build step is needed. The flags on the
// first line are Sluice's heap settings (src/runtime/node-flags.ts); `node bin/sluice.mjs` without
// them runs the same, with V8's default heap sizing.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
