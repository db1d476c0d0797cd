import type { HealthCounts, HealthPort, RecordHealth, RecordHealthStatus } from '../ports/health.port';
import type { ConnectionScope } from '../ports/scope.port';
import { frozenCopy, scopeKey } from './scope-key';

/** In-memory current status per record. */
export class MemoryHealth implements HealthPort {
  private readonly rows = new Map<string, Map<string, RecordHealth>>();

  private table(scope: ConnectionScope): Map<string, RecordHealth> {
    const key = scopeKey(scope);
    let t = this.rows.get(key);
    if (!t) {
      t = new Map();
      this.rows.set(key, t);
    }
    return t;
  }

  async setMany(scope: ConnectionScope, entries: readonly RecordHealth[]): Promise<void> {
    const t = this.table(scope);
    for (const e of entries) t.set(`${e.side}:${e.recordId}`, frozenCopy(e));
  }

  async counts(scope: ConnectionScope): Promise<HealthCounts> {
    const counts: HealthCounts = {
      inSync: 0,
      excluded: { total: 0, byReason: {} },
      duplicates: { total: 0, byReason: {} },
      failed: { total: 0, byReason: {} },
    };
    for (const e of this.table(scope).values()) {
      if (e.status === 'inSync') {
        counts.inSync++;
        continue;
      }
      const bucket = e.status === 'excluded' ? counts.excluded : e.status === 'duplicate' ? counts.duplicates : counts.failed;
      const reason = e.reason ?? 'unknown';
      bucket.total++;
      bucket.byReason[reason] = (bucket.byReason[reason] ?? 0) + 1;
      const sides = ((bucket.bySide ??= {})[reason] ??= {});
      sides[e.side] = (sides[e.side] ?? 0) + 1;
    }
    return counts;
  }

  async list(
    scope: ConnectionScope,
    query: { status?: RecordHealthStatus; reason?: string; limit?: number },
  ): Promise<RecordHealth[]> {
    return [...this.table(scope).values()]
      .filter((e) => (query.status === undefined || e.status === query.status) && (query.reason === undefined || e.reason === query.reason))
      .sort((x, y) => y.at - x.at)
      .slice(0, query.limit ?? 100);
  }
}
