/**
 * Open cursors: the rest of a result set (raw BSON documents) waiting for `getMore`. Batches are
 * cut by count and by size, so a reply always fits in a wire message. Idle cursors are reaped.
 */
import { commandError } from '../commands/mongo-command.error';
import { buildCursorReply } from '../wire/cursor-reply.builder';

/** Default first batch size, as mongod. */
export const DEFAULT_FIRST_BATCH = 101;
const MAX_BATCH_BYTES = 16 * 1024 * 1024;
const IDLE_TIMEOUT_MS = 10 * 60 * 1000;

interface OpenCursor {
  ns: string;
  docs: Uint8Array[];
  pos: number;
  touchedAt: number;
}

function takeBatch(docs: readonly Uint8Array[], from: number, batchSize: number): number {
  let end = from;
  let bytes = 0;
  const limit = batchSize > 0 ? Math.min(docs.length, from + batchSize) : docs.length;
  while (end < limit) {
    bytes += docs[end]!.length;
    if (bytes > MAX_BATCH_BYTES && end > from) break;
    end++;
  }
  return end;
}

export class CursorRegistry {
  private readonly open = new Map<number, OpenCursor>();
  private nextId = 1 + Math.floor(Math.random() * 1_000_000);

  /** Replies with the first batch, keeping the rest under a new cursor id when anything is left. */
  openReply(ns: string, docs: Uint8Array[], batchSize: number | undefined, singleBatch = false): Buffer {
    const size = batchSize ?? DEFAULT_FIRST_BATCH;
    const end = size === 0 ? 0 : takeBatch(docs, 0, size);
    if (end >= docs.length || singleBatch) return buildCursorReply('firstBatch', docs.slice(0, end), 0n, ns);
    const id = this.nextId++;
    this.open.set(id, { ns, docs, pos: end, touchedAt: Date.now() });
    return buildCursorReply('firstBatch', docs.slice(0, end), BigInt(id), ns);
  }

  /** The next batch of cursor `id`; the cursor closes when it runs dry. */
  getMore(id: number, batchSize: number | undefined): Buffer {
    const cursor = this.open.get(id);
    if (!cursor) throw commandError('CursorNotFound', `cursor id ${id} not found`);
    const end = takeBatch(cursor.docs, cursor.pos, batchSize ?? 0);
    const batch = cursor.docs.slice(cursor.pos, end);
    cursor.pos = end;
    cursor.touchedAt = Date.now();
    const done = end >= cursor.docs.length;
    if (done) this.open.delete(id);
    return buildCursorReply('nextBatch', batch, done ? 0n : BigInt(id), cursor.ns);
  }

  /** Closes cursors; returns which ids were open. */
  kill(ids: number[]): { killed: number[]; notFound: number[] } {
    const killed: number[] = [];
    const notFound: number[] = [];
    for (const id of ids) (this.open.delete(id) ? killed : notFound).push(id);
    return { killed, notFound };
  }

  /** Forgets cursors nobody has asked for within the idle timeout. */
  reap(now = Date.now()): void {
    for (const [id, c] of this.open) if (now - c.touchedAt > IDLE_TIMEOUT_MS) this.open.delete(id);
  }

  get size(): number {
    return this.open.size;
  }
}
