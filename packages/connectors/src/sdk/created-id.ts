import { createHash } from 'node:crypto';

/**
 * The id of a record created by write number `index` (with correlation `ref`) of the batch
 * `idempotencyKey`: a UUID-shaped value derived from them, new for every batch, yet the same when
 * the batch is retried — so a retried batch finds its records already there and creates nothing
 * twice, even when the first attempt died between writing and answering. Pure.
 */
export function createdRecordId(idempotencyKey: string, ref: string, index: number): string {
  const h = createHash('sha256').update(`${idempotencyKey}\u0000${ref}\u0000${index}`).digest('hex');
  // Version nibble 8 ("custom", RFC 9562) and the RFC variant bits.
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
