/**
 * MongoDB's 16 MB document limit (manual: "BSON Document Size",
 * https://www.mongodb.com/docs/manual/reference/limits/#mongodb-limit-BSON-Document-Size): an
 * insert of a larger document fails with code 10334 (BSONObjectTooLarge), an update whose result
 * would be larger with code 17419, and nothing is stored — a document that big could not be read
 * back whole. Encoding guards `bson` too: its `serialize` writes into a 17 MB buffer and silently
 * cuts off anything longer. Pure.
 */
import { calculateObjectSize, serialize } from 'bson';
import { commandError } from '../commands/mongo-command.error';

/** The largest document MongoDB stores: 16 MiB. */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

/** `bson`'s serialization buffer: output up to this size is complete. */
const SERIALIZE_BUFFER_BYTES = 17 * 1024 * 1024;

/** Refuses a document to insert that is over the limit. */
export function checkInsertSize(size: number): void {
  if (size > MAX_DOCUMENT_BYTES) {
    throw commandError('BSONObjectTooLarge', `object to insert too large. size in bytes: ${size}, max size: ${MAX_DOCUMENT_BYTES}`);
  }
}

function tooLargeAfterUpdate(): Error {
  return commandError('Location17419', `Resulting document after update is larger than ${MAX_DOCUMENT_BYTES}`);
}

/**
 * The BSON of a document an update produced (or an upsert inserts), refused past the limit.
 * @param atMost an upper bound of its size when the caller knows one (then no sizing walk is
 *   needed unless the bound passes bson's buffer); unknown: the document is measured first.
 */
export function encodeUpdated(doc: Record<string, unknown>, atMost = Infinity): Buffer {
  if (atMost > SERIALIZE_BUFFER_BYTES && calculateObjectSize(doc) > MAX_DOCUMENT_BYTES) throw tooLargeAfterUpdate();
  const bytes = Buffer.from(serialize(doc));
  if (bytes.length > MAX_DOCUMENT_BYTES) throw tooLargeAfterUpdate();
  return bytes;
}

/**
 * An upper bound of the size an operator or replacement update can give a document of `before`
 * bytes, or Infinity when it cannot be bounded cheaply (pipelines, `$[]` and `$[id]`, which repeat
 * a value once per array element).
 */
export function sizeBound(before: number, update: Record<string, unknown> | Record<string, unknown>[], arrayFilters?: unknown[]): number {
  if (Array.isArray(update) || (arrayFilters && arrayFilters.length > 0)) return Infinity;
  for (const fields of Object.values(update)) {
    if (typeof fields === 'object' && fields !== null && Object.keys(fields).some((k) => k.includes('$['))) return Infinity;
  }
  // each named value lands once; an Int32 may become an Int64 (+4 bytes) and new fields need parents
  return before + 2 * calculateObjectSize(update) + 1024;
}

/** The BSON of a document a read produces (an aggregation's output), refused past the limit as mongod does. */
export function encodeResult(doc: Record<string, unknown>): Buffer {
  const size = calculateObjectSize(doc);
  if (size > MAX_DOCUMENT_BYTES) {
    throw commandError('BSONObjectTooLarge', `BSONObj size: ${size} (0x${size.toString(16).toUpperCase()}) is invalid. Size must be between 0 and 16793600(16MB)`);
  }
  return Buffer.from(serialize(doc));
}
