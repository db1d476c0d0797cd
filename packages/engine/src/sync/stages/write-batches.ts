import { concatMap, from, reduce, type Observable } from 'rxjs';
import type { Connector, ContactWrite, WriteResult } from '../../ports/connector.port';
import type { Direction, Side } from '../../ports/scope.port';
import type { WriteIntent } from '../../ports/write-intents.port';
import type { InFlightWork } from '../in-flight-work';

/** One app's writes for a page, cut into batches, with the intents of the batches that create. */
export interface PlannedBatches {
  side: Side;
  chunks: { key: string; writes: ContactWrite[] }[];
  /** One per batch with creates, under the batch's idempotency key; stored before any batch is sent. */
  intents: WriteIntent[];
}

/** What one app answered for a page's batches. */
export interface BatchOutcome {
  results: Map<string, WriteResult>;
  /** Intents to complete once links and history of these writes are stored. */
  intentKeys: string[];
}

export interface CutParams {
  side: Side;
  direction: Direction;
  /** The app's most records per call. */
  batchLimit: number;
  /** Batch n's idempotency key is `${keyPrefix}:${side}:${n}`. */
  keyPrefix: string;
  runId: string;
  now: number;
  /** Per create (by write ref): what its link will hold, kept in the intent for a replay. */
  pending: WriteIntent['pending'];
}

/**
 * Characters of writes and pending link values one create batch's intent may hold. The intent is one
 * document, and MongoDB refuses documents over 16 MiB: at up to 3 bytes a character in UTF-8, and
 * a little more for JSON, 2 Mi characters stay well under it.
 */
export const INTENT_CHARS = 2 * 1024 * 1024;

/**
 * About how many characters a value takes as JSON, without building the JSON. Writes and link
 * values are flat maps of scalars and lists, so strings are counted inline (this runs for every
 * create). Pure.
 */
function approxChars(value: unknown): number {
  if (typeof value === 'string') return value.length + 2;
  if (value === null || typeof value !== 'object') return 8;
  let n = 2;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      n += typeof v === 'string' ? v.length + 3 : approxChars(v) + 1;
    }
    return n;
  }
  const map = value as Record<string, unknown>;
  for (const k in map) {
    const v = map[k];
    n += k.length + 4 + (typeof v === 'string' ? v.length + 2 : approxChars(v));
  }
  return n;
}

/**
 * Cuts one app's writes into batches of its `batchLimit`, creates first, and writes the intent of
 * each batch with creates, so a crash between the call and the links being stored is repaired by
 * replaying them (see `recoverIntents`). Creates and updates go in separate batches: only creates
 * need an intent (an update lost in a crash is simply redone when its page is read again, but a
 * create whose answer was lost must be found again, not repeated), and the whole batch is kept in
 * the intent since apps may derive created ids from the batch as it was sent. A create batch also
 * ends before its intent would pass `INTENT_CHARS` (screening caps a record at a million characters,
 * so one record always fits). Pure.
 */
export function cutBatches(writes: readonly ContactWrite[], p: CutParams): PlannedBatches {
  const planned: PlannedBatches = { side: p.side, chunks: [], intents: [] };
  if (writes.length === 0) return planned;
  const limit = Math.max(1, p.batchLimit);
  const ordered = writes.filter((w) => w.id === undefined);
  const createCount = ordered.length;
  for (const w of writes) if (w.id !== undefined) ordered.push(w);
  for (let i = 0, n = 0; i < ordered.length; n++) {
    // A chunk never mixes creates and updates: it ends at the limit or where the creates end.
    let end = i < createCount ? Math.min(i + limit, createCount) : Math.min(i + limit, ordered.length);
    if (i < createCount) {
      let chars = 0;
      for (let j = i; j < end; j++) {
        const w = ordered[j]!;
        chars += approxChars(w.fields) + approxChars(p.pending[w.ref]?.values);
        if (chars > INTENT_CHARS && j > i) {
          end = j;
          break;
        }
      }
    }
    planned.chunks.push({ key: `${p.keyPrefix}:${p.side}:${n}`, writes: ordered.slice(i, end) });
    i = end;
  }
  for (const c of planned.chunks) {
    if (c.writes[0]!.id !== undefined) continue;
    const pending: WriteIntent['pending'] = {};
    for (const w of c.writes) {
      const one = p.pending[w.ref];
      if (one) pending[w.ref] = one;
    }
    planned.intents.push({ idempotencyKey: c.key, direction: p.direction, side: p.side, runId: p.runId, writes: c.writes, pending, createdAt: p.now });
  }
  return planned;
}

/** Sends planned batches to their app, one call at a time and in order (their intents must be stored already). */
export function sendBatches(connector: Connector, planned: PlannedBatches, work: InFlightWork): Observable<BatchOutcome> {
  const seed: BatchOutcome = { results: new Map(), intentKeys: planned.intents.map((i) => i.idempotencyKey) };
  return from(planned.chunks).pipe(
    concatMap((c) => work.run((signal) => connector.upsertBatch(c.writes, c.key, signal))),
    reduce((out, results) => {
      for (const r of results) out.results.set(r.ref, r);
      return out;
    }, seed),
  );
}
