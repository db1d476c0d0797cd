import type { ConnectionScope, Direction } from '../ports/scope.port';
import type { WriteIntent, WriteIntentsPort } from '../ports/write-intents.port';
import { frozenCopy, scopeKey } from './scope-key';

/** In-memory outbox of write batches in flight. */
export class MemoryWriteIntents implements WriteIntentsPort {
  private readonly rows = new Map<string, Map<string, WriteIntent>>();

  private table(scope: ConnectionScope): Map<string, WriteIntent> {
    const key = scopeKey(scope);
    let t = this.rows.get(key);
    if (!t) {
      t = new Map();
      this.rows.set(key, t);
    }
    return t;
  }

  async add(scope: ConnectionScope, intent: WriteIntent): Promise<void> {
    const t = this.table(scope);
    if (!t.has(intent.idempotencyKey)) t.set(intent.idempotencyKey, frozenCopy(intent));
  }

  async complete(scope: ConnectionScope, idempotencyKey: string): Promise<void> {
    this.table(scope).delete(idempotencyKey);
  }

  async pending(scope: ConnectionScope, direction?: Direction): Promise<WriteIntent[]> {
    return [...this.table(scope).values()]
      .filter((i) => direction === undefined || i.direction === direction)
      .sort((x, y) => x.createdAt - y.createdAt);
  }
}
