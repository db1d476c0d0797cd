import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { UserError } from '@sluice/core';
import { dryRun, PLAN_CSV_HEADER, planCsvLines, type ConnectionConfig, type DryRunOptions, type DryRunPlan, type PlannedChange } from '@sluice/engine';
import { renderTable } from './table.printer';

/**
 * The engine's dry run, with every planned change written to `report` as CSV when one is given. The
 * file appears only once the plan is complete (it is written beside it and renamed), so a run that
 * fails leaves no half report.
 */
export async function planWithReport(options: DryRunOptions, report: string | undefined): Promise<DryRunPlan> {
  if (report === undefined) return dryRun(options);
  const partial = `${report}.${process.pid}.part`;
  let fd: number;
  try {
    fd = openSync(partial, 'w');
  } catch (e) {
    throw new UserError('E_FILE', `${report}: cannot write the report (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    writeSync(fd, PLAN_CSV_HEADER);
    const plan = await dryRun({ ...options, onChange: (change) => writeSync(fd, planCsvLines(change).join('')) });
    closeSync(fd);
    renameSync(partial, report);
    return plan;
  } catch (e) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    rmSync(partial, { force: true });
    throw e;
  }
}

/** A value in a sentence: text quoted, blanks as "(empty)". Pure. */
function shown(value: unknown): string {
  if (value === undefined || value === null || value === '') return '(empty)';
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
}

/** One planned change on one line. Pure. */
function changeLine(c: PlannedChange): string {
  const fields = c.changes.map((f) => `${f.path} ${shown(f.before)} → ${shown(f.after)}`).join('; ');
  const why = c.label ?? c.reason;
  return `  ${c.app.toUpperCase()}  ${c.action.padEnd(7)} ${c.sourceId}${fields ? `: ${fields}` : ''}${why && c.action !== 'create' && c.action !== 'update' ? ` (${why})` : ''}`;
}

/** The plan as a person reads it on a terminal. Pure. */
export function formatPlan(plan: DryRunPlan, config: ConnectionConfig, sampleLines = 20): string {
  const name = (side: 'a' | 'b') => `${side.toUpperCase()} (${config.apps[side].connector})`;
  const rows = [
    { what: 'would create', a: plan.apps.a.created, b: plan.apps.b.created },
    { what: 'would update', a: plan.apps.a.updated, b: plan.apps.b.updated },
    { what: 'would trash', a: plan.apps.a.trashed, b: plan.apps.b.trashed },
    { what: 'would unsubscribe', a: plan.apps.a.unsubscribed, b: plan.apps.b.unsubscribed },
  ];
  const table = renderTable(rows, [
    { title: 'Dry run: nothing was written', value: (r) => r.what },
    { title: name('a'), value: (r) => String(r.a) },
    { title: name('b'), value: (r) => String(r.b) },
  ]);
  const out = [table, `conflicts ${plan.conflicts} · failed ${plan.failed} · skipped ${plan.skipped} · excluded ${plan.counts.excluded}`];
  if (plan.reasons.length > 0) out.push('Left alone:', ...plan.reasons.map((r) => `  ${String(r.count).padStart(6)}  ${r.label}`));
  const changes = plan.sample.slice(0, sampleLines);
  if (changes.length > 0) out.push(plan.sample.length > sampleLines ? `First ${sampleLines} changes:` : 'Changes:', ...changes.map(changeLine));
  return `${out.join('\n')}\n`;
}
