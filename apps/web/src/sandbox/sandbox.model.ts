import type { SandboxApp } from '../app/route';

/** One editable column of a sandbox app's records: its key in the editing API and its label. */
export interface SandboxField {
  key: string;
  label: string;
  type?: 'email' | 'tel';
}

/** The two sandbox apps as the table editor shows them: name, what a record is called, the fields it edits. */
export const sandboxApps: Record<SandboxApp, { name: string; record: string; fields: readonly SandboxField[]; listField: string }> = {
  crm: {
    name: 'Sandbox CRM',
    record: 'person',
    listField: 'labels',
    fields: [
      { key: 'firstName', label: 'First name' },
      { key: 'lastName', label: 'Last name' },
      { key: 'email', label: 'Email', type: 'email' },
      { key: 'phone', label: 'Phone', type: 'tel' },
      { key: 'company', label: 'Organization' },
      { key: 'jobTitle', label: 'Job title' },
    ],
  },
  outreach: {
    name: 'Sandbox Outreach',
    record: 'prospect',
    listField: 'tags',
    fields: [
      { key: 'firstName', label: 'First name' },
      { key: 'lastName', label: 'Last name' },
      { key: 'email', label: 'Email', type: 'email' },
      { key: 'phone', label: 'Phone', type: 'tel' },
      { key: 'company', label: 'Company' },
      { key: 'title', label: 'Job title' },
    ],
  },
};

/** A record as the list answers it (the canonical contact): only what the table shows. */
export interface SandboxRecord {
  id: string;
  firstName?: string | undefined;
  lastName?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
  company?: string | undefined;
  jobTitle?: string | undefined;
  tags: string[];
}

/** The form's values for a record (empty strings for what it lacks); the canonical `jobTitle` is Outreach's `title`. Pure. */
export function formOf(app: SandboxApp, record: SandboxRecord | null): Record<string, string> {
  const values: Record<string, string> = {};
  for (const f of sandboxApps[app].fields) {
    const key = f.key === 'title' ? 'jobTitle' : f.key;
    values[f.key] = String((record as Record<string, unknown> | null)?.[key] ?? '');
  }
  values.list = record?.tags.join(', ') ?? '';
  return values;
}

/**
 * What the editing API is sent for the form: trimmed text, an emptied field as null (cleared), the
 * comma-separated labels or tags as a list. Pure.
 * @example inputOf('crm', { firstName: ' Ada ', email: '', list: 'vip, lead' }) // { firstName: 'Ada', email: null, labels: ['vip', 'lead'] }
 */
export function inputOf(app: SandboxApp, form: Record<string, string>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const f of sandboxApps[app].fields) {
    if (form[f.key] === undefined) continue;
    const value = form[f.key]!.trim();
    input[f.key] = value === '' ? null : value;
  }
  if (form.list !== undefined)
    input[sandboxApps[app].listField] = form.list
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
  return input;
}

/** How a record is named in the table and in questions: its name, else its email, else its id. Pure. */
export function recordName(r: SandboxRecord): string {
  return [r.firstName, r.lastName].filter(Boolean).join(' ') || r.email || r.id;
}
