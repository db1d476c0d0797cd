import { fileNameOf } from '../templates/download';

/** One audit-log entry as `audit.list` returns it. */
export interface AuditEntryView {
  id: string;
  at: number;
  actor: { type: 'user'; name: string; email: string } | { type: 'system'; name: string };
  action: string;
  target: { type: string; id: string; name?: string };
  summary: string;
  details?: Record<string, unknown>;
}

/** The kinds of things the log can be filtered by, in words, in the API's order. */
export const auditKinds = [
  { value: 'connection', label: 'Connections' },
  { value: 'record', label: 'Records (resync, unlink)' },
  { value: 'credential', label: 'Accounts and keys' },
  { value: 'member', label: 'Members and roles' },
  { value: 'invitation', label: 'Invitations' },
  { value: 'workspace', label: 'The workspace' },
  { value: 'alerts', label: 'Alert settings' },
] as const;

export type AuditKind = (typeof auditKinds)[number]['value'];

/** Entries one page of the audit page shows. */
export const AUDIT_PAGE = 25;

/** Who did it, as the page shows it: a person's name (their email when they have none), or Sluice. Pure. */
export function actorName(actor: AuditEntryView['actor']): string {
  if (actor.type === 'system') return `Sluice (${actor.name})`;
  return actor.name || actor.email;
}

/** The sentences of what a change did, when the entry carries them (connection changes do). Pure. */
export function changeSentences(entry: Pick<AuditEntryView, 'details'>): string[] {
  const changes = entry.details?.changes;
  return Array.isArray(changes) ? changes.filter((c): c is string => typeof c === 'string') : [];
}

/** "Entries 26–50 of 130" for a page. Pure. */
export function pageRange(page: number, shown: number, total: number): string {
  if (total === 0) return 'No entries';
  const first = page * AUDIT_PAGE + 1;
  return `Entries ${first}–${first + shown - 1} of ${total}`;
}

/** The export's file name, from the workspace's name. Pure. @example auditFileName('Sales ops') // 'sluice-audit-sales-ops.jsonl' */
export function auditFileName(workspace: string): string {
  return `sluice-audit-${fileNameOf(workspace, '.jsonl', 'workspace')}`;
}
