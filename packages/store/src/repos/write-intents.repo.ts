import type { ConnectionScope, Direction, WriteIntent, WriteIntentsPort } from '@sluice/engine';
import type { Collection, Db, Filter } from 'mongodb';
import { COLLECTIONS } from '../collection-names';
import { packLinkValues, unpackLinkValues } from './link-values.codec';
import { scopeFilter } from './scope-filter';

/**
 * A batch in flight. `body` holds the writes and pending links as JSON text: their keys are dotted
 * field paths and app record ids, which are not safe as MongoDB field names. The pending links'
 * values are packed as links pack theirs.
 */
interface IntentDoc {
  workspaceId: string;
  connectionId: string;
  idempotencyKey: string;
  direction: Direction;
  side: WriteIntent['side'];
  runId: string;
  createdAt: number;
  body: string;
}

function toIntent(doc: IntentDoc): WriteIntent {
  const body = JSON.parse(doc.body) as Pick<WriteIntent, 'writes' | 'pending'>;
  for (const ref in body.pending) {
    const p = body.pending[ref]!;
    p.values = unpackLinkValues(p.values);
  }
  return { idempotencyKey: doc.idempotencyKey, direction: doc.direction, side: doc.side, runId: doc.runId, createdAt: doc.createdAt, writes: body.writes, pending: body.pending };
}

/** The pending links' values as links store them: a value both sides will share, once. */
function packPending(pending: WriteIntent['pending']): WriteIntent['pending'] {
  const packed: WriteIntent['pending'] = {};
  for (const ref in pending) {
    const p = pending[ref]!;
    packed[ref] = { sourceHash: p.sourceHash, values: packLinkValues(p.values) };
  }
  return packed;
}

/** The outbox (`write_intents`), unique (workspaceId, connectionId, idempotencyKey). */
export class WriteIntentsRepo implements WriteIntentsPort {
  private readonly coll: Collection<IntentDoc>;

  constructor(db: Db) {
    this.coll = db.collection<IntentDoc>(COLLECTIONS.writeIntents);
  }

  async add(scope: ConnectionScope, intent: WriteIntent): Promise<void> {
    const base = scopeFilter(scope);
    const doc: IntentDoc = {
      ...base,
      idempotencyKey: intent.idempotencyKey,
      direction: intent.direction,
      side: intent.side,
      runId: intent.runId,
      createdAt: intent.createdAt,
      body: JSON.stringify({ writes: intent.writes, pending: packPending(intent.pending) }),
    };
    // $setOnInsert: an intent already stored under this key stays exactly as it was.
    await this.coll.updateOne({ ...base, idempotencyKey: intent.idempotencyKey }, { $setOnInsert: doc }, { upsert: true });
  }

  async complete(scope: ConnectionScope, idempotencyKey: string): Promise<void> {
    await this.coll.deleteOne({ ...scopeFilter(scope), idempotencyKey });
  }

  async pending(scope: ConnectionScope, direction?: Direction): Promise<WriteIntent[]> {
    const filter: Filter<IntentDoc> = direction === undefined ? scopeFilter(scope) : { ...scopeFilter(scope), direction };
    const docs = await this.coll.find(filter, { projection: { _id: 0 } }).sort({ createdAt: 1 }).toArray();
    return docs.map(toIntent);
  }
}
