import { parseArgs } from 'node:util';
import { UserError } from '@sluice/core';

/**
 * Parses a command's arguments: positional names plus boolean flags. Unknown flags and missing or
 * extra positionals are one-line UserErrors that show the usage.
 */
export function parseCommandArgs(args: string[], usage: string, positional: { min: number; max: number }, flags: string[] = []) {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args, allowPositionals: true, strict: true, options: Object.fromEntries(flags.map((f) => [f, { type: 'boolean' as const }])) });
  } catch (e) {
    throw new UserError('E_USAGE', `${(e as Error).message.split(/\.\s|\n/)[0]} — usage: ${usage}`);
  }
  const { positionals, values } = parsed;
  if (positionals.length < positional.min || positionals.length > positional.max) throw new UserError('E_USAGE', `usage: ${usage}`);
  return { files: positionals, flags: values as Record<string, boolean | undefined> };
}
