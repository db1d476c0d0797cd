import { createHash } from 'node:crypto';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The last batch's hash: a batch's records are numbered one after the other. */
let lastBatch = { key: '', hash: '' };

/**
 * The id of a record created by write number `index` (with correlation `ref`) of the batch
 * `idempotencyKey`: a UUID-shaped value derived from them, new for every batch, yet the same when
 * the batch is retried — so a retried batch finds its records already there and creates nothing
 * twice, even when the first attempt died between writing and answering.
 *
 * The first 80 bits come from the batch alone, then the position and 32 bits of the write: the
 * records one batch creates sort together, as the increasing ids most apps hand out do, so the
 * indexes that hold them (links, history) take a batch in a few neighbouring pages rather than one
 * page per record. Pure.
 */
export function createdRecordId(idempotencyKey: string, ref: string, index: number): string {
  if (lastBatch.key !== idempotencyKey) lastBatch = { key: idempotencyKey, hash: sha256(idempotencyKey) };
  const b = lastBatch.hash;
  const w = sha256(`${idempotencyKey}\u0000${ref}\u0000${index}`);
  // Version nibble 8 ("custom", RFC 9562) and the RFC variant bits.
  const variant = ((parseInt(b[16]!, 16) & 0x3) | 0x8).toString(16);
  const position = (index & 0xffff).toString(16).padStart(4, '0');
  return `${b.slice(0, 8)}-${b.slice(8, 12)}-8${b.slice(13, 16)}-${variant}${b.slice(17, 20)}-${position}${w.slice(0, 8)}`;
}
