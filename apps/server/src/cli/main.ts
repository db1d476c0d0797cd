#!/usr/bin/env node
/**
 * The `sluice` command line. Each command lives in its own `<name>.command.ts` exporting
 * `run(args, config): Promise<number>` (the exit code) and `usage`. The configuration is read from
 * the environment once, here, before any command runs. Errors a user can fix are one clear line on
 * stderr and exit code 1; nothing prints a stack trace unless SLUICE_DEBUG is set.
 */
import { isUserError } from '@sluice/core';
import type { SluiceConfig } from '../config/config.schema';
import { ConfigError, loadConfig } from '../config/load-config';

interface CommandModule {
  run(args: string[], config: SluiceConfig): Promise<number>;
  usage: string;
}

const commands: Record<string, () => Promise<CommandModule>> = {
  start: () => import('./start.command'),
  worker: () => import('./worker.command'),
  db: () => import('./db.command'),
  validate: () => import('./validate.command'),
  preview: () => import('./preview.command'),
  sync: () => import('./sync.command'),
  test: () => import('./test.command'),
  template: () => import('./template.command'),
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`usage: sluice <command> [options]\n\ncommands: ${Object.keys(commands).join(', ')}\n`);
    return name ? 0 : 1;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`sluice: unknown command "${name}" (try: ${Object.keys(commands).join(', ')})\n`);
    return 1;
  }
  let config: SluiceConfig;
  try {
    config = loadConfig();
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    for (const problem of e.problems) process.stderr.write(`sluice ${name}: ${problem}\n`);
    return 1;
  }
  debug = config.debug;
  let mod: CommandModule;
  try {
    mod = await load();
  } catch (e) {
    if (debug) console.error(e);
    process.stderr.write(`sluice ${name}: this command is not available in this build\n`);
    return 1;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${mod.usage}\n`);
    return 0;
  }
  return mod.run(rest, config);
}

/** SLUICE_DEBUG, once the configuration is read: failed commands print their stack trace. */
let debug = false;

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (debug) console.error(e);
    const message = isUserError(e) ? e.message : e instanceof Error ? e.message : String(e);
    process.stderr.write(`sluice: ${message}\n`);
    process.exitCode = 1;
  },
);
