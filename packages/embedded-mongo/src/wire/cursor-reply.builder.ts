/**
 * Builds `{ cursor: { firstBatch|nextBatch: [...], id, ns }, ok: 1 }` straight from raw BSON
 * documents, so stored documents go back to the client byte for byte (types intact) without a
 * deserialize/serialize round trip. Pure.
 */

function cstring(s: string): Buffer {
  return Buffer.from(`${s}\0`, 'utf8');
}

/**
 * @example
 * buildCursorReply('firstBatch', [rawDoc], 0n, 'app.contacts') // BSON bytes of the reply
 */
export function buildCursorReply(
  batchField: 'firstBatch' | 'nextBatch',
  docs: readonly Uint8Array[],
  cursorId: bigint,
  ns: string,
): Buffer {
  const parts: Uint8Array[] = [];
  let arrayLen = 5;
  const keys: Buffer[] = [];
  for (let i = 0; i < docs.length; i++) {
    const key = cstring(String(i));
    keys.push(key);
    arrayLen += 1 + key.length + docs[i]!.length;
  }
  const batchKey = cstring(batchField);
  const nsBytes = Buffer.from(ns, 'utf8');
  const cursorLen = 4 + (1 + batchKey.length + arrayLen) + (1 + 3 + 8) + (1 + 3 + 4 + nsBytes.length + 1) + 1;
  const totalLen = 4 + (1 + 7 + cursorLen) + (1 + 3 + 8) + 1;

  const head = Buffer.allocUnsafe(4 + 1 + 7 + 4 + 1 + batchKey.length + 4);
  let o = 0;
  o = head.writeInt32LE(totalLen, o);
  head[o++] = 0x03;
  o += head.write('cursor\0', o, 'utf8');
  o = head.writeInt32LE(cursorLen, o);
  head[o++] = 0x04;
  o += batchKey.copy(head, o);
  head.writeInt32LE(arrayLen, o);
  parts.push(head);
  for (let i = 0; i < docs.length; i++) {
    parts.push(Buffer.from([0x03]), keys[i]!, docs[i]!);
  }
  const tail = Buffer.allocUnsafe(1 + 1 + 3 + 8 + 1 + 3 + 4 + nsBytes.length + 1 + 1 + 1 + 3 + 8 + 1);
  o = 0;
  tail[o++] = 0x00; // end of array
  tail[o++] = 0x12;
  o += tail.write('id\0', o, 'utf8');
  o = tail.writeBigInt64LE(cursorId, o);
  tail[o++] = 0x02;
  o += tail.write('ns\0', o, 'utf8');
  o = tail.writeInt32LE(nsBytes.length + 1, o);
  o += nsBytes.copy(tail, o);
  tail[o++] = 0x00;
  tail[o++] = 0x00; // end of cursor document
  tail[o++] = 0x01;
  o += tail.write('ok\0', o, 'utf8');
  o = tail.writeDoubleLE(1, o);
  tail[o++] = 0x00; // end of reply
  parts.push(tail);
  return Buffer.concat(parts, totalLen);
}
