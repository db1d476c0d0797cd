import { reasonLabel, type ConnectionConfig, type ConnectionScope, type NodeLabels, type RecordEvent, type Side } from '@sluice/engine';
import { describeWhen, type Contact } from '@sluice/graph';
import type { Store } from '@sluice/store';
import { openConnector } from '@sluice/runtime';
import type { ConnectorDirectory } from '@sluice/runtime';
import type { RequestWork } from '../request-work';

/** Who a record is, as a person reads it: a name and an email, when known. */
export interface RecordSubject {
  name?: string;
  email?: string;
}

/** A record event as history shows it: the person it is about and its reason in a sentence. */
export type EventView = RecordEvent & { subject: RecordSubject | null; reasonText?: string };

/**
 * What each rule node is called, per direction: its label, else (a condition) its condition in words,
 * so a reason never shows a bare node id. Pure.
 */
export function nodeLabelsOf(rules: ConnectionConfig['rules']): NodeLabels {
  const labels: NodeLabels = {};
  for (const direction of ['aToB', 'bToA'] as const) {
    const own: Record<string, string> = {};
    for (const node of rules[direction]?.nodes ?? []) {
      const text = node.label ?? (node.kind === 'condition' ? describeWhen(node.when) : undefined);
      if (text) own[node.id] = text;
    }
    labels[direction] = own;
  }
  return labels;
}

/**
 * Who a linked record is, from its link's last-synced values (keyed by side and path, `a:email`):
 * the record's own side first, then its partner's. Pure.
 */
export function subjectOfLink(values: Readonly<Record<string, unknown>>, side: Side): RecordSubject | null {
  const other = side === 'a' ? 'b' : 'a';
  const pick = (path: string) => values[`${side}:${path}`] ?? values[`${other}:${path}`] ?? values[path];
  return subjectOf({ firstName: pick('firstName'), lastName: pick('lastName'), company: pick('company'), email: pick('email') });
}

/** The name and email among a contact's values. Pure. */
export function subjectOf(values: Partial<Record<string, unknown>>): RecordSubject | null {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  const name = [text(values.firstName), text(values.lastName)].filter(Boolean).join(' ') || text(values.company);
  const email = text(values.email);
  if (!name && !email) return null;
  return { ...(name ? { name } : {}), ...(email ? { email } : {}) };
}

/** Subjects read from an app, kept a few minutes: History refreshes every few seconds, an app's quota does not. */
const looked = new Map<string, { subject: RecordSubject | null; until: number }>();
const LOOKED_MS = 5 * 60_000;
const LOOKUP_TIMEOUT_MS = 3_000;

export interface EventViewDeps {
  db: Store;
  connectors: ConnectorDirectory;
  scope: ConnectionScope;
  config: ConnectionConfig;
  /** The request's budget of reads from the apps: a lookup over it is left out (the ids still show). */
  work: RequestWork;
  now?: number;
}

/**
 * Names the records of `events`: from the link table's last-synced values where the record was
 * synced, else (excluded, skipped, failed records) from its app, read once and remembered for a few
 * minutes; a record the app cannot give keeps its id only. Reasons become sentences naming the rule
 * node of the event's direction.
 */
export async function describeEvents(deps: EventViewDeps, events: readonly RecordEvent[]): Promise<EventView[]> {
  const { db, scope, config } = deps;
  const now = deps.now ?? Date.now();
  const sideOf = (e: RecordEvent): Side => (e.direction === 'aToB' ? 'a' : 'b');
  const subjects: Record<Side, Map<string, RecordSubject | null>> = { a: new Map(), b: new Map() };
  for (const side of ['a', 'b'] as const) {
    const ids = [...new Set(events.filter((e) => sideOf(e) === side).map((e) => e.sourceId))];
    if (ids.length === 0) continue;
    const links = side === 'a' ? await db.links.findByA(scope, ids) : await db.links.findByB(scope, ids);
    for (const link of links) subjects[side].set(side === 'a' ? link.aId : link.bId, subjectOfLink(link.values, side));
    const missing: string[] = [];
    for (const id of ids) {
      if (subjects[side].has(id)) continue;
      const hit = looked.get(`${scope.workspaceId}/${scope.connectionId}/${side}/${id}`);
      if (hit && hit.until > now) subjects[side].set(id, hit.subject);
      else missing.push(id);
    }
    if (missing.length > 0) await lookUp(deps, side, missing, subjects[side], now);
  }
  const labels = nodeLabelsOf(config.rules);
  return events.map((e) => ({
    ...e,
    subject: subjects[sideOf(e)].get(e.sourceId) ?? null,
    ...(e.reason ? { reasonText: reasonLabel(e.reason, labels, e.direction) } : {}),
  }));
}

async function lookUp(deps: EventViewDeps, side: Side, ids: string[], into: Map<string, RecordSubject | null>, now: number): Promise<void> {
  const { scope } = deps;
  let found: Contact[] = [];
  try {
    deps.work.readFromApps('lookup of record names');
    const connector = await openConnector(deps.db, deps.connectors, scope.workspaceId, deps.config.apps[side]);
    try {
      found = await connector.getMany(ids, AbortSignal.timeout(LOOKUP_TIMEOUT_MS));
    } finally {
      await connector.close?.();
    }
  } catch {
    // An app that cannot be reached now (or a request over its budget) only costs the names: the ids
    // still show, and the next refresh tries again.
    return;
  }
  const byId = new Map(found.map((c) => [c.id, c]));
  if (looked.size > 10_000) looked.clear();
  for (const id of ids) {
    const contact = byId.get(id);
    const subject = contact ? subjectOf(contact as unknown as Record<string, unknown>) : null;
    into.set(id, subject);
    looked.set(`${scope.workspaceId}/${scope.connectionId}/${side}/${id}`, { subject, until: now + LOOKED_MS });
  }
}

/** Events with the same run, direction, record, outcome and time are one event read twice (by source and by target id). Pure. */
export function uniqueEvents<T extends RecordEvent>(events: readonly T[]): T[] {
  const seen = new Set<string>();
  return events.filter((e) => {
    const key = `${e.runId}|${e.direction}|${e.sourceId}|${e.targetId ?? ''}|${e.outcome}|${e.at}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
