/** A saved version as `versions.list` returns it. */
export interface VersionRow {
  version: number;
  at: number;
  by: { name: string; email: string | null } | null;
  change: string;
  note: string | null;
  changes: string[];
  current: boolean;
}

/** What two versions differ in, as `versions.diff` returns it. */
export interface VersionDiffView {
  from: number;
  to: number;
  settings: string[];
  rules: { direction: string; label: string; sentences: string[] }[];
  same: boolean;
}

const changeWords: Record<string, string> = {
  created: 'Created',
  settings: 'Settings saved',
  rules: 'Rules saved',
  template: 'Template imported',
  restored: 'Restored',
  baseline: 'Before versions were kept',
  system: 'Changed by Sluice',
};

/** What kind of save made a version, in words. Pure. @example changeLabel('rules') // 'Rules saved' */
export function changeLabel(change: string): string {
  return changeWords[change] ?? change;
}

/** Who saved a version: their name, else their email, else Sluice itself. Pure. */
export function authorName(by: VersionRow['by']): string {
  return by?.name || by?.email || 'Sluice';
}

/**
 * One line that says what a version did: its first change, with how many more, or what the save was
 * when it changed nothing readable. Pure.
 * @example summaryLine({ change: 'settings', changes: ['Changed the sync type…', 'Added…'], note: null }) // 'Changed the sync type… (and 1 more change)'
 */
export function summaryLine(v: Pick<VersionRow, 'change' | 'changes' | 'note'>): string {
  const [first, ...rest] = v.changes;
  const more = rest.length === 0 ? '' : ` (and ${rest.length} more change${rest.length === 1 ? '' : 's'})`;
  if (first) return `${v.note ? `${v.note}: ` : ''}${first}${more}`;
  if (v.note) return `${v.note}.`;
  if (v.change === 'created') return 'Created the connection.';
  if (v.change === 'baseline') return 'The configuration as it was before versions were kept.';
  return 'Nothing changed but where nodes sit on the canvas.';
}

/** Every sentence of a diff in reading order, each rule sentence under its direction. Pure. */
export function diffSections(diff: VersionDiffView): { title: string; sentences: string[] }[] {
  return [...(diff.settings.length > 0 ? [{ title: 'Settings', sentences: diff.settings }] : []), ...diff.rules.map((r) => ({ title: `Rules ${r.label}`, sentences: r.sentences }))];
}
