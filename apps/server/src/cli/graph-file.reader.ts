import { formatIssue, graphSchema, validateGraph, type Graph, type ValidationResult } from '@sluice/graph';
import { UserError } from '@sluice/core';
import { parseJsonText } from './json-text.parser';
import { readTextFile } from './text-file.reader';

/** Reads a `sluice.graph/v1` file and validates it (canonical catalog). Broken JSON throws. */
export async function readGraphFile(file: string): Promise<{ input: unknown; result: ValidationResult }> {
  const input = parseJsonText(await readTextFile(file), file);
  return { input, result: validateGraph(input) };
}

/** Reads a graph that must be valid, or throws one line naming the file and its first error. */
export async function loadGraph(file: string): Promise<Graph> {
  const { input, result } = await readGraphFile(file);
  const errors = result.errors.filter((e) => e.severity === 'error');
  if (errors.length > 0) {
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more; run sluice validate ${file})` : '';
    throw new UserError('E_INVALID_GRAPH', `${file}: ${formatIssue(errors[0] as (typeof errors)[number])}${more}`);
  }
  return graphSchema.parse(input);
}
