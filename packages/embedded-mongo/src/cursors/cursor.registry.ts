/**
 * Open cursors: result sets waiting for `getMore`. A cursor holds an iterator of raw BSON
 * documents — an array for sorted or aggregated results, or a lazy scan that reads the collection
 * batch by batch — so a client paging through a large collection never makes the server hold it
 * all. Batches are cut by count and by size, so a reply always fits in a wire message. Idle
 * cursors are reaped.
 */
import { commandError } from '../commands/mongo-command.error';
import { buildCursorReply } from '../wire/cursor-reply.builder';

/** Default first batch size, as mongod. */
export const DEFAULT_FIRST_BATCH = 101;
const MAX_BATCH_BYTES = 16 * 1024 * 1024;
const IDLE_TIMEOUT_MS = 10 * 60 * 1000;

interface OpenCursor {
  ns: string;
  source: Iterator<Uint8Array>;
  /** One document read ahead, to know whether the source is exhausted. */
  peeked: IteratorResult<Uint8Array>;
  touchedAt: number;
}

/** Pulls up to `batchSize` documents (0: no count limit) within the byte budget. */
function takeBatch(cursor: Pick<OpenCursor, 'source' | 'peeked'>, batchSize: number): Uint8Array[] {
  const batch: Uint8Array[] = [];
  let bytes = 0;
  while (!cursor.peeked.done && (batchSize <= 0 || batch.length < batchSize)) {
    const doc = cursor.peeked.value;
    if (bytes + doc.length > MAX_BATCH_BYTES && batch.length > 0) break;
    batch.push(doc);
    bytes += doc.length;
    cursor.peeked = cursor.source.next();
  }
  return batch;
}

export class CursorRegistry {
  private readonly open = new Map<number, OpenCursor>();
  private nextId = 1 + Math.floor(Math.random() * 1_000_000);

  /** Replies with the first batch, keeping the rest under a new cursor id when anything is left. */
  openReply(ns: string, docs: Iterable<Uint8Array>, batchSize: number | undefined, singleBatch = false): Buffer {
    const source = docs[Symbol.iterator]();
    const cursor = { ns, source, peeked: source.next(), touchedAt: Date.now() };
    const size = batchSize ?? DEFAULT_FIRST_BATCH;
    const batch = size === 0 ? [] : takeBatch(cursor, size);
    if (cursor.peeked.done || singleBatch) {
      source.return?.();
      return buildCursorReply('firstBatch', batch, 0n, ns);
    }
    const id = this.nextId++;
    this.open.set(id, cursor);
    return buildCursorReply('firstBatch', batch, BigInt(id), ns);
  }

  /** The next batch of cursor `id`; the cursor closes when it runs dry. */
  getMore(id: number, batchSize: number | undefined): Buffer {
    const cursor = this.open.get(id);
    if (!cursor) throw commandError('CursorNotFound', `cursor id ${id} not found`);
    const batch = takeBatch(cursor, batchSize ?? 0);
    cursor.touchedAt = Date.now();
    const done = !!cursor.peeked.done;
    if (done) this.open.delete(id);
    return buildCursorReply('nextBatch', batch, done ? 0n : BigInt(id), cursor.ns);
  }

  /** Closes cursors; returns which ids were open. */
  kill(ids: number[]): { killed: number[]; notFound: number[] } {
    const killed: number[] = [];
    const notFound: number[] = [];
    for (const id of ids) {
      const cursor = this.open.get(id);
      cursor?.source.return?.();
      (this.open.delete(id) ? killed : notFound).push(id);
    }
    return { killed, notFound };
  }

  /** Forgets cursors nobody has asked for within the idle timeout. */
  reap(now = Date.now()): void {
    for (const [id, c] of this.open) {
      if (now - c.touchedAt > IDLE_TIMEOUT_MS) {
        c.source.return?.();
        this.open.delete(id);
      }
    }
  }

  get size(): number {
    return this.open.size;
  }
}
