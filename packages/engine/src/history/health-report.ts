import type { HealthCounts, ReasonBucket } from '../ports/health.port';
import type { Run } from '../ports/runs.port';
import type { Direction } from '../ports/scope.port';
import { reasonLabel, type NodeLabels } from './reason-label';

export interface ReasonCount {
  /** The stable code (for tooltips, logs and tests). */
  reason: string;
  /** The reason in a sentence, naming the rule node of the direction when there is one. */
  label: string;
  count: number;
  /** The direction the records were going; absent when the store does not tell sides apart. */
  direction?: Direction;
}

/** A connection's health as the dashboard shows it (PieSync-style). */
export interface HealthReport {
  /** `failing`: the last run failed or records fail; `attention`: duplicates; else `healthy`. */
  status: 'healthy' | 'attention' | 'failing' | 'new';
  inSync: number;
  excluded: { total: number; reasons: ReasonCount[] };
  duplicates: { total: number; reasons: ReasonCount[] };
  failed: { total: number; reasons: ReasonCount[] };
  lastRun?: Pick<Run, 'id' | 'kind' | 'status' | 'startedAt' | 'durationMs' | 'counts'>;
}

/** A record on side a was going A → B. */
const directionOf = (side: string): Direction => (side === 'b' ? 'bToA' : 'aToB');

function reasons(bucket: ReasonBucket, labels: NodeLabels): ReasonCount[] {
  const out: ReasonCount[] = [];
  for (const [reason, count] of Object.entries(bucket.byReason)) {
    const sides = bucket.bySide?.[reason];
    if (!sides) {
      out.push({ reason, label: reasonLabel(reason, labels), count });
      continue;
    }
    for (const [side, n] of Object.entries(sides)) {
      const direction = directionOf(side);
      if (n) out.push({ reason, label: reasonLabel(reason, labels, direction), count: n, direction });
    }
  }
  return out.sort((x, y) => y.count - x.count || x.reason.localeCompare(y.reason) || (x.direction ?? '').localeCompare(y.direction ?? ''));
}

/**
 * Builds the health report from the stored counts and the newest run; `nodeLabels` names rule
 * nodes in exclusion reasons, per direction. Pure.
 */
export function healthReport(counts: HealthCounts, lastRun: Run | undefined, nodeLabels: NodeLabels = {}): HealthReport {
  const report: HealthReport = {
    status: 'healthy',
    inSync: counts.inSync,
    excluded: { total: counts.excluded.total, reasons: reasons(counts.excluded, nodeLabels) },
    duplicates: { total: counts.duplicates.total, reasons: reasons(counts.duplicates, nodeLabels) },
    failed: { total: counts.failed.total, reasons: reasons(counts.failed, nodeLabels) },
  };
  if (lastRun) {
    const { id, kind, status, startedAt, counts: runCounts } = lastRun;
    report.lastRun = { id, kind, status, startedAt, counts: runCounts, ...(lastRun.durationMs !== undefined ? { durationMs: lastRun.durationMs } : {}) };
  }
  if (!lastRun && counts.inSync === 0) report.status = 'new';
  else if (lastRun?.status === 'failed' || counts.failed.total > 0) report.status = 'failing';
  else if (counts.duplicates.total > 0) report.status = 'attention';
  return report;
}
