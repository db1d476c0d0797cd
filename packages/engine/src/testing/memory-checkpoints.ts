import type { Checkpoint, CheckpointsPort } from '../ports/checkpoints.port';
import type { ConnectionScope, Direction } from '../ports/scope.port';
import { frozenCopy, scopeKey } from './scope-key';

/** In-memory cursors per connection and direction. */
export class MemoryCheckpoints implements CheckpointsPort {
  private readonly rows = new Map<string, Checkpoint>();

  async get(scope: ConnectionScope, direction: Direction): Promise<Checkpoint | null> {
    const row = this.rows.get(`${scopeKey(scope)}\u0000${direction}`);
    return row ?? null;
  }

  async set(scope: ConnectionScope, checkpoint: Checkpoint): Promise<void> {
    this.rows.set(`${scopeKey(scope)}\u0000${checkpoint.direction}`, frozenCopy(checkpoint));
  }

  async clear(scope: ConnectionScope): Promise<void> {
    this.rows.delete(`${scopeKey(scope)}\u0000aToB`);
    this.rows.delete(`${scopeKey(scope)}\u0000bToA`);
  }
}
