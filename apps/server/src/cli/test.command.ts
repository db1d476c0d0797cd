import { runGraphTests } from '@sluice/graph';
import { parseCommandArgs } from './command-args.parser';
import { loadGraph } from './graph-file.reader';
import { paint } from './table.printer';
import type { SluiceConfig } from '../config/config.schema';

export const usage = 'sluice test GRAPH.json [MORE.json ...]';

/**
 * `sluice test`: runs each graph's own `tests` fixtures; prints ✓/✗ per test and exits 1 when any
 * fails, naming it and why.
 */
export async function run(args: string[], config: SluiceConfig): Promise<number> {
  const { files } = parseCommandArgs(args, usage, { min: 1, max: Infinity });
  const c = paint(process.stdout.isTTY === true && !config.noColor);
  let failed = 0;
  let total = 0;
  const lines: string[] = [];
  for (const file of files) {
    const graph = await loadGraph(file);
    const report = runGraphTests(graph);
    lines.push(`${file} (${graph.name})${report.total === 0 ? ': no tests' : ''}`);
    for (const r of report.results) {
      lines.push(r.passed ? `  ${c.green('✓')} ${r.name}` : `  ${c.red('✗')} ${r.name}: ${r.failure}`);
    }
    failed += report.failed;
    total += report.total;
  }
  lines.push('', failed === 0 ? c.green(`${total} passed`) : c.red(`${failed} of ${total} failed`));
  process.stdout.write(`${lines.join('\n')}\n`);
  return failed === 0 ? 0 : 1;
}
