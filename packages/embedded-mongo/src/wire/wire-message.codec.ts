/**
 * Framing of the MongoDB wire protocol: the 16-byte header, OP_MSG (body and document-sequence
 * sections), the legacy OP_QUERY used by the driver's first handshake, and the replies (OP_MSG,
 * OP_REPLY). Pure: bytes in, bytes out.
 */

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_COMPRESSED = 2012;
export const OP_MSG = 2013;

const FLAG_CHECKSUM_PRESENT = 1 << 0;
/** The sender does not wait for a reply (unacknowledged writes). */
export const FLAG_MORE_TO_COME = 1 << 1;

/** One named document sequence (OP_MSG section kind 1), documents kept as raw BSON. */
export interface DocumentSequence {
  identifier: string;
  documents: Buffer[];
}

/** A decoded request. */
export type WireRequest =
  | { opCode: typeof OP_MSG; requestId: number; flags: number; body: Buffer; sequences: DocumentSequence[] }
  | { opCode: typeof OP_QUERY; requestId: number; collection: string; query: Buffer };

/** Length of the next whole message at the start of `buf`, or undefined when the header is incomplete. */
export function peekMessageLength(buf: Buffer): number | undefined {
  return buf.length < 4 ? undefined : buf.readInt32LE(0);
}

function bsonAt(buf: Buffer, offset: number): Buffer {
  const len = buf.readInt32LE(offset);
  if (len < 5 || offset + len > buf.length) throw new Error('malformed BSON document in message');
  return buf.subarray(offset, offset + len);
}

function cstringAt(buf: Buffer, offset: number): { value: string; next: number } {
  const end = buf.indexOf(0, offset);
  if (end < 0) throw new Error('unterminated cstring in message');
  return { value: buf.toString('utf8', offset, end), next: end + 1 };
}

/**
 * Decodes one whole message (header included). Unsupported op codes throw.
 * Returned buffers are views into `msg`; copy them if `msg` is reused.
 */
export function decodeRequest(msg: Buffer): WireRequest {
  const requestId = msg.readInt32LE(4);
  const opCode = msg.readInt32LE(12);
  if (opCode === OP_MSG) {
    const flags = msg.readUInt32LE(16);
    const end = flags & FLAG_CHECKSUM_PRESENT ? msg.length - 4 : msg.length;
    let offset = 20;
    let body: Buffer | undefined;
    const sequences: DocumentSequence[] = [];
    while (offset < end) {
      const kind = msg[offset];
      offset += 1;
      if (kind === 0) {
        body = bsonAt(msg, offset);
        offset += body.length;
      } else if (kind === 1) {
        const size = msg.readInt32LE(offset);
        const sectionEnd = offset + size;
        const id = cstringAt(msg, offset + 4);
        const documents: Buffer[] = [];
        let p = id.next;
        while (p < sectionEnd) {
          const doc = bsonAt(msg, p);
          documents.push(doc);
          p += doc.length;
        }
        sequences.push({ identifier: id.value, documents });
        offset = sectionEnd;
      } else {
        throw new Error(`unknown OP_MSG section kind ${String(kind)}`);
      }
    }
    if (!body) throw new Error('OP_MSG without a body section');
    return { opCode: OP_MSG, requestId, flags, body, sequences };
  }
  if (opCode === OP_QUERY) {
    const name = cstringAt(msg, 20);
    // skip numberToSkip and numberToReturn
    const query = bsonAt(msg, name.next + 8);
    return { opCode: OP_QUERY, requestId, collection: name.value, query };
  }
  throw new Error(`unsupported op code ${opCode}`);
}

function header(length: number, requestId: number, responseTo: number, opCode: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  buf.writeInt32LE(length, 0);
  buf.writeInt32LE(requestId, 4);
  buf.writeInt32LE(responseTo, 8);
  buf.writeInt32LE(opCode, 12);
  return buf;
}

/** An OP_MSG reply with one body section. */
export function encodeMsgReply(requestId: number, responseTo: number, body: Uint8Array): Buffer {
  const buf = header(16 + 4 + 1 + body.length, requestId, responseTo, OP_MSG);
  buf.writeUInt32LE(0, 16);
  buf[20] = 0;
  buf.set(body, 21);
  return buf;
}

/** An OP_REPLY carrying one document (the answer to a legacy OP_QUERY handshake). */
export function encodeOpReply(requestId: number, responseTo: number, doc: Uint8Array): Buffer {
  const buf = header(16 + 20 + doc.length, requestId, responseTo, OP_REPLY);
  buf.writeInt32LE(0, 16); // responseFlags
  buf.writeBigInt64LE(0n, 20); // cursorID
  buf.writeInt32LE(0, 28); // startingFrom
  buf.writeInt32LE(1, 32); // numberReturned
  buf.set(doc, 36);
  return buf;
}
