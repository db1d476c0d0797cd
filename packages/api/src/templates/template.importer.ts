import { checkMapping, type ConnectionConfig, type Direction, type MappingSpec } from '@sluice/engine';
import { graphSchema, issueSentence, nodeTitle, runGraphTests, validateGraph, type FieldCatalog, type Graph } from '@sluice/graph';
import { UserError } from '@sluice/core';
import { describeIssues } from '../error.mapper';
import { templateBundleSchema, type TemplateBundle } from './template.bundle';

/** What an import will write, after every check passed. */
export interface CheckedImport {
  graphs: Partial<Record<Direction, Graph>>;
  mappings: MappingSpec[] | null;
  /** Tests run per direction (all passed). */
  tests: Partial<Record<Direction, number>>;
}

const appOf = (apps: ConnectionConfig['apps'], d: Direction) => ({ source: d === 'aToB' ? apps.a.connector : apps.b.connector, target: d === 'aToB' ? apps.b.connector : apps.a.connector });

/**
 * Checks a template against a connection before anything is saved: the graph must be valid against
 * the source app's catalog (errors name each missing field or wrong type), its own `tests` must
 * pass, and custom mappings must fit both apps. The graph's app ids become the connection's. Pure.
 */
export function checkTemplateImport(
  input: unknown,
  target: { apps: ConnectionConfig['apps']; direction?: Direction; catalogs: { a: FieldCatalog; b: FieldCatalog } },
): CheckedImport {
  const format = input && typeof input === 'object' ? (input as { format?: unknown }).format : undefined;
  let bundle: Pick<TemplateBundle, 'graphs'> & { mappings: MappingSpec[] | null };
  if (format === 'sluice.graph/v1') {
    const parsed = graphSchema.safeParse(input);
    if (!parsed.success) throw new UserError('E_TEMPLATE_SCHEMA', `This is not a valid rule graph: ${describeIssues(parsed.error.issues)}`);
    bundle = { graphs: { [target.direction ?? 'aToB']: parsed.data }, mappings: null };
  } else if (format === 'sluice.template/v1') {
    const parsed = templateBundleSchema.safeParse(input);
    if (!parsed.success) throw new UserError('E_TEMPLATE_SCHEMA', `This is not a valid template: ${describeIssues(parsed.error.issues)}`);
    bundle = { graphs: parsed.data.graphs, mappings: parsed.data.mappings };
  } else {
    throw new UserError('E_TEMPLATE_FORMAT', `A template has "format": "sluice.graph/v1" or "sluice.template/v1" (got ${JSON.stringify(format) ?? 'none'}).`);
  }
  const problems: string[] = [];
  // The same problems for a person: what in the template does not fit, in words (the gallery shows them).
  const sentences: string[] = [];
  const out: CheckedImport = { graphs: {}, mappings: null, tests: {} };
  for (const direction of ['aToB', 'bToA'] as Direction[]) {
    const graph = bundle.graphs[direction];
    if (!graph) continue;
    const apps = appOf(target.apps, direction);
    const catalog = direction === 'aToB' ? target.catalogs.a : target.catalogs.b;
    const adapted: Graph = { ...graph, source: { app: apps.source }, target: { app: apps.target } };
    delete adapted.id;
    delete adapted.version;
    const errors = validateGraph(adapted, catalog).errors.filter((e) => e.severity === 'error');
    for (const e of errors) {
      problems.push(`${direction} ${e.nodeId ?? 'graph'}: ${e.code} ${e.message} (app "${apps.source}")`);
      const node = e.nodeId ? adapted.nodes.find((n) => n.id === e.nodeId) : undefined;
      sentences.push(`${node ? `“${nodeTitle(node)}”: ` : ''}${issueSentence(e)}`);
    }
    if (errors.length === 0 && adapted.tests?.length) {
      const report = runGraphTests(adapted);
      for (const r of report.results) {
        if (r.passed) continue;
        problems.push(`${direction} test "${r.name}" failed: ${r.failure}`);
        sentences.push(`Its own test “${r.name}” fails here: ${r.failure}.`);
      }
      out.tests[direction] = report.total;
    }
    out.graphs[direction] = adapted;
  }
  if (bundle.mappings) {
    for (const m of bundle.mappings) {
      const checked = checkMapping(m, target.catalogs.a, target.catalogs.b);
      if (!checked.ok) {
        problems.push(`mapping ${m.a} ↔ ${m.b}: ${checked.reason}`);
        sentences.push(`Its mapping ${m.a} ↔ ${m.b} does not fit these apps: ${checked.reason}.`);
      }
    }
    out.mappings = bundle.mappings;
  }
  if (Object.keys(out.graphs).length === 0 && !out.mappings) {
    problems.push('the template holds no rule graph');
    sentences.push('The template holds no rules.');
  }
  if (problems.length > 0) throw new UserError('E_TEMPLATE_MISMATCH', `This template does not fit the connection: ${problems.join('; ')}`, { problems, sentences });
  return out;
}
