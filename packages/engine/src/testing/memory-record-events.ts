import type { RecordEvent, RecordEventQuery, RecordEventsPort } from '../ports/record-events.port';
import type { ConnectionScope } from '../ports/scope.port';
import { scopeKey } from './scope-key';

/**
 * In-memory per-record history (append-only). Each event is kept as its JSON text: a big sync
 * writes hundreds of thousands of events and reads few, and one string per event instead of a tree
 * of objects keeps the heap (and the garbage collector's work) small. Reads parse what they return.
 */
export class MemoryRecordEvents implements RecordEventsPort {
  private readonly events = new Map<string, string[]>();

  async insertMany(scope: ConnectionScope, events: readonly RecordEvent[]): Promise<void> {
    const key = scopeKey(scope);
    let list = this.events.get(key);
    if (!list) this.events.set(key, (list = []));
    for (const e of events) list.push(JSON.stringify(e));
  }

  async query(scope: ConnectionScope, query: RecordEventQuery): Promise<RecordEvent[]> {
    const outcomes = query.outcome === undefined ? undefined : new Set([query.outcome].flat());
    const list = this.events.get(scopeKey(scope)) ?? [];
    const out: RecordEvent[] = [];
    const limit = query.limit ?? 100;
    let skip = query.before?.skip ?? 0;
    for (let i = list.length - 1; i >= 0 && out.length < limit; i--) {
      const e = JSON.parse(list[i]!) as RecordEvent;
      if (query.before && e.at > query.before.at) continue;
      if (query.reason !== undefined && !e.reason?.startsWith(query.reason)) continue;
      if (query.runId !== undefined && e.runId !== query.runId) continue;
      if (query.recordId !== undefined && e.sourceId !== query.recordId && e.targetId !== query.recordId) continue;
      if (outcomes && !outcomes.has(e.outcome)) continue;
      if (query.direction !== undefined && e.direction !== query.direction) continue;
      if (query.from !== undefined && e.at < query.from) continue;
      if (query.to !== undefined && e.at >= query.to) continue;
      if (query.before && e.at === query.before.at && skip > 0) {
        skip--;
        continue;
      }
      out.push(e);
    }
    return out;
  }
}
