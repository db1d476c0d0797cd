import { UserError } from '@sluice/core';
import type { FieldCatalog } from './field-catalog';
import { graphSchema, type Graph } from './graph.schema';
import { validateGraph } from './graph.validator';
import { formatIssue, type ValidationIssue } from './validation-issue';

/**
 * Validates unknown input and returns it as a Graph, or throws UserError `E_INVALID_GRAPH` whose
 * message lists the errors and whose `details.errors` holds them. Warnings do not throw. Pure.
 * @example const graph = parseGraph(JSON.parse(body), catalog)
 */
export function parseGraph(input: unknown, catalog?: FieldCatalog): Graph {
  const result = validateGraph(input, catalog);
  const errors: ValidationIssue[] = result.errors.filter((e) => e.severity === 'error');
  if (errors.length > 0) {
    throw new UserError('E_INVALID_GRAPH', `invalid rule graph: ${errors.map(formatIssue).join('; ')}`, { errors });
  }
  return graphSchema.parse(input);
}
