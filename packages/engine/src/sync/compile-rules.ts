import { compileGraph } from '@sluice/graph';
import type { ConnectionConfig } from '../config/connection-config.schema';
import type { Direction } from '../ports/scope.port';
import type { RuleDecider } from './rule-decider';

/**
 * The rule graphs of a connection compiled to deciders (a direction without a graph syncs
 * everything). Throws UserError `E_INVALID_GRAPH` when a graph cannot run.
 */
export function compileRules(config: ConnectionConfig): Partial<Record<Direction, RuleDecider>> {
  const out: Partial<Record<Direction, RuleDecider>> = {};
  for (const direction of ['aToB', 'bToA'] as const) {
    const graph = config.rules[direction];
    if (!graph) continue;
    const compiled = compileGraph(graph);
    out[direction] = (record) => compiled.decide(record);
  }
  return out;
}
