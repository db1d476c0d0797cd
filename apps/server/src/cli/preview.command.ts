import { compileGraph, type Decision } from '@sluice/graph';
import { parseCommandArgs } from './command-args.parser';
import { loadGraph } from './graph-file.reader';
import { readRecordsFile } from './records-file.reader';
import { paint, renderTable } from './table.printer';
import type { SluiceConfig } from '../config/config.schema';

export const usage = 'sluice preview GRAPH.json RECORDS(.json|.jsonl|.csv) [--json]';

/** The exact `--json` shape of DESIGN.md: `{ id, sync, path, excludedBy?, reason?, record }`. */
function asJson(d: Decision): Record<string, unknown> {
  return {
    id: d.id,
    sync: d.sync,
    path: d.path,
    ...(d.excludedBy !== undefined ? { excludedBy: d.excludedBy } : {}),
    ...(d.reason !== undefined ? { reason: d.reason } : {}),
    record: d.record,
  };
}

/**
 * `sluice preview`: runs the graph over sample records and shows, per record, whether it syncs and
 * why not. A readable table (coloured on a terminal), or exact JSON with `--json`.
 */
export async function run(args: string[], config: SluiceConfig): Promise<number> {
  const { files, flags } = parseCommandArgs(args, usage, { min: 2, max: 2 }, ['json']);
  const [graphFile, recordsFile] = files as [string, string];
  const graph = await loadGraph(graphFile);
  const records = await readRecordsFile(recordsFile);
  const { decide } = compileGraph(graph);
  const decisions = records.map(decide);
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(decisions.map(asJson), null, 2)}\n`);
    return 0;
  }
  const tty = process.stdout.isTTY === true;
  const c = paint(tty && !config.noColor);
  const table = renderTable(
    decisions,
    [
      { title: 'RECORD', value: (d) => d.id },
      { title: 'RESULT', value: (d) => (d.sync ? 'sync' : 'excluded'), colour: (d, t) => (d.sync ? c.green(t) : c.yellow(t)) },
      { title: 'PATH', value: (d) => d.path.join(' → ') },
      { title: 'WHY', value: (d) => (d.sync ? '' : (d.reason ?? '')), flexible: true },
    ],
    tty ? process.stdout.columns : undefined,
  );
  const synced = decisions.filter((d) => d.sync).length;
  process.stdout.write(`${table}\n\n${c.bold(`${synced} of ${decisions.length} records sync`)}, ${decisions.length - synced} excluded\n`);
  return 0;
}
