import type { ConnectionScope, Direction } from '../ports/scope.port';
import type { WriteIntent, WriteIntentsPort } from '../ports/write-intents.port';
import { scopeKey } from './scope-key';

/**
 * In-memory outbox of write batches in flight. Each intent is kept as its JSON text: one is written
 * and deleted per batch of creates, and read back only after a crash.
 */
export class MemoryWriteIntents implements WriteIntentsPort {
  private readonly rows = new Map<string, Map<string, { createdAt: number; json: string }>>();

  private table(scope: ConnectionScope): Map<string, { createdAt: number; json: string }> {
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
    if (!t.has(intent.idempotencyKey)) t.set(intent.idempotencyKey, { createdAt: intent.createdAt, json: JSON.stringify(intent) });
  }

  async complete(scope: ConnectionScope, idempotencyKey: string): Promise<void> {
    this.table(scope).delete(idempotencyKey);
  }

  async pending(scope: ConnectionScope, direction?: Direction): Promise<WriteIntent[]> {
    return [...this.table(scope).values()]
      .sort((x, y) => x.createdAt - y.createdAt)
      .map((row) => JSON.parse(row.json) as WriteIntent)
      .filter((i) => direction === undefined || i.direction === direction);
  }
}
