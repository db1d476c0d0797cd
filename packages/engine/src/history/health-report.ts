import type { HealthCounts } from '../ports/health.port';
import type { Run } from '../ports/runs.port';
import { reasonLabel } from './reason-label';

export interface ReasonCount {
  reason: string;
  label: string;
  count: number;
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

function reasons(byReason: Record<string, number>, labels: Record<string, string>): ReasonCount[] {
  return Object.entries(byReason)
    .map(([reason, count]) => ({ reason, label: reasonLabel(reason, labels), count }))
    .sort((x, y) => y.count - x.count || x.reason.localeCompare(y.reason));
}

/**
 * Builds the health report from the stored counts and the newest run; `nodeLabels` names rule
 * nodes in exclusion reasons. Pure.
 */
export function healthReport(counts: HealthCounts, lastRun: Run | undefined, nodeLabels: Record<string, string> = {}): HealthReport {
  const report: HealthReport = {
    status: 'healthy',
    inSync: counts.inSync,
    excluded: { total: counts.excluded.total, reasons: reasons(counts.excluded.byReason, nodeLabels) },
    duplicates: { total: counts.duplicates.total, reasons: reasons(counts.duplicates.byReason, nodeLabels) },
    failed: { total: counts.failed.total, reasons: reasons(counts.failed.byReason, nodeLabels) },
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
