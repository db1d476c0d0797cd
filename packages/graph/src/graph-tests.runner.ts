import { normalizeContact, type Contact } from './contact.schema';
import type { Decision } from './decision';
import { getField } from './field-path';
import { compileGraph } from './graph.compiler';
import type { Graph, GraphTest } from './graph.schema';

export interface GraphTestResult {
  name: string;
  passed: boolean;
  /** Why it failed, in a sentence; absent when it passed. */
  failure?: string;
  decision: Decision;
}

export interface GraphTestReport {
  passed: boolean;
  total: number;
  failed: number;
  results: GraphTestResult[];
}

function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a === b;
  return JSON.stringify(a) === JSON.stringify(b);
}

function judge(test: GraphTest, d: Decision): string | undefined {
  const got = d.sync ? 'sync' : 'exclude';
  if (got !== test.expect) {
    return `expected ${test.expect}, got ${got}${d.reason ? ` (${d.reason})` : ` via ${d.path.join(' → ')}`}`;
  }
  if (test.excludedBy !== undefined && d.excludedBy !== test.excludedBy) {
    return `expected to be excluded by ${test.excludedBy}, was excluded by ${d.excludedBy ?? 'no condition'} (${d.reason ?? ''})`;
  }
  for (const [path, want] of Object.entries(test.expectFields ?? {})) {
    const have = getField(d.record, path);
    if (!same(have, want)) return `expected ${path} to be ${JSON.stringify(want)}, got ${JSON.stringify(have) ?? 'nothing'}`;
  }
  return undefined;
}

/**
 * Runs a graph's own `tests` fixtures (DESIGN.md) and reports each one. Throws UserError
 * `E_INVALID_GRAPH` when the graph cannot run. Pure.
 * @example runGraphTests(graph).results.filter((r) => !r.passed).map((r) => `${r.name}: ${r.failure}`)
 */
export function runGraphTests(graph: Graph): GraphTestReport {
  const compiled = compileGraph(graph);
  const results = (graph.tests ?? []).map((test, i): GraphTestResult => {
    const record: Contact = normalizeContact({ id: `test-${i + 1}`, ...(test.record as Partial<Contact>) });
    const decision = compiled.decide(record);
    const failure = judge(test, decision);
    return failure === undefined ? { name: test.name, passed: true, decision } : { name: test.name, passed: false, failure, decision };
  });
  const failed = results.filter((r) => !r.passed).length;
  return { passed: failed === 0, total: results.length, failed, results };
}
