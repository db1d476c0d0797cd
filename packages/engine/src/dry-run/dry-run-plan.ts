import { reasonLabel } from '../history/reason-label';
import { runSummary, type RunSummary } from '../history/run-summary';
import type { RecordEvent } from '../ports/record-events.port';
import type { RunCounts, RunKind } from '../ports/runs.port';
import type { Direction, Side } from '../ports/scope.port';
import { sidesOf } from '../sync/oriented-pair';

/** One change a run would make to one record of one app, or why a record would be left alone. */
export interface PlannedChange {
  /** The app the change is planned in; for a skip, exclusion or failure, the app the record is in. */
  app: Side;
  action: 'create' | 'update' | 'trash' | 'skip' | 'exclude' | 'fail';
  direction: Direction;
  /** The record read (the direction's source). */
  sourceId: string;
  /** Its partner in the other app, when there is one (a create's is the `dry-run:` id it would get). */
  targetId?: string;
  /** Reason code (`E_NO_MATCH_KEY`, `excludedBy:c1`, `deleted`, `E_CONFLICT`...), with `label` in words. */
  reason?: string;
  label?: string;
  /** The engine's detail: the rule's reason, an app's error. */
  message?: string;
  /** Field by field, before → after, in `app`. */
  changes: { path: string; before: unknown; after: unknown }[];
}

/** What a run would do to one app. */
export interface AppPlan {
  created: number;
  updated: number;
  /** Deletions carried over: records that would get the `Sluice Trash` tag. */
  trashed: number;
  /** Records that would be unsubscribed. */
  unsubscribed: number;
}

/** How many records would be left alone for one reason. */
export interface PlanReason {
  outcome: 'skipped' | 'excluded' | 'failed';
  reason: string;
  label: string;
  count: number;
}

/** A dry run's result: the summary a real run prints, per app, per reason, and a sample of changes. */
export interface DryRunPlan extends RunSummary {
  dryRun: true;
  kind: RunKind;
  /** The run's counts as a real run stores them (`read` included). */
  counts: RunCounts;
  apps: { a: AppPlan; b: AppPlan };
  reasons: PlanReason[];
  /** The first planned changes (creates, updates, deletions, skips), in the order the run met them. */
  sample: PlannedChange[];
}

/** Skips of records already in sync: what every run meets most, and no change at all. */
const IN_SYNC = new Set(['no-change', 'matched-in-sync']);

/** The planned changes one record event stands for (none for a record already in sync). Pure. */
export function plannedChanges(e: RecordEvent): PlannedChange[] {
  const { source, target } = sidesOf(e.direction);
  const base = { direction: e.direction, sourceId: e.sourceId, ...(e.targetId !== undefined ? { targetId: e.targetId } : {}) };
  const why = e.reason === undefined ? {} : { reason: e.reason, label: reasonLabel(e.reason) };
  const detail = e.message === undefined ? {} : { message: e.message };
  if (e.outcome === 'skipped' || e.outcome === 'excluded' || e.outcome === 'failed') {
    if (e.outcome === 'skipped' && IN_SYNC.has(e.reason ?? '')) return [];
    const action = e.outcome === 'skipped' ? 'skip' : e.outcome === 'excluded' ? 'exclude' : 'fail';
    return [{ app: source, action, ...base, ...why, ...detail, changes: [] }];
  }
  const out: PlannedChange[] = [];
  for (const side of [target, source]) {
    const changes = (e.changes ?? []).filter((c) => (c.side ?? target) === side).map(({ path, before, after }) => ({ path, before, after }));
    if (side === target && e.outcome === 'created') out.push({ app: side, action: 'create', ...base, ...why, ...detail, changes });
    else if (changes.length > 0) out.push({ app: side, action: e.reason === 'deleted' ? 'trash' : 'update', ...base, ...why, ...detail, changes });
  }
  return out;
}

/**
 * Gathers a dry run's record events into its plan as they come, keeping only counts and the first
 * `sampleSize` changes; each change also goes to `onChange` (a report file), so a plan of any size
 * holds little memory.
 */
export class PlanCollector {
  private readonly apps = { a: emptyAppPlan(), b: emptyAppPlan() };
  private readonly reasons = new Map<string, PlanReason>();
  private readonly sample: PlannedChange[] = [];

  constructor(
    private readonly sampleSize: number,
    private readonly onChange?: (change: PlannedChange) => void,
  ) {}

  add(events: readonly RecordEvent[]): void {
    for (const e of events) {
      if (e.outcome === 'skipped' || e.outcome === 'excluded' || e.outcome === 'failed') this.countReason(e.outcome, e.reason ?? e.outcome);
      for (const change of plannedChanges(e)) {
        this.count(change);
        if (this.sample.length < this.sampleSize) this.sample.push(change);
        this.onChange?.(change);
      }
    }
  }

  plan(kind: RunKind, counts: RunCounts): DryRunPlan {
    const reasons = [...this.reasons.values()].sort((x, y) => y.count - x.count || x.reason.localeCompare(y.reason));
    return { ...runSummary(counts), dryRun: true, kind, counts, apps: this.apps, reasons, sample: this.sample };
  }

  private count(change: PlannedChange): void {
    const app = this.apps[change.app];
    if (change.action === 'create') app.created++;
    else if (change.action === 'trash') app.trashed++;
    else if (change.action === 'update') app.updated++;
    if (change.changes.some((c) => c.path === 'unsubscribed' && c.after === true)) app.unsubscribed++;
  }

  private countReason(outcome: PlanReason['outcome'], reason: string): void {
    const key = `${outcome}:${reason}`;
    const known = this.reasons.get(key);
    if (known) known.count++;
    else this.reasons.set(key, { outcome, reason, label: reasonLabel(reason), count: 1 });
  }
}

function emptyAppPlan(): AppPlan {
  return { created: 0, updated: 0, trashed: 0, unsubscribed: 0 };
}
