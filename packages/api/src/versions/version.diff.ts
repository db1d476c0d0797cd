import type { Direction } from '@sluice/engine';
import type { Graph } from '@sluice/graph';
import type { ConnectionVersion, GraphPointer, Store } from '@sluice/store';
import { diffGraphs } from '../graphs/graph.diff';
import { describeGraphDiff } from './rules-diff.sentences';
import { describeSettingsDiff, type SideNames } from './settings-diff.sentences';

/** What changed between two versions of a connection, in sentences, part by part. */
export interface VersionDiff {
  from: number;
  to: number;
  settings: string[];
  rules: { direction: Direction; label: string; sentences: string[] }[];
  /** True when nothing differs but where nodes sit on the canvas. */
  same: boolean;
}

/** Loads rule graphs by pointer, each once per request (a version list asks for the same ones often). */
export function graphLoader(db: Store, workspaceId: string): (p: GraphPointer) => Promise<Graph | null> {
  const cache = new Map<string, Promise<Graph | null>>();
  return (p) => {
    const key = `${p.graphId}@${p.version}`;
    let found = cache.get(key);
    if (!found) {
      found = db.graphs.getVersion(workspaceId, p.graphId, p.version).then((g) => g?.graph ?? null);
      cache.set(key, found);
    }
    return found;
  };
}

const countOf = (graph: Graph, kind: 'condition' | 'action') => graph.nodes.filter((n) => n.kind === kind).length;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

async function rulesSentences(
  before: GraphPointer | undefined,
  after: GraphPointer | undefined,
  load: (p: GraphPointer) => Promise<Graph | null>,
  label: string,
): Promise<string[]> {
  if (before?.graphId === after?.graphId && before?.version === after?.version) return [];
  const [old, now] = await Promise.all([before ? load(before) : null, after ? load(after) : null]);
  if (!old && !now) return [];
  if (!now) return [`Removed the ${label} rules: every record syncs ${label}.`];
  if (!old) return [`Added the ${label} rules “${now.name}” (${plural(countOf(now, 'condition'), 'condition')}, ${plural(countOf(now, 'action'), 'action')}).`];
  const diff = diffGraphs(old, now);
  return diff.same ? [] : describeGraphDiff(diff, old, now);
}

/**
 * Compares two versions of a connection: their settings and, for each direction whose rules point at
 * another graph version, the graphs node by node.
 */
export async function diffVersions(
  before: ConnectionVersion,
  after: ConnectionVersion,
  options: { names: SideNames; load: (p: GraphPointer) => Promise<Graph | null> },
): Promise<VersionDiff> {
  const { names, load } = options;
  const settings = describeSettingsDiff(before.settings, after.settings, names);
  const rules: VersionDiff['rules'] = [];
  for (const direction of ['aToB', 'bToA'] as const) {
    const label = direction === 'aToB' ? `${names.a} → ${names.b}` : `${names.b} → ${names.a}`;
    const sentences = await rulesSentences(before.graphs[direction], after.graphs[direction], load, label);
    if (sentences.length > 0) rules.push({ direction, label, sentences });
  }
  return { from: before.version, to: after.version, settings, rules, same: settings.length === 0 && rules.length === 0 };
}
