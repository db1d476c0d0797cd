/**
 * insert, update and delete: each command is one SQLite transaction. Per-statement failures
 * (duplicate keys, bad updates) become `writeErrors` entries; an ordered command stops at the
 * first one and keeps what it already wrote, an unordered one carries on — as mongod does.
 */
import { ObjectId } from 'bson';
import { decodeExact } from '../bson/exact-bson.decoder';
import { readFields, valueSize } from '../storage/bson-fields.reader';
import { checkInsertSize, encodeUpdated, sizeBound } from '../storage/document-size';
import { type CommandHandler, type CommandContext, type Doc, wantsJournal } from './command.context';
import { updateStored, upsertDocument } from './apply-update';
import { asCommandError } from './mongo-command.error';

interface WriteError {
  index: number;
  code: number;
  errmsg: string;
  [extra: string]: unknown;
}

function toWriteError(index: number, e: unknown): WriteError {
  const err = asCommandError(e);
  return { index, code: err.code, errmsg: err.message, ...err.extra };
}

function statements(cmd: Doc, ctx: CommandContext, field: string): { docs: Doc[] } {
  const seq = ctx.sequences.get(field);
  if (seq) return { docs: seq.docs ?? seq.raw.map(decodeExact) };
  const inline = cmd[field];
  return { docs: Array.isArray(inline) ? (inline as Doc[]) : [] };
}

function withErrors(reply: Doc, errors: WriteError[]): Doc {
  if (errors.length > 0) reply.writeErrors = errors;
  return reply;
}

/** `_id: ObjectId` element bytes: type 0x07, the name "_id" and its terminating NUL. */
const ID_ELEMENT = Buffer.from([0x07, 0x5f, 0x69, 0x64, 0x00]);

/**
 * A BSON document with an ObjectId `_id` element inserted first: the length prefix grows by the
 * element's 17 bytes, and the original elements follow unchanged. Pure.
 */
export function withLeadingId(bytes: Buffer, id: ObjectId): Buffer {
  const out = Buffer.allocUnsafe(bytes.length + ID_ELEMENT.length + 12);
  out.writeInt32LE(out.length, 0);
  ID_ELEMENT.copy(out, 4);
  out.set(id.id, 4 + ID_ELEMENT.length);
  bytes.copy(out, 4 + ID_ELEMENT.length + 12, 4);
  return out;
}

/**
 * The document with its `_id` element moved first, as MongoDB stores it (a driver that adds the
 * `_id` itself appends it last); the bytes themselves when it already is first. Pure.
 */
export function withIdFirst(bytes: Buffer): Buffer {
  if (bytes.length > 9 && bytes[5] === 0x5f && bytes[6] === 0x69 && bytes[7] === 0x64 && bytes[8] === 0) return bytes;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = bytes.length - 1;
  let pos = 4;
  while (pos < end) {
    const nameEnd = bytes.indexOf(0, pos + 1);
    const next = nameEnd + 1 + valueSize(bytes[pos]!, bytes, nameEnd + 1, view);
    if (nameEnd - pos === 4 && bytes.toString('latin1', pos + 1, nameEnd) === '_id') {
      return Buffer.concat([bytes.subarray(0, 4), bytes.subarray(pos, next), bytes.subarray(4, pos), bytes.subarray(next)], bytes.length);
    }
    pos = next;
  }
  return bytes;
}

const insert: CommandHandler = (cmd, ctx) => {
  const name = String(cmd.insert);
  const seq = ctx.sequences.get('documents');
  const count = seq ? seq.raw.length : 0;
  const ordered = cmd.ordered !== false;
  const errors: WriteError[] = [];
  let n = 0;
  ctx.store.transaction(
    () => {
      const { handle } = ctx.store.ensureCollection(ctx.db, name);
      // Only `_id` and indexed fields are decoded; the bytes are stored as sent.
      const fields = handle.keyFields();
      for (let i = 0; i < count; i++) {
        let bytes = seq!.raw[i]!;
        try {
          checkInsertSize(bytes.length);
          let doc = fields ? readFields(bytes, fields) : decodeExact(bytes);
          if (doc._id === undefined) {
            // The server assigns the _id (a client with forceServerObjectId sends none): put it first
            // in the stored bytes, as MongoDB does, without decoding the rest of the document.
            const id = new ObjectId();
            bytes = withLeadingId(bytes, id);
            doc = { _id: id, ...doc };
          } else {
            bytes = withIdFirst(bytes);
          }
          handle.insert(doc, bytes);
          n++;
        } catch (e) {
          errors.push(toWriteError(i, e));
          if (ordered) break;
        }
      }
    },
    { journal: wantsJournal(cmd) },
  );
  return withErrors({ n, ok: 1 }, errors);
};

const update: CommandHandler = (cmd, ctx) => {
  const name = String(cmd.update);
  const { docs: stmts } = statements(cmd, ctx, 'updates');
  const ordered = cmd.ordered !== false;
  const errors: WriteError[] = [];
  const upserted: Array<{ index: number; _id: unknown }> = [];
  let n = 0;
  let nModified = 0;
  ctx.store.transaction(
    () => {
      for (let i = 0; i < stmts.length; i++) {
        const s = stmts[i]!;
        const q = (s.q ?? {}) as Doc;
        const u = s.u as Doc | Doc[];
        const arrayFilters = s.arrayFilters as Doc[] | undefined;
        try {
          const handle = s.upsert ? ctx.store.ensureCollection(ctx.db, name).handle : ctx.store.collection(ctx.db, name);
          const matches = handle ? handle.find(q, s.multi === true ? 0 : 1) : [];
          for (const m of matches) {
            const next = updateStored(m.raw, u, { arrayFilters, query: q });
            if (next) {
              handle!.replace(m, next, encodeUpdated(next, sizeBound(m.raw.length, u, arrayFilters)));
              nModified++;
            }
          }
          n += matches.length;
          if (matches.length === 0 && s.upsert === true) {
            const doc = upsertDocument(q, u, arrayFilters);
            handle!.insert(doc, encodeUpdated(doc));
            upserted.push({ index: i, _id: doc._id });
            n++;
          }
        } catch (e) {
          errors.push(toWriteError(i, e));
          if (ordered) break;
        }
      }
    },
    { journal: wantsJournal(cmd) },
  );
  const reply: Doc = { n, nModified, ok: 1 };
  if (upserted.length > 0) reply.upserted = upserted;
  return withErrors(reply, errors);
};

const del: CommandHandler = (cmd, ctx) => {
  const name = String(cmd.delete);
  const { docs: stmts } = statements(cmd, ctx, 'deletes');
  const ordered = cmd.ordered !== false;
  const errors: WriteError[] = [];
  let n = 0;
  ctx.store.transaction(
    () => {
      const handle = ctx.store.collection(ctx.db, name);
      if (!handle) return;
      for (let i = 0; i < stmts.length; i++) {
        const s = stmts[i]!;
        try {
          const matches = handle.find((s.q ?? {}) as Doc, Number(s.limit ?? 0) === 1 ? 1 : 0);
          for (const m of matches) handle.remove(m);
          n += matches.length;
        } catch (e) {
          errors.push(toWriteError(i, e));
          if (ordered) break;
        }
      }
    },
    { journal: wantsJournal(cmd) },
  );
  return withErrors({ n, ok: 1 }, errors);
};

export const writeCommands: Record<string, CommandHandler> = { insert, update, delete: del };
