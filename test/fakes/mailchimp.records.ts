/**
 * Mailchimp's audiences and members as the Marketing API 3.0 returns them (the parts the Mailchimp
 * fake keeps), with the checks Mailchimp applies to a member's merge fields and status.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { FakeResponse } from './fake-server';

export type McStatus = 'subscribed' | 'unsubscribed' | 'cleaned' | 'pending' | 'transactional' | 'archived';
export type MergeValue = string | number | Record<string, string>;

/** A list member as Mailchimp Marketing API 3.0 returns it (the fields this fake keeps). */
export interface McMember {
  id: string;
  email_address: string;
  unique_email_id: string;
  contact_id: string;
  full_name: string;
  web_id: number;
  email_type: string;
  status: McStatus;
  merge_fields: Record<string, MergeValue>;
  stats: { avg_open_rate: number; avg_click_rate: number };
  member_rating: number;
  last_changed: string;
  timestamp_signup?: string;
  language: string;
  vip: boolean;
  source: string;
  tags_count: number;
  tags: { id: number; name: string }[];
  list_id: string;
}

export interface McMergeField {
  merge_id: number;
  tag: string;
  name: string;
  type: 'text' | 'number' | 'address' | 'phone' | 'date' | 'url' | 'imageurl' | 'radio' | 'dropdown' | 'birthday' | 'zip';
  required: boolean;
  default_value: string;
  public: boolean;
  display_order: number;
  options: { choices?: string[]; size?: number; default_country?: number };
  help_text: string;
  list_id: string;
}

export interface Audience {
  id: string;
  name: string;
  web_id: number;
  date_created: string;
  members: Map<string, McMember>;
  mergeFields: McMergeField[];
}

export const MC_MAX_COUNT = 1000;
export const MC_MAX_BATCH = 500;
export const STATUSES = ['subscribed', 'unsubscribed', 'cleaned', 'pending', 'transactional'];

export const hashOf = (email: string) => createHash('md5').update(email.trim().toLowerCase()).digest('hex');

/** Mailchimp's error body (RFC 7807 problem details). */
export function problem(status: number, title: string, detail: string): FakeResponse {
  return { status, body: { type: 'https://mailchimp.com/developer/marketing/docs/errors/', title, status, detail, instance: randomBytes(16).toString('hex') } };
}

/** Keeps only the `fields` asked for (`members.id,total_items`), as Mailchimp does. */
export function project(body: Record<string, unknown>, fields: string | null): Record<string, unknown> {
  if (!fields) return body;
  const wanted = fields.split(',').map((f) => f.trim()).filter(Boolean);
  const pick = (obj: Record<string, unknown>, paths: string[]): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const key of new Set(paths.map((p) => p.split('.')[0]!))) {
      if (!(key in obj)) continue;
      const deeper = paths.filter((p) => p.startsWith(`${key}.`)).map((p) => p.slice(key.length + 1));
      const v = obj[key];
      if (!deeper.length || v === null || typeof v !== 'object') out[key] = v;
      else out[key] = Array.isArray(v) ? v.map((x) => pick(x as Record<string, unknown>, deeper)) : pick(v as Record<string, unknown>, deeper);
    }
    return out;
  };
  return pick(body, wanted);
}

/**
 * A stateful fake of Mailchimp's Marketing API 3.0 for audiences and their members, as documented:
 * HTTP Basic with the API key as password (or Bearer), offset paging (`count` ≤ 1000), members
 * filtered by `status` (archived ones only when asked for), `since_last_changed` (strictly after) and
 * sorted by `last_changed`; the upsert by subscriber hash with `status_if_new`; batch subscribe of at
 * most 500 members with `update_existing`; member tags; merge fields; archiving by DELETE;
 * `Member In Compliance State` for a re-subscribe of someone who unsubscribed; the OAuth metadata
 * endpoint and token grant. Mount behind Prism (the description's paths have no `/3.0` prefix).
 */

/** Merge field values checked as Mailchimp does: known tags, numbers for number fields, whole addresses. */
export function checkMerge(l: Audience, merge: unknown): string | undefined {
  if (merge === undefined) return undefined;
  if (!merge || typeof merge !== 'object') return 'merge_fields must be an object';
  for (const [tag, value] of Object.entries(merge)) {
    const f = l.mergeFields.find((x) => x.tag === tag);
    if (!f) return `Your merge fields were invalid: ${tag} is not a merge field of this audience.`;
    if (f.type === 'number' && value !== '' && typeof value !== 'number') return `${tag} must be a number.`;
    if (f.type === 'address' && value !== '' && (typeof value !== 'object' || !value || ['addr1', 'city', 'state', 'zip'].some((k) => !(k in value)))) return `${tag} must be a complete address.`;
    if ((f.type === 'dropdown' || f.type === 'radio') && value !== '' && !f.options.choices?.includes(String(value))) return `${tag} must be one of ${f.options.choices?.join(', ')}.`;
  }
  return undefined;
}

/** A status change as Mailchimp allows it: someone who unsubscribed or was cleaned is not re-subscribed by API. */
export function setStatus(m: McMember, status: unknown): string | undefined {
  if (status === undefined) return undefined;
  if (typeof status !== 'string' || !STATUSES.includes(status)) return `status must be one of ${STATUSES.join(', ')}.`;
  if ((m.status === 'unsubscribed' || m.status === 'cleaned') && status === 'subscribed') return `${m.email_address} is in a compliance state due to unsubscribe, bounce, or compliance review and cannot be subscribed.`;
  m.status = status as McStatus;
  return undefined;
}
