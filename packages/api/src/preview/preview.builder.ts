import {
  buildFieldMap,
  matchValue,
  orientPairs,
  resolvePair,
  type ConflictNote,
  type ConnectionConfig,
  type Direction,
  type Link,
  type MatchKey,
  type Side,
} from '@sluice/engine';
import { compileGraph, type CompiledGraph, type Contact, type FieldCatalog, type Graph, type TracedDecision, type TraceStep } from '@sluice/graph';

/** The record on the other side a sample record would be written to, and how it was found. */
export interface PreviewMatch {
  id: string;
  by: 'link' | MatchKey;
  /** Left out when the client said it holds the sample. */
  record?: Contact;
}

/** One field the sync would write, with the conflict outcome when both sides differ. */
export interface PreviewFieldDiff {
  path: string;
  /** `target`: written to the other app; `source`: written back (two-way conflict the other side won). */
  side: 'target' | 'source';
  before: unknown;
  after: unknown;
  conflict?: Pick<ConflictNote, 'winner' | 'rule' | 'losingValue'>;
}

export interface PreviewItem {
  id: string;
  sync: boolean;
  reason?: string;
  excludedBy?: string;
  path: string[];
  /** Every node visited, with its outcome (only when asked for: `includeTrace`). */
  trace?: TraceStep[];
  /** The source record as the app holds it (left out when the client said it holds the sample). */
  record?: Contact;
  /** Target path → value: what the other side would receive (empty when excluded); for a create, all of it. */
  mapped: Record<string, unknown>;
  match?: PreviewMatch;
  /** Field changes of a matched record, with conflict outcomes (empty for a create: see `mapped`). */
  diff: PreviewFieldDiff[];
  /** What a run would do with it. */
  action: 'create' | 'update' | 'none' | 'excluded' | 'skipped';
  /** Why it is skipped (`E_NO_MATCH_KEY` with avoidDuplicates). */
  skipReason?: string;
}

export interface PreviewImpact {
  /** Record ids that sync under the draft and did not under the saved version. */
  start: string[];
  /** Record ids that synced under the saved version and would not under the draft. */
  stop: string[];
}

export interface PreviewResult {
  direction: Direction;
  items: PreviewItem[];
  summary: { total: number; syncing: number; excluded: number; create: number; update: number; unchanged: number; skipped: number };
  impact: PreviewImpact | null;
  /** Custom mappings the apps' field types refuse, with the reason. */
  rejectedMappings: Array<{ a: string; b: string; reason: string }>;
}

export interface PreviewInput {
  config: ConnectionConfig;
  direction: Direction;
  samples: readonly Contact[];
  catalogs: { a: FieldCatalog; b: FieldCatalog };
  /** Matched record on the other side per sample id (from links first, then match keys). */
  matches: ReadonlyMap<string, PreviewMatch>;
  /** Existing links per sample id. */
  links: ReadonlyMap<string, Link>;
  /** The saved graph of this direction, for the impact of the draft (null: no saved version). */
  saved?: Graph | null;
  /** Add each record's full trace (the editor can also trace in the browser). */
  includeTrace?: boolean;
}

/** Compiled graphs by content: the editor previews the same graph many times (and the compiler speeds up with use). */
const compiledByContent = new Map<string, CompiledGraph>();

function compiledOf(graph: Graph): CompiledGraph {
  const { layout: _layout, tests: _tests, ...rules } = graph;
  const key = JSON.stringify(rules);
  let compiled = compiledByContent.get(key);
  if (!compiled) {
    compiled = compileGraph(graph);
    if (compiledByContent.size >= 100) compiledByContent.delete(compiledByContent.keys().next().value!);
    compiledByContent.set(key, compiled);
  }
  return compiled;
}

/**
 * The live preview of one direction of a connection draft: for each sample record, whether it syncs
 * and why (the rule graph's trace), what the other side would receive, the record it matches there
 * and the field-by-field diff with conflict outcomes; plus the impact against the saved graph. Pure.
 */
export function buildPreview(input: PreviewInput): PreviewResult {
  const { config, direction } = input;
  const sourceSide: Side = direction === 'aToB' ? 'a' : 'b';
  const graph = config.rules[direction];
  const compiled = graph ? compiledOf(graph) : null;
  const savedCompiled = input.saved ? compiledOf(input.saved) : null;
  const fieldMap = buildFieldMap(config, input.catalogs.a, input.catalogs.b);
  const pairs = orientPairs(fieldMap.pairs, direction).filter((p) => p.forward || p.backward);
  const firstKey = config.match.keys[0] ?? 'email';
  const summary = { total: 0, syncing: 0, excluded: 0, create: 0, update: 0, unchanged: 0, skipped: 0 };
  const impact: PreviewImpact | null = input.saved !== undefined ? { start: [], stop: [] } : null;
  const items: PreviewItem[] = [];
  for (const record of input.samples) {
    summary.total++;
    const traced = compiled
      ? input.includeTrace
        ? compiled.trace(record)
        : compiled.decide(record)
      : { sync: true, path: [] as string[], record, reason: undefined, excludedBy: undefined };
    if (impact) {
      const before = savedCompiled ? savedCompiled.decide(record).sync : true;
      if (traced.sync && !before) impact.start.push(record.id);
      if (!traced.sync && before) impact.stop.push(record.id);
    }
    const match = input.matches.get(record.id);
    const item: PreviewItem = {
      id: record.id,
      sync: traced.sync,
      path: [...traced.path],
      record,
      mapped: {},
      diff: [],
      action: 'excluded',
    };
    if (input.includeTrace && 'trace' in traced) item.trace = [...(traced as TracedDecision).trace];
    if (traced.reason !== undefined) item.reason = traced.reason;
    if (traced.excludedBy !== undefined) item.excludedBy = traced.excludedBy;
    if (match) item.match = match;
    if (!traced.sync) {
      summary.excluded++;
      items.push(item);
      continue;
    }
    summary.syncing++;
    if (!match && config.options.avoidDuplicates && matchValue(record, firstKey, config.match.defaultCountry) === undefined) {
      item.action = 'skipped';
      item.skipReason = 'E_NO_MATCH_KEY';
      summary.skipped++;
      items.push(item);
      continue;
    }
    const resolution = resolvePair({
      source: traced.record,
      sourceRaw: record,
      target: match?.record,
      link: input.links.get(record.id),
      pairs,
      sourceSide,
      fallback: 'source',
    });
    item.mapped = resolution.targetFields;
    // A record to be created: its diff is the mapped result itself (every field new), so it is not repeated.
    const conflicts = new Map(resolution.conflicts.map((c) => [c.path, c]));
    if (!match) resolution.targetChanges = [];
    for (const change of resolution.targetChanges) {
      item.diff.push({ path: change.path, side: 'target', before: change.before, after: change.after, ...conflictOf(conflicts, change.path) });
    }
    for (const change of resolution.sourceChanges) {
      item.diff.push({ path: change.path, side: 'source', before: change.before, after: change.after, ...conflictOf(conflicts, change.path) });
    }
    item.action = !match ? 'create' : item.diff.length > 0 ? 'update' : 'none';
    if (item.action === 'create') summary.create++;
    else if (item.action === 'update') summary.update++;
    else summary.unchanged++;
    items.push(item);
  }
  return { direction, items, summary, impact, rejectedMappings: fieldMap.rejected };
}

function conflictOf(conflicts: Map<string, ConflictNote>, path: string): { conflict?: PreviewFieldDiff['conflict'] } {
  const c = conflicts.get(path);
  return c ? { conflict: { winner: c.winner, rule: c.rule, losingValue: c.losingValue } } : {};
}
