import { formatIssue } from '@sluice/graph';
import { parseCommandArgs } from './command-args.parser';
import { readGraphFile } from './graph-file.reader';

export const usage = 'sluice validate GRAPH.json [--json]';

/**
 * `sluice validate`: prints `valid` (exit 0) or one line per error (exit 1); warnings follow as
 * `warning: ...` lines and do not fail. `--json` prints `{ valid, errors }` exactly.
 */
export async function run(args: string[]): Promise<number> {
  const { files, flags } = parseCommandArgs(args, usage, { min: 1, max: 1 }, ['json']);
  const { result } = await readGraphFile(files[0] as string);
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return result.valid ? 0 : 1;
  }
  const errors = result.errors.filter((e) => e.severity === 'error');
  const warnings = result.errors.filter((e) => e.severity === 'warning');
  const lines = result.valid ? ['valid'] : errors.map(formatIssue);
  lines.push(...warnings.map((w) => `warning: ${formatIssue(w)}`));
  process.stdout.write(`${lines.join('\n')}\n`);
  return result.valid ? 0 : 1;
}
