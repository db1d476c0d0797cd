import type { Contact } from '@sluice/graph';
import { matchValue } from '../match/match-key';
import type { Clock } from '../ports/clock.port';
import type { ChangesOptions, ChangePage, Connector, ContactWrite, WriteResult } from '../ports/connector.port';

/** Ids a dry run gives the records it would create; no app hands out ids like these. */
export const DRY_RUN_ID_PREFIX = 'dry-run:';

/**
 * The record after `fields` are applied, as an app would hold it: dotted paths set one level down,
 * `null` clears. Pure.
 */
export function applyFields(record: Contact, fields: Record<string, unknown>, updatedAt: string): Contact {
  const out = structuredClone(record) as unknown as Record<string, unknown>;
  for (const [path, value] of Object.entries(fields)) {
    const dot = path.indexOf('.');
    if (dot < 0) {
      if (value === null) delete out[path];
      else out[path] = value;
      continue;
    }
    const head = path.slice(0, dot);
    const nested = { ...((out[head] as Record<string, unknown> | undefined) ?? {}) };
    if (value === null) delete nested[path.slice(dot + 1)];
    else nested[path.slice(dot + 1)] = value;
    out[head] = nested;
  }
  out.updatedAt = updatedAt;
  return out as unknown as Contact;
}

/**
 * An app seen through a dry run: reads go to the app; writes are never sent. `upsertBatch` answers
 * as the app would (updates applied to the record as read, creates given a `dry-run:` id), and
 * later reads of the same run see those records, so a two-way run's second direction meets the
 * first direction's writes as echoes, as in a real run.
 */
export function dryRunConnector(real: Connector, side: 'a' | 'b', clock: Clock): Connector {
  const written = new Map<string, Contact>();
  const answered = new Map<string, WriteResult[]>();
  let created = 0;
  const patched = (r: Contact) => written.get(r.id) ?? r;
  const getMany = async (ids: readonly string[], signal?: AbortSignal): Promise<Contact[]> => {
    const unknown = ids.filter((id) => !written.has(id) && !id.startsWith(DRY_RUN_ID_PREFIX));
    const read = unknown.length > 0 ? await real.getMany(unknown, signal) : [];
    return [...read, ...ids.flatMap((id) => written.get(id) ?? [])];
  };
  return {
    app: real.app,
    fieldCatalog: (signal) => real.fieldCatalog(signal),
    checkAuth: (signal) => real.checkAuth(signal),
    async *changes(cursor: string | null, options?: ChangesOptions): AsyncIterable<ChangePage> {
      for await (const page of real.changes(cursor, options)) yield { ...page, records: page.records.map(patched) };
    },
    getMany,
    async findByKey(key, values, signal) {
      const found = await real.findByKey(key, values, signal);
      const out = new Map<string, Contact[]>();
      for (const [value, records] of found) out.set(value, records.map(patched));
      const wanted = new Set(values);
      for (const r of written.values()) {
        if (!r.id.startsWith(DRY_RUN_ID_PREFIX)) continue;
        const v = matchValue(r, key);
        if (v !== undefined && wanted.has(v)) out.set(v, [...(out.get(v) ?? []), r]);
      }
      return out;
    },
    async upsertBatch(writes: readonly ContactWrite[], key: string, signal?: AbortSignal) {
      const again = answered.get(key);
      if (again) return again;
      const updates = writes.filter((w) => w.id !== undefined).map((w) => w.id!);
      const current = new Map((await getMany(updates, signal)).map((r) => [r.id, r]));
      const at = new Date(clock.now()).toISOString();
      const results = writes.map((w): WriteResult => {
        const before = w.id === undefined ? undefined : current.get(w.id);
        if (w.id !== undefined && !before) return { ref: w.ref, ok: false, code: 'E_NOT_FOUND', message: `the record ${w.id} is gone from the app` };
        const base: Contact = before ?? { id: `${DRY_RUN_ID_PREFIX}${side}:${++created}`, tags: [], lists: [], custom: {}, updatedAt: at };
        const record = applyFields(base, w.fields, at);
        written.set(record.id, record);
        return { ref: w.ref, ok: true, id: record.id, created: before === undefined, record };
      });
      answered.set(key, results);
      return results;
    },
    // The real connector is closed by whoever opened it.
  };
}
