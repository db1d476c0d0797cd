#!/usr/bin/env node
// The `sluice` command from the TypeScript sources, through tsx: for tests and development, so a
// change is run without a build. Production runs bin/sluice.mjs (the compiled build).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
