import type { PlannedChange } from './dry-run-plan';

/** The report's header row. */
export const PLAN_CSV_HEADER = 'app,action,direction,source_record,target_record,field,before,after,reason,detail\n';

/** A value as a spreadsheet cell: text as it is, anything else as JSON, nothing as empty. Pure. */
function cellOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Quotes a cell when CSV needs it, and defuses one a spreadsheet would run as a formula (a value
 * from an app starting with `=`, `+`, `-`, `@`), by a leading apostrophe. Pure.
 */
function csvCell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The report lines of one planned change: one per field it changes (before → after), or one for a
 * change without fields (a skip, with its reason). Each line ends with `\n`. Pure.
 * @example planCsvLines({ app: 'b', action: 'update', direction: 'aToB', sourceId: 'a1', targetId: 'b7', changes: [{ path: 'firstName', before: 'Ann', after: 'Anna' }] })
 * // ['B,update,A → B,a1,b7,firstName,Ann,Anna,,\n']
 */
export function planCsvLines(change: PlannedChange): string[] {
  // A record to be created has no id yet (the dry run's stand-in id means nothing to the app).
  const target = change.action === 'create' ? undefined : change.targetId;
  const reason = change.label ?? change.reason;
  const fields = change.changes.length > 0 ? change.changes : [undefined];
  return fields.map((c) =>
    `${[change.app.toUpperCase(), change.action, change.direction === 'aToB' ? 'A → B' : 'B → A', change.sourceId, target, c?.path, c === undefined ? undefined : c.before, c?.after, reason, change.message]
      .map((v) => csvCell(cellOf(v)))
      .join(',')}\n`,
  );
}
