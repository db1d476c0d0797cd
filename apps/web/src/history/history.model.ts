/** Shapes the History screens show (as the history router returns them) and pure helpers. */
export type Outcome = 'created' | 'updated' | 'skipped' | 'excluded' | 'conflict' | 'failed';
export const outcomes: readonly Outcome[] = ['created', 'updated', 'skipped', 'excluded', 'conflict', 'failed'];

export interface HealthCounts {
  inSync: number;
  excluded: { total: number; byReason: Record<string, number> };
  duplicates: { total: number; byReason: Record<string, number> };
  failed: { total: number; byReason: Record<string, number> };
}

export interface EventFilters {
  outcome: Outcome | '';
  reason: string;
  recordId: string;
  /** How far back, in hours; 0 for all. */
  sinceHours: number;
}

export const noFilters: EventFilters = { outcome: '', reason: '', recordId: '', sinceHours: 0 };

/** The `history.events` input for the filters (empty ones left out). Pure. */
export function eventsQuery(connectionId: string, f: EventFilters, now: number) {
  return {
    connectionId,
    limit: 100,
    ...(f.outcome ? { outcome: f.outcome } : {}),
    ...(f.reason.trim() ? { reason: f.reason.trim() } : {}),
    ...(f.recordId.trim() ? { recordId: f.recordId.trim() } : {}),
    ...(f.sinceHours > 0 ? { from: now - f.sinceHours * 3_600_000 } : {}),
  };
}

/** "1.2 s", "350 ms", "2 min 5 s". Pure. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** A field value for people: lists joined, blanks shown as "(empty)". Pure. */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null || value === '') return '(empty)';
  if (Array.isArray(value)) return value.length === 0 ? '(empty)' : value.map(String).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The top reasons of a bucket, largest first. Pure. */
export function topReasons(byReason: Record<string, number>, n = 3): [string, number][] {
  return Object.entries(byReason)
    .sort((x, y) => y[1] - x[1])
    .slice(0, n);
}
