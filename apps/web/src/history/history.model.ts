/**
 * Shapes the History screens show (as the history router returns them) and pure helpers. The
 * connections list imports this file: it stays free of @sluice/graph, which belongs in the lazily
 * loaded chunks (see field-label.ts).
 */

export type Outcome = 'created' | 'updated' | 'skipped' | 'excluded' | 'conflict' | 'failed';
export const outcomes: readonly Outcome[] = ['created', 'updated', 'skipped', 'excluded', 'conflict', 'failed'];
export type Direction = 'aToB' | 'bToA';
export type Names = { a: string; b: string };

/** Outcomes in words, for the filter. */
export const outcomeWords: Record<Outcome, string> = {
  created: 'Created',
  updated: 'Updated',
  skipped: 'Nothing written',
  excluded: 'Filtered out',
  conflict: 'Conflict resolved',
  failed: 'Failed',
};

export interface HealthCounts {
  inSync: number;
  excluded: { total: number; byReason: Record<string, number> };
  duplicates: { total: number; byReason: Record<string, number> };
  failed: { total: number; byReason: Record<string, number> };
}

/** One reason of the health report: its code, its sentence, how many records, and which way they were going. */
export interface ReasonCount {
  reason: string;
  label: string;
  count: number;
  direction?: Direction;
}

export interface HealthReportView {
  inSync: number;
  excluded: { total: number; reasons: ReasonCount[] };
  duplicates: { total: number; reasons: ReasonCount[] };
  failed: { total: number; reasons: ReasonCount[] };
}

/** A record event as the history router returns it. */
export interface EventView {
  runId: string;
  direction: Direction;
  sourceId: string;
  targetId?: string;
  outcome: Outcome;
  reason?: string;
  reasonText?: string;
  message?: string;
  changes?: { path: string; side?: 'a' | 'b'; before: unknown; after: unknown }[];
  subject: { name?: string; email?: string } | null;
  at: number;
}

export interface EventFilters {
  outcome: Outcome | '';
  /** `direction|reason` of a health report reason, or '' for any. */
  reason: string;
  recordId: string;
  /** How far back, in hours; 0 for all. */
  sinceHours: number;
}

export const noFilters: EventFilters = { outcome: '', reason: '', recordId: '', sinceHours: 0 };

/** How many events one page of the list shows. */
export const EVENTS_PAGE = 50;

/** Where a page of events starts: before the newest event shown so far, skipping those at its exact time already seen. */
export interface EventsCursor {
  at: number;
  skip: number;
}

/** The `history.events` input for the filters (empty ones left out) and a page cursor. Pure. */
export function eventsQuery(connectionId: string, f: EventFilters, now: number, before?: EventsCursor) {
  const [direction, reason] = f.reason ? (f.reason.split(/\|(.*)/s) as [Direction, string]) : [];
  return {
    connectionId,
    limit: EVENTS_PAGE,
    ...(f.outcome ? { outcome: f.outcome } : {}),
    ...(reason ? { reason, direction } : {}),
    ...(f.recordId.trim() ? { recordId: f.recordId.trim() } : {}),
    ...(f.sinceHours > 0 ? { from: now - f.sinceHours * 3_600_000 } : {}),
    ...(before ? { before } : {}),
  };
}

/**
 * The cursor of the page after `page`: events at or before its last event's time, skipping those at
 * that time this page (and, when the time is the same, the pages before) showed. Pure.
 * @example nextCursor([{ at: 5 }, { at: 3 }, { at: 3 }], undefined) // { at: 3, skip: 2 }
 */
export function nextCursor(page: readonly { at: number }[], before: EventsCursor | undefined): EventsCursor | undefined {
  const last = page.at(-1);
  if (!last) return undefined;
  let tied = 0;
  for (const e of page) if (e.at === last.at) tied++;
  return { at: last.at, skip: tied + (before && before.at === last.at ? before.skip : 0) };
}

/** The app a direction writes to, and the one it reads. Pure. */
export function sidesOf(direction: Direction): { source: 'a' | 'b'; target: 'a' | 'b' } {
  return direction === 'aToB' ? { source: 'a', target: 'b' } : { source: 'b', target: 'a' };
}

/** "Sandbox CRM → Sandbox Outreach". Pure. */
export function directionWords(direction: Direction, names: Names): string {
  const { source, target } = sidesOf(direction);
  return `${names[source]} → ${names[target]}`;
}

/**
 * What happened to a record, as a sentence naming the app written: "Created in Sandbox Outreach",
 * "Updated in Sandbox CRM and Sandbox Outreach" (a two-way write-back), "Filtered out". Pure.
 */
export function eventHeadline(e: Pick<EventView, 'direction' | 'outcome' | 'changes'>, names: Names): string {
  const { target } = sidesOf(e.direction);
  const written = new Set((e.changes ?? []).map((c) => c.side ?? target));
  const where = written.size > 1 ? `${names.a} and ${names.b}` : names[[...written][0] ?? target];
  switch (e.outcome) {
    case 'created':
      return `Created in ${names[target]}`;
    case 'updated':
      return `Updated in ${where}`;
    case 'conflict':
      return `Updated in ${where}, a conflict resolved`;
    case 'skipped':
      return `Nothing written to ${names[target]}`;
    case 'excluded':
      return `Filtered out, not synced to ${names[target]}`;
    case 'failed':
      return `Could not be synced to ${names[target]}`;
  }
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
